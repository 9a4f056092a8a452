package org.hotline.cases.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A status update from the dispatch system, after its signature was verified.
 *
 * @param updateId the dispatch system's id of this update: applying one id twice changes nothing
 * @param caseId our case id
 * @param kind what the unit reports
 * @param unit the unit that reports it (shown in the history as "by"); a co-unit (协办) names itself
 *     by its unit id as the dispatch payload gave it (e.g. {@code housing}), anything else is the
 *     lead unit
 * @param reason why (required for a return and an extension request), or the unit's note (a
 *     response's or a result's text)
 * @param at when it happened at the unit
 * @param extension for {@link Kind#EXTENSION_REQUESTED}: the deadline the unit asks for
 */
public record StatusUpdate(
    String updateId,
    String caseId,
    Kind kind,
    String unit,
    Optional<String> reason,
    Instant at,
    Optional<Extension> extension) {

  public StatusUpdate {
    Objects.requireNonNull(updateId, "updateId");
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(kind, "kind");
    unit = unit == null ? "" : unit;
    reason = reason == null ? Optional.empty() : reason;
    Objects.requireNonNull(at, "at");
    extension = extension == null ? Optional.empty() : extension;
  }

  /** 延期: a new deadline, or a time added to the current one. */
  public sealed interface Extension {
    Instant deadlineAfter(Instant current);
  }

  /** The deadline asked for. */
  public record Until(Instant deadline) implements Extension {
    public Until {
      Objects.requireNonNull(deadline, "deadline");
    }

    @Override
    public Instant deadlineAfter(Instant current) {
      return deadline;
    }
  }

  /** This much more time than the current deadline gives. */
  public record By(Duration more) implements Extension {
    public By {
      if (more.isNegative() || more.isZero()) {
        throw new IllegalArgumentException("an extension adds time");
      }
    }

    @Override
    public Instant deadlineAfter(Instant current) {
      return current.plus(more);
    }
  }

  /** An update that is not an extension request. */
  public StatusUpdate(
      String updateId, String caseId, Kind kind, String unit, Optional<String> reason, Instant at) {
    this(updateId, caseId, kind, unit, reason, at, Optional.empty());
  }

  /** What the unit reports. */
  public enum Kind {
    ACCEPTED(CaseStatus.ACCEPTED),
    RESOLVED(CaseStatus.RESOLVED),
    RETURNED(CaseStatus.RETURNED),
    /** 反馈: a unit's report on its part (a co-unit's to the lead); moves nothing. */
    RESPONDED(null),
    /** 延期: the unit asks for a later deadline; a supervisor grants or refuses it. */
    EXTENSION_REQUESTED(null);

    private final CaseStatus status;

    Kind(CaseStatus status) {
      this.status = status;
    }

    /** The status the lead unit's report moves the case to. */
    public CaseStatus status() {
      if (status == null) {
        throw new IllegalStateException(this + " moves no case");
      }
      return status;
    }

    /** Whether the lead unit's report of this kind moves the case. */
    public boolean moves() {
      return status != null;
    }

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
