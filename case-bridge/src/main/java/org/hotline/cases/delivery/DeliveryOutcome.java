package org.hotline.cases.delivery;

import java.util.Optional;

/** What the target made of a delivery. */
public sealed interface DeliveryOutcome {

  /**
   * Taken.
   *
   * @param reference the target's id for it (Open311 {@code service_request_id} or {@code token})
   */
  record Delivered(Optional<String> reference) implements DeliveryOutcome {}

  /**
   * Not taken.
   *
   * @param permanent retrying cannot help (a refused key, an unknown service): dead-letter at once
   */
  record Failed(String reason, boolean permanent) implements DeliveryOutcome {
    public Failed {
      reason = reason.length() > 300 ? reason.substring(0, 300) : reason;
    }
  }
}
