package org.hotline.gateway.record;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.support.phone.PhoneMask;

/**
 * One call as the city keeps it.
 *
 * @param callId {@code server:uniqueid} of the caller's leg
 * @param callerNumber as the exchange gave it (never logged unmasked)
 * @param caller the normalised number the caller history is keyed by, when it is one
 * @param outcome answered, abandoned, short_abandoned, ivr (hung up before queueing), dropped
 * @param hangupBy caller, agent, exchange or unknown
 * @param recordedBy lifecycle or sweep
 */
public record CallDetail(
    String server,
    String callId,
    Instant enteredAt,
    String linkedId,
    String callerNumber,
    Optional<String> caller,
    Optional<String> dialled,
    Optional<String> line,
    Optional<String> ivrChoice,
    List<String> queues,
    Optional<Instant> queuedAt,
    Optional<Instant> answeredAt,
    Optional<String> agentId,
    Optional<String> seatId,
    Instant endedAt,
    String outcome,
    String hangupBy,
    Optional<Integer> hangupCause,
    Optional<Integer> waitSeconds,
    Optional<Integer> talkSeconds,
    Optional<Integer> holdSeconds,
    int holds,
    int transfers,
    Optional<String> recording,
    Optional<String> endingNote,
    String recordedBy) {

  public static final String LIFECYCLE = "lifecycle";
  public static final String SWEEP = "sweep";

  public CallDetail {
    queues = List.copyOf(queues);
  }

  /** Never the caller's number in full: records end up in logs. */
  @Override
  public String toString() {
    return "CallDetail[" + callId + " from " + PhoneMask.mask(callerNumber) + ", " + outcome + "]";
  }
}
