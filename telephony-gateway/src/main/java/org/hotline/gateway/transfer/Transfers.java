package org.hotline.gateway.transfer;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Optional;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.handover.DialplanPositions;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.SeatManagerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blind transfers. The seat manager decides first, atomically (the holder wraps up, the call is
 * queued again where it goes, perhaps offered at once); then the caller's channel is redirected
 * from its answered Dial back to hold, which hangs the first seat's leg up; an offer the decision
 * made waits in the {@code CallMover} until AMI shows the caller in hold's MusicOnHold, and rings
 * the next seat from there as any offer does. A caller who hangs up meanwhile is an abandon in the
 * new queue; no seat is left holding the call.
 */
public final class Transfers {

  private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);

  private final Switchboard switchboard;
  private final SeatManager seats;
  private final SeatManagerConfig seatConfig;
  private final CallDirectory directory;
  private final DialplanPositions positions;
  private final Telephony telephony;
  private final Context context;

  public Transfers(
      Switchboard switchboard,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      CallDirectory directory,
      DialplanPositions positions,
      Telephony telephony) {
    this.switchboard = switchboard;
    this.seats = seats;
    this.seatConfig = seatConfig;
    this.directory = directory;
    this.positions = positions;
    this.telephony = telephony;
    this.context = switchboard.context();
  }

  /**
   * Hands {@code call} (as the seat manager showed it just now) on to {@code to}. Completes with
   * the seat manager's decision once the caller is on the way to hold.
   */
  public Future<Decision> transfer(CallView call, Transfer to) {
    Optional<QueueConfig> queue = seatConfig.queue(to.queueId());
    if (queue.isEmpty()) {
      return refused(ErrorCode.QUEUE_UNKNOWN, to.queueId());
    }
    if (call.state() != CallState.CONNECTED || call.agentId().isEmpty()) {
      return refused(ErrorCode.CALL_NOT_CONNECTED, call.state().code());
    }
    String holder = call.agentId().get();
    Future<Void> targetKnown =
        to.agentId().isEmpty()
            ? Future.succeededFuture()
            : Future.fromCompletionStage(seats.agent(to.agentId().get()), context)
                .compose(
                    a ->
                        a.isPresent()
                            ? Future.<Void>succeededFuture()
                            : refused(ErrorCode.AGENT_UNKNOWN, to.agentId().get()));
    return targetKnown
        .compose(v -> directory.get(call.callId()))
        .compose(
            record ->
                record.isPresent()
                    ? movable(call.callId()).map(record.get())
                    : refused(ErrorCode.CALL_UNKNOWN, call.callId()))
        .compose(
            record ->
                Future.fromCompletionStage(
                        seats.transfer(
                            call.callId(), holder, request(call, queue.get()), to.agentId()),
                        context)
                    .compose(decision -> move(record, to, decision)))
        .onSuccess(d -> switchboard.handedOn(call.callId(), holder, to.describe(call.queueId())));
  }

  /** The caller is in its answered Dial now, as this instance's AMI shows it. */
  private Future<Void> movable(String callId) {
    Promise<Boolean> talking = Promise.promise();
    context.runOnContext(v -> talking.complete(positions.talkingSafely(callId)));
    return talking
        .future()
        .compose(
            yes ->
                yes
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(
                        new TransferRefused(
                            409,
                            "CALL_NOT_MOVABLE",
                            "the caller is not talking to a seat now; try again")));
  }

  private Future<Decision> move(CallRecord record, Transfer to, Decision decision) {
    return telephony
        .transfer(record, to.queueId())
        .map(decision)
        .onSuccess(d -> switchboard.carryOut(d))
        .recover(
            e -> {
              if (e instanceof Telephony.ChannelGoneException) {
                // the caller hung up as we moved them: an abandon in the new queue, seats freed
                switchboard.hangUp(record.callId());
                return Future.failedFuture(
                    new TransferRefused(409, "CALLER_GONE", "the caller hung up"));
              }
              // the seat manager has moved the call, the exchange has not: the offer's time-out
              // and the caller's hang-up still end it, but say so loudly
              LOG.error(
                  "call {}: transferred in the seat manager, but the caller could not be moved: {}",
                  record.callId(),
                  e.toString());
              switchboard.carryOut(decision);
              return Future.failedFuture(
                  new TransferRefused(
                      502, "EXCHANGE_FAILED", "the exchange did not move the caller"));
            });
  }

  /** The call as it goes on: its priority, district and language (when the new queue speaks it). */
  public static RoutingRequest request(CallView call, QueueConfig queue) {
    return new RoutingRequest(
        call.callId(),
        queue.id(),
        call.priority(),
        queue.languages().contains(call.language())
            ? Optional.of(call.language())
            : Optional.empty(),
        call.district());
  }

  private static <T> Future<T> refused(ErrorCode code, String detail) {
    return Future.failedFuture(new SeatManagerException(code, detail));
  }
}
