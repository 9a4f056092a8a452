package org.hotline.cases.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hotline.support.phone.PhoneMask;

/**
 * What the gateway knows of one call, in the form the case bridge takes it. The gateway fills it
 * from the PBX and the seat manager and sends it at each event: answered, ended, abandoned.
 *
 * @param callId the call's id, unique per PBX (Asterisk's uniqueid of the inbound channel)
 * @param server the PBX that carried the call (call ids are unique per server)
 * @param linkedId Asterisk's linkedid, tying the call's channels together
 * @param callerNumber the caller id as the PBX gave it; {@link PhoneNumbers} decides if it is one
 * @param callerName the caller's name when the PBX or the agent knows it
 * @param queueId the queue the call waited in
 * @param agentId the agent who answered, once answered
 * @param seatId the seat the call was answered at
 * @param official a guest official who took the call, with their callback number
 * @param enteredAt when the call entered our queue (IVR time excluded)
 * @param answeredAt when an agent answered
 * @param endedAt when the call ended
 * @param recording where the recording is, when one is kept
 * @param language the language of the call ({@code zh}, {@code en}, ...)
 */
public record CallFacts(
    String callId,
    String server,
    String linkedId,
    String callerNumber,
    Optional<String> callerName,
    String queueId,
    Optional<String> agentId,
    Optional<String> seatId,
    Optional<GuestOfficial> official,
    Instant enteredAt,
    Optional<Instant> answeredAt,
    Optional<Instant> endedAt,
    Optional<String> recording,
    String language) {

  /** Ids of calls, servers, queues, agents and seats: short, printable, no separators of ours. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/-]{1,64}");

  public CallFacts {
    requireId(callId, "callId");
    requireId(server, "server");
    linkedId = linkedId == null || linkedId.isEmpty() ? callId : linkedId;
    requireId(linkedId, "linkedId");
    Objects.requireNonNull(callerNumber, "callerNumber");
    callerName = callerName == null ? Optional.empty() : callerName;
    requireId(queueId, "queueId");
    agentId = agentId == null ? Optional.empty() : agentId;
    agentId.ifPresent(a -> requireId(a, "agentId"));
    seatId = seatId == null ? Optional.empty() : seatId;
    seatId.ifPresent(s -> requireId(s, "seatId"));
    official = official == null ? Optional.empty() : official;
    Objects.requireNonNull(enteredAt, "enteredAt");
    answeredAt = answeredAt == null ? Optional.empty() : answeredAt;
    endedAt = endedAt == null ? Optional.empty() : endedAt;
    recording = recording == null ? Optional.empty() : recording;
    language = language == null || language.isEmpty() ? "zh" : language;
  }

  /**
   * A call that has just entered the queue: the rest is filled in with the {@code with} methods.
   */
  public static CallFacts entered(
      String callId, String server, String callerNumber, String queueId, Instant enteredAt) {
    return new CallFacts(
        callId,
        server,
        callId,
        callerNumber,
        Optional.empty(),
        queueId,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        enteredAt,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "zh");
  }

  public CallFacts answered(String agent, String seat, Instant at) {
    return new CallFacts(
        callId,
        server,
        linkedId,
        callerNumber,
        callerName,
        queueId,
        Optional.of(agent),
        Optional.of(seat),
        official,
        enteredAt,
        Optional.of(at),
        endedAt,
        recording,
        language);
  }

  public CallFacts ended(Instant at) {
    return new CallFacts(
        callId,
        server,
        linkedId,
        callerNumber,
        callerName,
        queueId,
        agentId,
        seatId,
        official,
        enteredAt,
        answeredAt,
        Optional.of(at),
        recording,
        language);
  }

  public CallFacts withOfficial(GuestOfficial guest) {
    return new CallFacts(
        callId,
        server,
        linkedId,
        callerNumber,
        callerName,
        queueId,
        agentId,
        seatId,
        Optional.of(guest),
        enteredAt,
        answeredAt,
        endedAt,
        recording,
        language);
  }

  public CallFacts withCallerName(String name) {
    return new CallFacts(
        callId,
        server,
        linkedId,
        callerNumber,
        Optional.of(name),
        queueId,
        agentId,
        seatId,
        official,
        enteredAt,
        answeredAt,
        endedAt,
        recording,
        language);
  }

  /** Entering the queue to the answer; zero before the answer. */
  public Duration waitTime() {
    return answeredAt.map(a -> Duration.between(enteredAt, a)).orElse(Duration.ZERO);
  }

  /** The answer to the end; zero before either. */
  public Duration talkTime() {
    if (answeredAt.isEmpty() || endedAt.isEmpty()) {
      return Duration.ZERO;
    }
    return Duration.between(answeredAt.get(), endedAt.get());
  }

  private static void requireId(String value, String name) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(name + " is not a valid id: " + value);
    }
  }

  @Override
  public String toString() {
    return "CallFacts[" + callId + "@" + server + " from " + PhoneMask.mask(callerNumber) + "]";
  }
}
