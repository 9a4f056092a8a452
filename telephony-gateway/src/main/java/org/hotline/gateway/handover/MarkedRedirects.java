package org.hotline.gateway.handover;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.switchboard.Telephony;

/**
 * The telephony every part of the gateway moves callers with: each Redirect of a caller's channel
 * is first marked on the {@link DialplanPositions} ({@link DialplanPositions#moving}), on their
 * context, so no second move trusts the position the first one is taking the caller away from while
 * AMI has not yet shown where it went. A failed Redirect is unmarked.
 */
public final class MarkedRedirects implements Telephony {

  private final Telephony exchange;
  private final DialplanPositions positions;
  private final Context context;

  /**
   * @param context the context the positions run on
   */
  public MarkedRedirects(Telephony exchange, DialplanPositions positions, Context context) {
    this.exchange = exchange;
    this.positions = positions;
    this.context = context;
  }

  @Override
  public Future<Void> connect(CallRecord call, String device, String recording) {
    return moving(call, () -> exchange.connect(call, device, recording));
  }

  @Override
  public Future<Void> pullBack(CallRecord call) {
    return moving(call, () -> exchange.pullBack(call));
  }

  @Override
  public Future<Void> transfer(CallRecord call, String queueId) {
    return moving(call, () -> exchange.transfer(call, queueId));
  }

  @Override
  public Future<Void> offerCallback(CallRecord call) {
    return moving(call, () -> exchange.offerCallback(call));
  }

  @Override
  public Future<Void> moveToConference(CallRecord call, String seatChannel, String room) {
    return moving(call, () -> exchange.moveToConference(call, seatChannel, room));
  }

  @Override
  public Future<Void> moveToConsult(
      CallRecord call, String seatChannel, String holdRoom, String room) {
    return moving(call, () -> exchange.moveToConsult(call, seatChannel, holdRoom, room));
  }

  private Future<Void> moving(CallRecord call, Supplier<Future<Void>> redirect) {
    if (Vertx.currentContext() != context) {
      Promise<Void> moved = Promise.promise();
      context.runOnContext(v -> moving(call, redirect).onComplete(moved));
      return moved.future();
    }
    positions.moving(call.callId());
    return redirect
        .get()
        .onFailure(e -> context.runOnContext(v -> positions.moveFailed(call.callId())));
  }

  // ---- the rest moves no caller's dialplan ----

  @Override
  public Future<Optional<String>> variable(String server, String channel, String name) {
    return exchange.variable(server, channel, name);
  }

  @Override
  public Future<Void> callOut(
      String device, String number, String callerId, Map<String, String> variables) {
    return exchange.callOut(device, number, callerId, variables);
  }

  @Override
  public Future<Void> callIntoConference(
      String server, String number, String callerId, String room, Map<String, String> variables) {
    return exchange.callIntoConference(server, number, callerId, room, variables);
  }

  @Override
  public Future<Void> moveWithinConference(
      String server, String channel, String exten, String room) {
    return exchange.moveWithinConference(server, channel, exten, room);
  }

  @Override
  public Future<Void> callSeatIntoConference(
      String server, String device, String callerId, String room, Map<String, String> variables) {
    return exchange.callSeatIntoConference(server, device, callerId, room, variables);
  }

  @Override
  public Future<Void> kickFromConference(String server, String room, String channel) {
    return exchange.kickFromConference(server, room, channel);
  }
}
