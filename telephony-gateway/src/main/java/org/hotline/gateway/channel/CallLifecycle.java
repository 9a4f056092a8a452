package org.hotline.gateway.channel;

import java.time.Instant;
import java.util.List;

/**
 * One call's life on an exchange, from its first leg to its last hang-up: every leg (keyed by
 * Uniqueid) of the call (keyed by Linkedid), every dial and its outcome, whether it was bridged,
 * holds and transfers.
 */
public record CallLifecycle(
    String server,
    String linkedId,
    Instant started,
    Instant ended,
    List<Leg> legs,
    List<Dial> dials,
    boolean bridged,
    int holds,
    int transfers) {

  public CallLifecycle {
    legs = List.copyOf(legs);
    dials = List.copyOf(dials);
  }

  /**
   * @param cause the Q.850 hang-up cause (16 normal clearing)
   * @param requestedHangup whether this leg asked for the hang-up (who hung up first)
   */
  public record Leg(
      String uniqueId,
      String channel,
      Instant created,
      Instant hungUp,
      int cause,
      boolean bridged,
      boolean requestedHangup) {}

  /** A dial from one leg to another; {@code status} is empty while it rang when the call ended. */
  public record Dial(String fromUniqueId, String toUniqueId, String destination, String status) {}
}
