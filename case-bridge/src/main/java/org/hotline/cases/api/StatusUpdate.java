package org.hotline.cases.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A status update from the dispatch system, after its signature was verified.
 *
 * @param updateId the dispatch system's id of this update: applying one id twice changes nothing
 * @param caseId our case id
 * @param kind accepted, resolved or returned
 * @param unit the unit that reports it (shown in the history as "by")
 * @param reason why (required for a return), or the unit's note
 * @param at when it happened at the unit
 */
public record StatusUpdate(
    String updateId, String caseId, Kind kind, String unit, Optional<String> reason, Instant at) {

  public StatusUpdate {
    Objects.requireNonNull(updateId, "updateId");
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(kind, "kind");
    unit = unit == null ? "" : unit;
    reason = reason == null ? Optional.empty() : reason;
    Objects.requireNonNull(at, "at");
  }

  /** What the unit reports. */
  public enum Kind {
    ACCEPTED(CaseStatus.ACCEPTED),
    RESOLVED(CaseStatus.RESOLVED),
    RETURNED(CaseStatus.RETURNED);

    private final CaseStatus status;

    Kind(CaseStatus status) {
      this.status = status;
    }

    public CaseStatus status() {
      return status;
    }

    public static Optional<Kind> parse(String code) {
      for (Kind k : values()) {
        if (k.name().toLowerCase(Locale.ROOT).equals(code)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }
}
