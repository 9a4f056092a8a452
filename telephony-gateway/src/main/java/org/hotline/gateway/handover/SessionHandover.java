package org.hotline.gateway.handover;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.hotline.gateway.agi.AgiSession;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.config.DialplanNames;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.Offer;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last word of an /incoming or /dialresult session: when the call has an offer, the seat is
 * handed over inside the session (SEAT_DEVICE, SEAT_TIMEOUT, HOTLINE_RECORDING, then
 * HOTLINE_NEXT=connect; the dialplan's GotoIf after the AGI goes to the connect context), so no AMI
 * Redirect ever races the end of the AGI application. Otherwise HOTLINE_NEXT=hold.
 */
public final class SessionHandover {

  private static final Logger LOG = LoggerFactory.getLogger(SessionHandover.class);

  private final OpenSessions sessions;
  private final SeatManager seats;
  private final SeatManagerConfig seatConfig;
  private final DialplanNames dialplan;
  private final Context context;
  private final Counter handedOver;

  public SessionHandover(
      OpenSessions sessions,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      DialplanNames dialplan,
      Context context,
      Counter handedOver) {
    this.sessions = sessions;
    this.seats = seats;
    this.seatConfig = seatConfig;
    this.dialplan = dialplan;
    this.context = context;
    this.handedOver = handedOver;
  }

  /**
   * Ends the session's work for {@code call}: hands over {@code offer} when given, else whatever
   * offer the call has now (another instance, or this one after the session began, may have made
   * one), else sends the caller to hold. The session is marked closed whatever happens.
   */
  public Future<Void> finish(AgiSession session, CallRecord call, Optional<Offer> offer) {
    return finish(session, call, offer, "hold").mapEmpty();
  }

  /**
   * As {@link #finish(AgiSession, CallRecord, Optional)}, with {@code otherwise} as {@code
   * HOTLINE_NEXT} when there is no offer to hand over. Completes with whether an offer was handed
   * over.
   */
  public Future<Boolean> finish(
      AgiSession session, CallRecord call, Optional<Offer> offer, String otherwise) {
    String callId = call.callId();
    sessions.checking(callId);
    Future<Optional<Offer>> current =
        offer.isPresent() ? Future.succeededFuture(offer) : currentOffer(callId);
    return current
        .compose(
            o ->
                o.isPresent()
                    ? handOver(session, call, o.get()).map(true)
                    : session.setVariable("HOTLINE_NEXT", otherwise).map(false))
        .onComplete(r -> sessions.closed(callId));
  }

  private Future<Optional<Offer>> currentOffer(String callId) {
    return Future.fromCompletionStage(seats.call(callId), context)
        .map(
            view ->
                view.filter(v -> v.state() == CallState.OFFERED && v.seatId().isPresent())
                    .map(
                        v ->
                            new Offer(
                                callId, v.agentId().orElse(""), v.seatId().get(), v.queueId())));
  }

  private Future<Void> handOver(AgiSession session, CallRecord call, Offer offer) {
    Optional<Seat> seat = seatConfig.seat(offer.seatId());
    if (seat.isEmpty()) {
      LOG.error("offer of {} to unknown seat {}", call.callId(), offer.seatId());
      return session.setVariable("HOTLINE_NEXT", "hold").mapEmpty();
    }
    // pipelined; Asterisk runs them in order, so HOTLINE_NEXT is set only after the others
    List<Future<?>> steps =
        List.of(
            session.setVariable("SEAT_DEVICE", seat.get().device()),
            session.setVariable(
                "SEAT_TIMEOUT", Long.toString(dialplan.seatRingTimeout().toSeconds())),
            session.setVariable("HOTLINE_RECORDING", call.recording()),
            session.setVariable("HOTLINE_NEXT", "connect"));
    return Future.all(steps)
        .<Void>mapEmpty()
        .onSuccess(
            v -> {
              handedOver.increment();
              LOG.debug(
                  "call {} handed to seat {} in its AGI session", call.callId(), offer.seatId());
            });
  }
}
