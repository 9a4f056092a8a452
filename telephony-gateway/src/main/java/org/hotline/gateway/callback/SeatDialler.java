package org.hotline.gateway.callback;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.gateway.access.AccessRefused;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;

/**
 * An agent calling a resident from their own seat (a callback, a return visit): the seat is paused
 * with the system reason {@code callback} so that no waiting caller is offered to it, then rung,
 * then the resident through the trunk; a refused call, or the call's end, frees the seat again.
 */
public final class SeatDialler {

  /** The states an agent may call out from. */
  public static final Set<AgentState> FREE_TO_DIAL =
      Set.of(AgentState.AVAILABLE, AgentState.PAUSED, AgentState.WRAP_UP);

  private final SeatManager seats;
  private final SeatManagerConfig seatConfig;
  private final Telephony telephony;
  private final String presentedNumber;
  private final Context context;

  public SeatDialler(
      SeatManager seats,
      SeatManagerConfig seatConfig,
      Telephony telephony,
      String presentedNumber,
      Context context) {
    this.seats = seats;
    this.seatConfig = seatConfig;
    this.telephony = telephony;
    this.presentedNumber = presentedNumber;
    this.context = context;
  }

  /** The seat the agent calls from: on duty there with no call at it, else a 409 AGENT_BUSY. */
  public Future<Seat> seatOf(AgentStatus status) {
    Optional<Seat> seat = status.seatId().flatMap(seatConfig::seat);
    if (seat.isEmpty() || !FREE_TO_DIAL.contains(status.state())) {
      return Future.failedFuture(
          AccessRefused.conflict(
              "AGENT_BUSY", "go on duty at a seat, with no call at it, to call out"));
    }
    return Future.succeededFuture(seat.get());
  }

  /**
   * Pauses {@code agentId} (first: no waiting caller may be offered to a seat about to ring out),
   * then rings {@code seat} and the resident with {@code variables} on the call; if the exchange
   * refuses, the seat is free again.
   */
  public Future<Void> ring(
      String agentId, Seat seat, String number, Map<String, String> variables) {
    return Future.fromCompletionStage(seats.pauseForSystem(agentId, PauseReason.CALLBACK), context)
        .compose(
            d ->
                telephony
                    .callOut(seat.device(), number, presentedNumber, variables)
                    .recover(
                        e ->
                            Future.fromCompletionStage(seats.ready(agentId), context)
                                .transform(x -> Future.failedFuture(e))));
  }

  /** After the call: a seat still paused for it is free again; {@code answer} either way. */
  public <T> Future<T> freeSeat(String agentId, T answer) {
    return Future.fromCompletionStage(seats.status(agentId), context)
        .compose(
            s ->
                s instanceof AgentStatus.Paused p && p.reason().equals(PauseReason.CALLBACK)
                    ? Future.fromCompletionStage(seats.ready(agentId), context).map(answer)
                    : Future.succeededFuture(answer));
  }
}
