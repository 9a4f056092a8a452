package org.hotline.gateway.switchboard;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.channel.LiveChannel;
import org.hotline.gateway.handover.CallMover;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an AMI (re)connect, and periodically, brings the seat manager's calls into line with the
 * channels the exchange has: nothing missed while disconnected (or while this gateway was down) is
 * replayed, so the exchange's channels are the truth.
 *
 * <ul>
 *   <li>a call whose caller's channel is gone is ended (a waiting caller is removed, a seat on such
 *       a call is freed into wrap-up);
 *   <li>a call ringing at a seat whose caller is in fact bridged to that seat was answered;
 *   <li>a call ringing at a seat whose caller is holding was never connected (the instance that
 *       chose the seat died before it rang): it is rung now, once across instances;
 *   <li>a connected call whose caller is no longer bridged to its seat was handed on: the agent's
 *       part is over;
 *   <li>callers holding in the hold context with no call in the seat manager are adopted (see
 *       {@link Adoption}).
 * </ul>
 */
public final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** An offer older than this whose caller holds was never rung. */
  static final java.time.Duration NEVER_RUNG_AFTER = java.time.Duration.ofSeconds(5);

  private final Switchboard switchboard;
  private final SeatDevices devices;
  private final Adoption adoption;

  public Reconciler(Switchboard switchboard, Adoption adoption) {
    this.switchboard = switchboard;
    this.devices = new SeatDevices(switchboard.seatConfig());
    this.adoption = adoption;
  }

  /** What one pass did. */
  public record Repairs(int ended, int answered, int rung, int handedOn, int adopted) {}

  /**
   * @param liveChannels reads the exchange's channels; called after the seat manager's calls are
   *     read, so every call listed existed before the snapshot
   */
  public Future<Repairs> reconcile(
      String server, java.util.function.Supplier<Future<List<LiveChannel>>> liveChannels) {
    String prefix = server + ":";
    return Future.fromCompletionStage(switchboard.seats().activeCalls(), switchboard.context())
        .compose(
            active ->
                liveChannels.get().compose(channels -> repair(server, prefix, active, channels)));
  }

  private Future<Repairs> repair(
      String server, String prefix, Map<String, CallState> active, List<LiveChannel> channels) {
    Map<String, LiveChannel> byUniqueId = new HashMap<>();
    Map<String, List<LiveChannel>> byBridge = new HashMap<>();
    for (LiveChannel c : channels) {
      byUniqueId.put(c.uniqueId(), c);
      if (!c.bridgeId().isEmpty()) {
        byBridge.computeIfAbsent(c.bridgeId(), b -> new ArrayList<>()).add(c);
      }
    }
    int ended = 0;
    List<Future<String>> repairs = new ArrayList<>();
    for (Map.Entry<String, CallState> call : active.entrySet()) {
      String callId = call.getKey();
      if (!callId.startsWith(prefix)) {
        continue;
      }
      LiveChannel caller = byUniqueId.get(callId.substring(prefix.length()));
      if (caller == null) {
        LOG.info(
            "call {} ({}) has no channel on {} any more: ending it",
            callId,
            call.getValue(),
            server);
        switchboard.hangUp(callId);
        ended++;
      } else if (call.getValue() == CallState.OFFERED || call.getValue() == CallState.CONNECTED) {
        Optional<String> bridgedSeat = seatBridgedWith(caller, byBridge);
        repairs.add(
            Future.fromCompletionStage(switchboard.seats().call(callId), switchboard.context())
                .compose(
                    view ->
                        view.isPresent()
                            ? repairOne(callId, view.get(), caller, bridgedSeat)
                            : Future.succeededFuture("")));
      }
    }
    int endedCalls = ended;
    Future<Integer> adopted = adoption.adopt(server, active.keySet(), channels);
    return Future.join(repairs)
        .transform(r -> adopted)
        .map(
            n -> {
              int answered = 0;
              int rung = 0;
              int handedOn = 0;
              for (Future<String> f : repairs) {
                String what = f.succeeded() ? f.result() : "";
                answered += what.equals("answered") ? 1 : 0;
                rung += what.equals("rung") ? 1 : 0;
                handedOn += what.equals("handed-on") ? 1 : 0;
              }
              return new Repairs(endedCalls, answered, rung, handedOn, n);
            });
  }

  private Future<String> repairOne(
      String callId, CallView view, LiveChannel caller, Optional<String> bridgedSeat) {
    Optional<String> seat = view.seatId();
    if (view.state() == CallState.OFFERED) {
      if (bridgedSeat.isPresent()) {
        LOG.info("call {} was answered at seat {} while we were away", callId, bridgedSeat.get());
        switchboard.answered(callId, bridgedSeat.get());
        return Future.succeededFuture("answered");
      }
      // an offer this old whose caller still holds was never rung: the instance that decided it
      // died (a live one rings a holding caller at once); claimed once across instances, since
      // two Redirects in a row could land between priorities
      boolean stale =
          view.offeredAt()
              .map(t -> t.isBefore(Instant.now().minus(NEVER_RUNG_AFTER)))
              .orElse(false);
      if (seat.isPresent()
          && stale
          && caller.context().equals(switchboard.config().dialplan().holdContext())) {
        return switchboard
            .directory()
            .noteOnce(callId, "rung:" + CallMover.Claims.offerKey(view), "reconcile")
            .map(
                first -> {
                  if (!first) {
                    return "";
                  }
                  LOG.info("call {} is offered to seat {} but holds: ringing it now", callId, seat);
                  switchboard.recarry(
                      callId, view.agentId().orElse(""), seat.get(), view.queueId());
                  return "rung";
                });
      }
      return Future.succeededFuture("");
    }
    boolean withSeat = seat.isPresent() && bridgedSeat.equals(seat);
    boolean bridgedElsewhere = !caller.bridgeId().isEmpty() && !withSeat;
    // not bridged yet while its Dial still runs is an answer in progress, not a hand-over
    boolean backInDialplan =
        caller.bridgeId().isEmpty()
            && switchboard.config().dialplan().contexts().contains(caller.context())
            && !caller.context().equals(switchboard.config().dialplan().connectContext());
    if (bridgedElsewhere || backInDialplan) {
      LOG.info("call {} was handed on from seat {} while we were away", callId, seat.orElse("?"));
      switchboard.hangUp(callId);
      return Future.succeededFuture("handed-on");
    }
    return Future.succeededFuture("");
  }

  /** The seat whose channel shares the caller's bridge, if any. */
  private Optional<String> seatBridgedWith(
      LiveChannel caller, Map<String, List<LiveChannel>> byBridge) {
    if (caller.bridgeId().isEmpty()) {
      return Optional.empty();
    }
    return byBridge.getOrDefault(caller.bridgeId(), List.of()).stream()
        .filter(c -> !c.uniqueId().equals(caller.uniqueId()))
        .sorted(Comparator.comparing(LiveChannel::channel))
        .map(c -> devices.seatOfChannel(c.channel()))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** The call id of a channel on a server. */
  static String callIdOf(LiveChannel c) {
    return CallRecord.callIdOf(c.server(), c.uniqueId());
  }
}
