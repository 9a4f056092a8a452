package org.hotline.cases.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.hotline.support.phone.PhoneMask;

/**
 * A caller someone should call back: one who hung up while waiting, or who asked for a callback at
 * the queue's maximum wait. Not a case; an answered callback makes one.
 *
 * @param callId the waiting call's id
 * @param callerNumber the number to call, normalised; empty when it was withheld
 * @param queueId the queue the caller waited in
 * @param enteredAt when the caller entered the queue
 * @param abandonedAt when the caller left it
 * @param reason why a callback is owed
 * @param claimedBy the agent who holds it now, while {@code claimedUntil} has not passed
 * @param claimedUntil the end of that claim
 * @param attempts how many times someone has tried
 * @param lastOutcome the last attempt's outcome
 */
public record CallbackCandidate(
    String callId,
    String callerNumber,
    String queueId,
    Instant enteredAt,
    Instant abandonedAt,
    Reason reason,
    Optional<String> claimedBy,
    Optional<Instant> claimedUntil,
    int attempts,
    Optional<CallbackOutcome> lastOutcome) {

  /** Why a callback is owed. */
  public enum Reason {
    ABANDONED,
    REQUESTED;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Reason ofCode(String code) {
      return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public CallbackCandidate {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(reason, "reason");
    claimedBy = claimedBy == null ? Optional.empty() : claimedBy;
    claimedUntil = claimedUntil == null ? Optional.empty() : claimedUntil;
    lastOutcome = lastOutcome == null ? Optional.empty() : lastOutcome;
  }

  /** A caller who hung up waiting, never tried. */
  public CallbackCandidate(
      String callId, String callerNumber, String queueId, Instant enteredAt, Instant abandonedAt) {
    this(
        callId,
        callerNumber,
        queueId,
        enteredAt,
        abandonedAt,
        Reason.ABANDONED,
        Optional.empty(),
        Optional.empty(),
        0,
        Optional.empty());
  }

  /** Who holds it at {@code now}: the claimant while the claim lasts, else nobody. */
  public Optional<String> holder(Instant now) {
    return claimedUntil.map(now::isBefore).orElse(false) ? claimedBy : Optional.empty();
  }

  /** Whether {@code agentId} holds it at {@code now}. */
  public boolean heldBy(String agentId, Instant now) {
    return holder(now).equals(Optional.of(agentId));
  }

  /** Whether {@code agentId} may not take it now: someone else holds an unexpired claim. */
  public boolean claimedByOther(String agentId, Instant now) {
    return holder(now).filter(h -> !h.equals(agentId)).isPresent();
  }

  @Override
  public String toString() {
    return "CallbackCandidate[" + callId + " " + PhoneMask.mask(callerNumber) + "]";
  }
}
