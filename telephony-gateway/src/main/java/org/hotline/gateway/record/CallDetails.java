package org.hotline.gateway.record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.cases.api.PhoneNumbers;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.channel.CallLifecycle;
import org.hotline.seat.api.CallLeg;
import org.hotline.seat.api.CallView;
import org.hotline.seat.config.SeatManagerConfig;

/**
 * Assembles a call's detail record from up to three sources, any of which may be missing (Redis
 * flushed, a gateway that died before the call's end): the exchange's events at the end, the call's
 * record in Redis (caller, line, menu choice, recording) and the seat manager's view (queue, agent,
 * answered, talk and hold).
 */
final class CallDetails {

  /** The ending note of a call whose end no gateway saw. */
  static final String END_UNSEEN = "end-unseen";

  private final SeatManagerConfig seatConfig;

  CallDetails(SeatManagerConfig seatConfig) {
    this.seatConfig = seatConfig;
  }

  /** What is known about one call when its row is written. */
  record Known(
      String server,
      String callId,
      Optional<CallLifecycle> lifecycle,
      Optional<CallLifecycle.Leg> callerLeg,
      Optional<CallRecord> record,
      Optional<CallView> view,
      Optional<String> ivrChoice,
      Optional<String> endingNote,
      Instant now) {}

  CallDetail assemble(Known k) {
    Optional<CallLifecycle.Leg> leg = k.callerLeg();
    Instant entered =
        k.record()
            .map(CallRecord::enteredAt)
            .or(() -> leg.map(CallLifecycle.Leg::created))
            .or(() -> k.view().map(CallView::enqueuedAt))
            .orElse(k.now());
    Instant ended =
        leg.map(CallLifecycle.Leg::hungUp)
            .or(() -> k.lifecycle().map(CallLifecycle::ended))
            .or(() -> k.view().flatMap(CallView::endedAt))
            .orElse(k.now());
    String number =
        k.record()
            .map(CallRecord::callerNumber)
            .filter(n -> !n.isEmpty())
            .or(() -> leg.map(CallLifecycle.Leg::callerNumber))
            .orElse("");
    // a transferred call: its first queue and first answer, its last agent, every leg's talk
    List<CallLeg> earlier = k.view().map(CallView::earlierLegs).orElse(List.of());
    Optional<Instant> queued = k.view().map(CallView::firstEnqueuedAt);
    Optional<Instant> answered =
        earlier.isEmpty()
            ? k.view().flatMap(CallView::answeredAt)
            : Optional.of(earlier.get(0).answeredAt());
    Optional<String> agent =
        k.view().flatMap(CallView::answeredAt).isPresent()
            ? k.view().flatMap(CallView::agentId)
            : earlier.isEmpty()
                ? Optional.empty()
                : Optional.of(earlier.get(earlier.size() - 1).agentId());
    Optional<String> seat =
        k.view().flatMap(CallView::answeredAt).isPresent()
            ? k.view().flatMap(CallView::seatId)
            : earlier.isEmpty()
                ? Optional.empty()
                : Optional.of(earlier.get(earlier.size() - 1).seatId());
    Duration earlierTalk =
        earlier.stream().map(CallLeg::talk).reduce(Duration.ZERO, Duration::plus);
    List<String> queues = new ArrayList<>();
    earlier.forEach(l -> queues.add(l.queueId()));
    k.view().ifPresent(v -> queues.add(v.queueId()));
    String outcome = outcome(k, answered, queued, ended);
    Optional<Integer> wait = queued.map(q -> seconds(Duration.between(q, answered.orElse(ended))));
    return new CallDetail(
        k.server(),
        k.callId(),
        entered,
        k.lifecycle().map(CallLifecycle::linkedId).orElse(uniqueIdOf(k.callId())),
        number,
        PhoneNumbers.normalize(number),
        k.record().map(CallRecord::dialled).filter(s -> !s.isEmpty()),
        k.record().map(CallRecord::dialled).filter(s -> !s.isEmpty()),
        k.ivrChoice(),
        queues,
        queued,
        answered,
        agent,
        seat,
        ended,
        outcome,
        hangupBy(k.lifecycle(), leg),
        leg.map(CallLifecycle.Leg::cause),
        wait,
        answered.isPresent()
            ? k.view().map(v -> seconds(v.talk().plus(earlierTalk)))
            : Optional.empty(),
        answered.isPresent() ? k.view().map(v -> seconds(v.hold())) : Optional.empty(),
        k.lifecycle().map(CallLifecycle::holds).orElse(0),
        k.lifecycle().map(CallLifecycle::transfers).orElse(0) + earlier.size(),
        // named when the call was queued, made only once a seat answered
        answered.isPresent()
            ? k.record().map(CallRecord::recording).filter(s -> !s.isEmpty())
            : Optional.empty(),
        // no gateway saw this call end: what the seat manager's repair decided is all we know (a
        // call answered and ended while no gateway ran looks abandoned to it)
        k.endingNote()
            .or(() -> k.lifecycle().isEmpty() ? Optional.of(END_UNSEEN) : Optional.empty()),
        k.lifecycle().isPresent() ? CallDetail.LIFECYCLE : CallDetail.SWEEP);
  }

  private String outcome(
      Known k, Optional<Instant> answered, Optional<Instant> queued, Instant ended) {
    if (answered.isPresent()) {
      return "answered";
    }
    if (k.endingNote().filter(n -> n.startsWith("dropped")).isPresent()) {
      return "dropped";
    }
    if (queued.isEmpty()) {
      return "ivr"; // hung up before the menu's answer queued the call (or Redis lost it)
    }
    Duration wait = Duration.between(queued.get(), ended);
    Duration shortAbandon =
        k.view()
            .flatMap(v -> seatConfig.queue(v.queueId()))
            .map(q -> q.shortAbandonThreshold())
            .orElse(Duration.ZERO);
    // not answered: whether the seat manager saw the hang-up or Redis lost it, the caller left
    return wait.compareTo(shortAbandon) < 0 ? "short_abandoned" : "abandoned";
  }

  /** Who hung up first: the caller's leg, another leg (the seat), or the exchange. */
  private static String hangupBy(
      Optional<CallLifecycle> lifecycle, Optional<CallLifecycle.Leg> caller) {
    if (lifecycle.isEmpty() || caller.isEmpty()) {
      return "unknown";
    }
    Optional<CallLifecycle.Leg> first =
        lifecycle.get().legs().stream()
            .filter(CallLifecycle.Leg::requestedHangup)
            .filter(l -> l.hungUp() != null)
            .min((a, b) -> a.hungUp().compareTo(b.hungUp()));
    if (first.isPresent()) {
      return first.get().uniqueId().equals(caller.get().uniqueId()) ? "caller" : "agent";
    }
    return caller.get().hangupBy() == CallLifecycle.HangupBy.EXCHANGE ? "exchange" : "unknown";
  }

  private static String uniqueIdOf(String callId) {
    return callId.substring(callId.indexOf(':') + 1);
  }

  private static int seconds(Duration d) {
    return (int) Math.max(0, Math.round(d.toMillis() / 1000.0));
  }
}
