package org.hotline.cases.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * 督办: an event on the supervision stream that the wallboard reads. Each case raises each kind once
 * per deadline. No phone numbers, ever.
 *
 * @param streamId the stream entry's id, for reading on after it
 * @param districtId empty for an incomplete draft, which has no jurisdiction yet
 */
public record SupervisionAlert(
    String streamId,
    Kind kind,
    String caseId,
    Instant at,
    Optional<Instant> deadline,
    Optional<String> districtId,
    Optional<String> streetId,
    Optional<String> categoryCode,
    Optional<Urgency> urgency) {

  public enum Kind {
    /** The configured share of the time limit (80% by default) has passed. */
    NEARING_DEADLINE,
    /** The deadline passed without resolution. */
    OVERDUE,
    /** The wrap-up limit passed without a form: an incomplete case for a supervisor. */
    INCOMPLETE;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Kind> parse(String code) {
      for (Kind k : values()) {
        if (k.code().equals(code)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }
}
