package org.hotline.gateway.switchboard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.handover.CallMover;
import org.hotline.gateway.handover.OpenSessions;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.Offer;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.support.async.AsyncFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs seat-manager operations and carries out what they decide. An offer is handed over by the
 * call's FastAGI session when one is open here; otherwise the {@link CallMover} rings the seat by
 * AMI as soon as a Redirect can land safely. A call withdrawn from a seat without a new offer is
 * pulled back to hold. All of it on one Vert.x context; nothing here blocks.
 */
public final class Switchboard {

  private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Context context;
  private final SeatManager seats;
  private final SeatManagerConfig seatConfig;
  private final GatewayConfig config;
  private final CallDirectory directory;
  private final CallMover mover;
  private final OpenSessions sessions;
  private final List<CallObserver> observers = new CopyOnWriteArrayList<>();

  public Switchboard(
      Context context,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      GatewayConfig config,
      CallDirectory directory,
      CallMover mover,
      OpenSessions sessions) {
    this.context = context;
    this.seats = seats;
    this.seatConfig = seatConfig;
    this.config = config;
    this.directory = directory;
    this.mover = mover;
    this.sessions = sessions;
  }

  public Context context() {
    return context;
  }

  public OpenSessions sessions() {
    return sessions;
  }

  public void observe(CallObserver observer) {
    observers.add(observer);
  }

  public io.vertx.core.Vertx vertx() {
    return context.owner();
  }

  public SeatManager seats() {
    return seats;
  }

  public CallDirectory directory() {
    return directory;
  }

  public GatewayConfig config() {
    return config;
  }

  public SeatManagerConfig seatConfig() {
    return seatConfig;
  }

  /** Runs an operation, carries out its decision, and returns it. Refusals fail the future. */
  public Future<Decision> run(CompletionStage<Decision> operation) {
    return Future.fromCompletionStage(operation, context).onSuccess(this::carryOut);
  }

  /**
   * For operations caused by channel events: duplicated and reordered events are normal (every
   * gateway instance sees every event), so a refusal is logged quietly, not raised.
   */
  public Future<Optional<Decision>> runQuietly(String what, CompletionStage<Decision> operation) {
    return run(operation)
        .map(Optional::of)
        .recover(
            failure -> {
              Throwable e = AsyncFailures.cause(failure);
              if (e instanceof SeatManagerException refused) {
                LOG.debug("{}: {}", what, refused.getMessage());
              } else {
                LOG.warn("{} failed: {}", what, e.toString());
              }
              return Future.succeededFuture(Optional.empty());
            });
  }

  /** Queues a call; the caller of this carries out the decision (after its AGI session ends). */
  public Future<Decision> enqueue(CallRecord record, RoutingRequest request) {
    return directory
        .put(record)
        .compose(v -> Future.fromCompletionStage(seats.enqueue(request), context))
        .onSuccess(d -> observers.forEach(o -> o.entered(record.callId(), request.queueId())));
  }

  public void carryOut(Decision decision) {
    if (io.vertx.core.Vertx.currentContext() != context) {
      context.runOnContext(v -> carryOut(decision)); // the mover lives on this context
      return;
    }
    for (Offer offer : decision.offers()) {
      connect(offer);
    }
    for (String withdrawn : decision.withdrawn()) {
      if (decision.offers().stream().noneMatch(o -> o.callId().equals(withdrawn))) {
        pullBack(withdrawn);
      }
    }
    for (String late : decision.maxWaitReached()) {
      LOG.warn("call {} has waited longer than its queue's maximum", late);
      observers.forEach(o -> o.maxWaitReached(late));
    }
  }

  /**
   * Asks a caller past their queue's maximum wait whether they want a callback, if they wait in
   * hold now; otherwise (being connected, or between applications) they simply keep their place.
   */
  public Future<Boolean> offerCallback(String callId) {
    if (io.vertx.core.Vertx.currentContext() != context) {
      return Future.<Boolean>future(
          p -> context.runOnContext(v -> offerCallback(callId).onComplete(p)));
    }
    return directory
        .get(callId)
        .compose(r -> r.isPresent() ? mover.offerCallback(r.get()) : Future.succeededFuture(false));
  }

  /**
   * Rings the seat of an offer made earlier that never reached the exchange (found by the
   * reconciler): the offer is not announced again.
   */
  public void recarry(String callId, String agentId, String seatId, String queueId) {
    context.runOnContext(v -> ring(new Offer(callId, agentId, seatId, queueId), true));
  }

  private void connect(Offer offer) {
    observers.forEach(o -> o.offered(offer));
    ring(offer, false);
  }

  /**
   * @param claimed whether this instance has claimed the ring already (the reconciler does)
   */
  private void ring(Offer offer, boolean claimed) {
    Optional<Seat> seat = seatConfig.seat(offer.seatId());
    if (seat.isEmpty()) {
      LOG.error("offer of {} to unknown seat {}", offer.callId(), offer.seatId());
      return;
    }
    if (sessions.willHandOver(offer.callId())) {
      return; // the call's AGI session here reads this offer before it ends and hands it over
    }
    directory
        .get(offer.callId())
        .compose(
            record -> {
              if (record.isEmpty()) {
                return Future.failedFuture(new Telephony.ChannelGoneException(offer.callId()));
              }
              return mover.connect(record.get(), offer.seatId(), seat.get().device(), claimed);
            })
        .onFailure(
            e -> {
              if (e instanceof Telephony.ChannelGoneException) {
                LOG.info(
                    "call {} is gone before it could ring at seat {}",
                    offer.callId(),
                    offer.seatId());
                hangUp(offer.callId());
              } else {
                // the offer times out in the seat manager and the call goes back to its line
                LOG.error(
                    "could not ring seat {} for call {}: {}",
                    offer.seatId(),
                    offer.callId(),
                    e.toString());
              }
            });
  }

  /**
   * The recording's file name (without extension) for a call entering now, empty when calls are not
   * recorded: {@code <prefix>/<yyyyMMdd>/<server>-<uniqueid>}. It is stored with the call, so the
   * case can point to it.
   */
  public String recordingName(String callId, java.time.Instant enteredAt) {
    if (config.recordingPrefix().isEmpty()) {
      return "";
    }
    String day = LocalDate.ofInstant(enteredAt, seatConfig.zone()).format(DAY);
    return config.recordingPrefix() + "/" + day + "/" + callId.replace(':', '-');
  }

  private void pullBack(String callId) {
    directory
        .get(callId)
        .compose(r -> r.isPresent() ? mover.pullBack(r.get()) : Future.<Void>succeededFuture())
        .onFailure(e -> LOG.info("could not pull call {} back to hold: {}", callId, e.toString()));
  }

  /**
   * Tells the observers that {@code by} handed the call on (a transfer the gateway carried out).
   */
  public void handedOn(String callId, String by, String note) {
    observers.forEach(o -> o.handedOn(callId, by, note));
  }

  // ---- operations caused by the exchange ----

  /** {@code seatId} answered ({@code ""} when unknown). */
  public void answered(String callId, String seatId) {
    runQuietly("answered " + callId, seats.answered(callId, seatId))
        .onSuccess(d -> d.ifPresent(x -> observers.forEach(o -> o.answered(callId))));
  }

  /**
   * The dial to {@code seatId} ({@code ""} when unknown) failed with Asterisk's DIALSTATUS.
   * NOANSWER and BUSY pause the agent as not answering; a device that could not be reached at all
   * (CHANUNAVAIL, CONGESTION) pauses them with a technical problem.
   */
  public Future<Optional<Decision>> dialFailed(String callId, String seatId, String dialStatus) {
    String how = dialStatus.toLowerCase(java.util.Locale.ROOT);
    boolean unreachable = !dialStatus.equals("NOANSWER") && !dialStatus.equals("BUSY");
    String reason = unreachable ? "technical" : org.hotline.seat.config.PauseReason.NO_ANSWER;
    return runQuietly("ring-no-answer " + callId, seats.ringNoAnswer(callId, seatId, reason, how));
  }

  public void hold(String callId, boolean onHold) {
    runQuietly("hold " + callId, seats.hold(callId, onHold));
  }

  public Future<Optional<Decision>> hangUp(String callId) {
    return runQuietly("hang-up " + callId, seats.hangUp(callId))
        .onSuccess(
            d ->
                d.ifPresent(
                    decision -> {
                      if (!decision.outcome().equals("already-ended")) {
                        directory.forget(callId);
                        observers.forEach(o -> o.ended(callId, decision.outcome()));
                      }
                    }));
  }

  /** Runs the seat manager's timers and carries out what they decide. */
  public void tick() {
    runQuietly("tick", seats.tick());
  }

  /** For tests and the demo: run something on the switchboard's context. */
  public void onContext(Consumer<Switchboard> action) {
    context.runOnContext(v -> action.accept(this));
  }
}
