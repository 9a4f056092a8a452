package org.hotline.gateway.handover;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves callers by AMI Redirect only when {@link DialplanPositions} says the Redirect can land
 * safely; otherwise the move waits here until the channel gets there. A waiting connect is dropped
 * when the channel enters the connect context by itself (an AGI session handed the offer over),
 * when the channel is gone, or when it has waited too long (the seat manager's offer time-out then
 * takes the offer back); when it fires, the seat manager must still hold that offer.
 *
 * <p>What waits lives only in this instance's memory, for the offers this instance decided: it is
 * lost with the instance, and the seat manager's offer time-out is the backstop. Runs on the
 * switchboard's context, which also receives the channel events.
 */
public final class CallMover implements DialplanPositions.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(CallMover.class);

  private enum Kind {
    CONNECT,
    PULL_BACK
  }

  /**
   * @param claimed the ring of this offer is this instance's already (the reconciler claimed it)
   */
  private record Waiting(
      Kind kind, CallRecord call, String seatId, String device, Instant since, boolean claimed) {}

  private final DialplanPositions positions;
  private final Telephony telephony;
  private final Function<String, Future<Optional<CallView>>> callLookup;
  private final Claims claims;
  private final Supplier<Instant> now;
  private final Duration maxWait;
  private final Map<String, Waiting> waiting = new HashMap<>();
  private final Counter redirectedAtOnce;
  private final Counter redirectedAfterWaiting;
  private final Counter givenUp;

  /**
   * Rings an offer once across instances: {@code claim(callId, offer)} completes with true for the
   * first to ask. A waiting ring that fires and the reconciler ringing an offer whose instance died
   * must never both send a Redirect: the second would land while the first moves the channel.
   */
  @FunctionalInterface
  public interface Claims {
    Future<Boolean> claim(String callId, String offer);

    /** The key of an offer: its seat and when it was made. */
    static String offerKey(CallView view) {
      return view.seatId().orElse("")
          + ":"
          + view.offeredAt().map(t -> Long.toString(t.toEpochMilli())).orElse("");
    }
  }

  /**
   * @param callLookup the seat manager's view of a call, to check an offer still stands
   * @param claims rings each offer once across instances
   * @param maxWait how long a move may wait for a safe moment before it is given up
   */
  public CallMover(
      DialplanPositions positions,
      Telephony telephony,
      Function<String, Future<Optional<CallView>>> callLookup,
      Claims claims,
      Supplier<Instant> now,
      Duration maxWait,
      MeterRegistry metrics) {
    this.positions = positions;
    this.telephony = telephony;
    this.callLookup = callLookup;
    this.claims = claims;
    this.now = now;
    this.maxWait = maxWait;
    this.redirectedAtOnce = connects(metrics, "redirect");
    this.redirectedAfterWaiting = connects(metrics, "redirect-after-waiting");
    this.givenUp =
        Counter.builder("hotline.moves.given.up")
            .description("moves that never found a safe moment (the offer time-out takes over)")
            .register(metrics);
  }

  public static Counter connects(MeterRegistry metrics, String how) {
    return Counter.builder("hotline.calls.connects")
        .tag("how", how)
        .description("offers carried to the exchange, by how the caller was moved")
        .register(metrics);
  }

  /** Rings {@code device} for the caller now if a Redirect is safe, else as soon as it is. */
  public Future<Void> connect(CallRecord call, String seatId, String device) {
    return connect(call, seatId, device, false);
  }

  /**
   * As {@link #connect(CallRecord, String, String)} for an offer whose ring this instance has
   * claimed already ({@link Claims}).
   */
  public Future<Void> connect(CallRecord call, String seatId, String device, boolean claimed) {
    if (positions.safeToRedirect(call.callId())) {
      waiting.remove(call.callId());
      redirectedAtOnce.increment();
      return telephony.connect(call, device, call.recording());
    }
    waiting.put(call.callId(), new Waiting(Kind.CONNECT, call, seatId, device, now.get(), claimed));
    LOG.debug("call {}: the ring at seat {} waits for a safe moment", call.callId(), seatId);
    return Future.succeededFuture();
  }

  /**
   * Stops a seat ringing and puts the caller back on hold: at once while its Dial rings; when the
   * dialplan is in the connect context before the Dial, once the Dial rings; anywhere else the
   * dialplan brings the caller back to hold by itself.
   */
  public Future<Void> pullBack(CallRecord call) {
    String callId = call.callId();
    Waiting w = waiting.get(callId);
    if (w != null && w.kind() == Kind.CONNECT) {
      waiting.remove(callId); // never rang: nothing to pull back
      return Future.succeededFuture();
    }
    if (positions.ringingSafely(callId)) {
      return telephony.pullBack(call);
    }
    if (positions.connecting(callId)) {
      waiting.put(callId, new Waiting(Kind.PULL_BACK, call, "", "", now.get(), false));
    }
    return Future.succeededFuture();
  }

  /**
   * Takes a caller who waits in hold (and has no ring pending) to the callback offer; only when a
   * Redirect lands safely now, since the offer is worth less than the caller's place in line.
   * Completes with whether the caller was moved.
   */
  public Future<Boolean> offerCallback(CallRecord call) {
    if (waiting.containsKey(call.callId()) || !positions.holdingSafely(call.callId())) {
      return Future.succeededFuture(false);
    }
    return telephony.offerCallback(call).map(true);
  }

  /** Moves waiting now. */
  public int waiting() {
    return waiting.size();
  }

  @Override
  public void becameSafe(String callId) {
    Waiting w = waiting.get(callId);
    if (w == null) {
      return;
    }
    if (w.kind() == Kind.PULL_BACK) {
      if (positions.ringingSafely(callId)) {
        waiting.remove(callId);
        telephony
            .pullBack(w.call())
            .onFailure(e -> LOG.info("could not pull call {} back: {}", callId, e.toString()));
      }
      return;
    }
    waiting.remove(callId);
    callLookup
        .apply(callId)
        .onSuccess(
            view -> {
              boolean stillOffered =
                  view.isPresent()
                      && view.get().state() == CallState.OFFERED
                      && view.get().seatId().orElse("").equals(w.seatId());
              if (!stillOffered) {
                LOG.debug("call {}: the offer at seat {} no longer stands", callId, w.seatId());
                return;
              }
              if (!positions.safeToRedirect(callId)) {
                waiting.putIfAbsent(callId, w); // moved on while we looked: wait again
                return;
              }
              Future<Boolean> mine =
                  w.claimed()
                      ? Future.succeededFuture(true)
                      : claims.claim(callId, Claims.offerKey(view.get()));
              mine.onSuccess(first -> ringClaimed(w, first));
            })
        .onFailure(
            e -> {
              LOG.warn("call {}: could not check its offer ({}); waiting on", callId, e.toString());
              waiting.putIfAbsent(callId, w);
            });
  }

  private void ringClaimed(Waiting w, boolean first) {
    String callId = w.call().callId();
    if (!first) {
      LOG.debug("call {}: its ring at seat {} was carried out elsewhere", callId, w.seatId());
      return;
    }
    if (!positions.safeToRedirect(callId)) {
      LOG.warn(
          "call {} left its safe place while its ring was claimed; left to the time-out", callId);
      return;
    }
    redirectedAfterWaiting.increment();
    telephony
        .connect(w.call(), w.device(), w.call().recording())
        .onFailure(
            e ->
                LOG.error(
                    "could not ring seat {} for call {}: {}", w.seatId(), callId, e.toString()));
  }

  @Override
  public void enteredConnect(String callId) {
    Waiting w = waiting.get(callId);
    if (w != null && w.kind() == Kind.CONNECT) {
      waiting.remove(callId); // an AGI session handed the offer over
    }
  }

  @Override
  public void gone(String callId) {
    waiting.remove(callId);
  }

  /** Gives up moves that waited longer than allowed; called periodically. */
  public void sweep() {
    Instant limit = now.get().minus(maxWait);
    for (Iterator<Map.Entry<String, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
      Waiting w = it.next().getValue();
      if (w.since().isBefore(limit)) {
        it.remove();
        givenUp.increment();
        LOG.warn(
            "call {}: no safe moment to {} in {} s; left to the offer time-out",
            w.call().callId(),
            w.kind() == Kind.CONNECT ? "ring seat " + w.seatId() : "pull it back",
            maxWait.toSeconds());
      }
    }
  }
}
