package org.hotline.cases.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One case's return visit (回访) as work: when it is due, who holds it, how it went so far.
 *
 * @param callerNumber the resident's normalised number; empty when withheld
 * @param dueAt the next attempt, inside the calling window
 * @param attempts attempts made so far (answered ones included)
 * @param lastOutcome the last attempt's outcome code ({@code answered} or a {@link VisitOutcome})
 */
public record ReturnVisitTask(
    String caseId,
    String callerNumber,
    Instant resolvedAt,
    Instant dueAt,
    int attempts,
    State state,
    Optional<String> claimedBy,
    Optional<Instant> claimedUntil,
    Optional<String> lastOutcome) {

  /** Where a visit is. Only {@link #SCHEDULED} and {@link #CLAIMED} are still to be made. */
  public enum State {
    SCHEDULED,
    CLAIMED,
    DONE,
    UNREACHABLE,
    /** The resident is on the do-not-call list: no visit, the case stays resolved. */
    DNC,
    /** The resident withheld their number: no visit, the case stays resolved. */
    WITHHELD;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static State ofCode(String code) {
      return valueOf(code.toUpperCase(Locale.ROOT));
    }
  }

  /** Whether {@code holder} holds the visit at {@code now}. */
  public boolean heldBy(String holder, Instant now) {
    return state == State.CLAIMED
        && claimedBy.equals(Optional.of(holder))
        && claimedUntil.map(now::isBefore).orElse(false);
  }
}
