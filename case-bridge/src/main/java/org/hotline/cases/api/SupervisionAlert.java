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
 * @param escalatedTo for {@link Kind#ESCALATED}: the level the case was escalated to ({@code
 *     district}, {@code city})
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
    Optional<Urgency> urgency,
    Optional<String> escalatedTo) {

  public SupervisionAlert {
    escalatedTo = escalatedTo == null ? Optional.empty() : escalatedTo;
  }

  /** An alert that is not an escalation. */
  public SupervisionAlert(
      String streamId,
      Kind kind,
      String caseId,
      Instant at,
      Optional<Instant> deadline,
      Optional<String> districtId,
      Optional<String> streetId,
      Optional<String> categoryCode,
      Optional<Urgency> urgency) {
    this(
        streamId,
        kind,
        caseId,
        at,
        deadline,
        districtId,
        streetId,
        categoryCode,
        urgency,
        Optional.empty());
  }

  public enum Kind {
    /** The configured share of the time limit (80% by default) has passed. */
    NEARING_DEADLINE,
    /** The deadline passed without resolution. */
    OVERDUE,
    /** 督办升级: a configured share of the time limit passed after the deadline. */
    ESCALATED,
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
