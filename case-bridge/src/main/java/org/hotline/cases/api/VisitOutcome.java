package org.hotline.cases.api;

import java.util.Locale;
import java.util.Optional;

/**
 * What a return-visit attempt came to when the resident gave no answers; each is retried until the
 * last allowed attempt. The codes are part of the API.
 */
public enum VisitOutcome {
  NO_ANSWER,
  BUSY,
  /** The exchange could not place the call. */
  FAILED,
  /** The resident picked up but hung up (or said nothing) before answering both questions. */
  INCOMPLETE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<VisitOutcome> ofCode(String code) {
    for (VisitOutcome o : values()) {
      if (o.code().equals(code)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }
}
