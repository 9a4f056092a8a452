package org.hotline.gateway.switchboard;

import io.vertx.core.Future;
import org.hotline.gateway.calls.CallRecord;

/** What the switchboard asks of the exchange. */
public interface Telephony {

  /**
   * Rings the seat's device for the waiting caller (recording from answer when {@code recording} is
   * not empty). Fails with {@link ChannelGoneException} when the caller's channel no longer exists.
   */
  Future<Void> connect(CallRecord call, String device, String recording);

  /** Stops ringing a seat and puts the caller back on hold. */
  Future<Void> pullBack(CallRecord call);

  /**
   * Moves a caller who talks to a seat back to hold, its seat's leg ending, for a transfer to
   * {@code queueId} (noted on the channel as HOTLINE_QUEUE). Fails with {@link
   * ChannelGoneException} when the caller's channel no longer exists.
   */
  default Future<Void> transfer(CallRecord call, String queueId) {
    return pullBack(call);
  }

  /** A channel variable of a channel on {@code server}; empty when unset. */
  default Future<java.util.Optional<String>> variable(String server, String channel, String name) {
    return Future.succeededFuture(java.util.Optional.empty());
  }

  /**
   * A call out of the centre: rings {@code device} (the agent's seat) first and, once the agent
   * picks up, dials {@code number} through the trunk, presenting {@code callerId} to the resident
   * (the dialplan's {@link org.hotline.gateway.config.DialplanNames#CALLBACK_CONTEXT}).
   */
  default Future<Void> callOut(
      String device, String number, String callerId, java.util.Map<String, String> variables) {
    return Future.failedFuture(new UnsupportedOperationException("no calls out"));
  }

  /**
   * A return visit (回访): rings {@code number} through the trunk for {@code ring}, presenting {@code
   * callerId}; once the resident answers, the call runs {@link
   * org.hotline.gateway.config.DialplanNames#VISIT_CONTEXT} with {@code variables} set. Completes
   * when the exchange has queued the call (not when it is answered).
   */
  default Future<Void> callResident(
      String number,
      String callerId,
      java.util.Map<String, String> variables,
      java.time.Duration ring) {
    return Future.failedFuture(new UnsupportedOperationException("no return visits"));
  }

  /**
   * Takes a waiting caller from hold to be asked whether they want a callback ({@link
   * org.hotline.gateway.config.DialplanNames#CALLBACK_OFFER_CONTEXT}).
   */
  default Future<Void> offerCallback(CallRecord call) {
    return Future.failedFuture(new UnsupportedOperationException("no callback offers"));
  }

  /**
   * Moves a caller who talks to a seat, together with the seat's leg {@code seatChannel}, into the
   * conference {@code room} ({@link org.hotline.gateway.config.DialplanNames#CONFERENCE_CONTEXT}).
   * Asked only while the caller is in its answered Dial. Fails with {@link ChannelGoneException}
   * when a channel no longer exists.
   */
  default Future<Void> moveToConference(CallRecord call, String seatChannel, String room) {
    return Future.failedFuture(new UnsupportedOperationException("no conferences"));
  }

  /**
   * Rings {@code number} through the trunk, presenting {@code callerId}, and puts it into the
   * conference {@code room} once answered.
   */
  default Future<Void> callIntoConference(
      String server,
      String number,
      String callerId,
      String room,
      java.util.Map<String, String> variables) {
    return Future.failedFuture(new UnsupportedOperationException("no conferences"));
  }

  /**
   * For a consultation: moves a caller who talks to a seat into the holding room {@code holdRoom}
   * (alone, with music) and the seat's leg {@code seatChannel} into the conference {@code room},
   * with one Redirect as {@link #moveToConference}.
   */
  default Future<Void> moveToConsult(
      CallRecord call, String seatChannel, String holdRoom, String room) {
    return Future.failedFuture(new UnsupportedOperationException("no consultations"));
  }

  /**
   * Moves a channel that AMI has shown inside a ConfBridge of {@link
   * org.hotline.gateway.config.DialplanNames#CONFERENCE_CONTEXT} to its extension {@code exten}
   * (caller: into {@code room}; held: into the holding room {@code room}).
   */
  default Future<Void> moveWithinConference(
      String server, String channel, String exten, String room) {
    return Future.failedFuture(new UnsupportedOperationException("no conferences"));
  }

  /**
   * Rings a seat's own device ({@code PJSIP/seatNNN}), showing {@code callerId}, and puts it into
   * the conference {@code room} as the consulted supervisor once answered.
   */
  default Future<Void> callSeatIntoConference(
      String server,
      String device,
      String callerId,
      String room,
      java.util.Map<String, String> variables) {
    return Future.failedFuture(new UnsupportedOperationException("no conferences"));
  }

  /** Takes {@code channel} out of the conference {@code room} (its leg then hangs up). */
  default Future<Void> kickFromConference(String server, String room, String channel) {
    return Future.failedFuture(new UnsupportedOperationException("no conferences"));
  }

  /**
   * Rings a supervisor's own seat {@code device}, showing {@code callerId}, and once answered runs
   * ChanSpy there ({@link org.hotline.gateway.config.DialplanNames#SPY_CONTEXT}) with {@code
   * variables}; the new channel's Uniqueid is {@code channelId}.
   */
  default Future<Void> spyOn(
      String server,
      String device,
      String callerId,
      String channelId,
      java.util.Map<String, String> variables) {
    return Future.failedFuture(new UnsupportedOperationException("no monitoring"));
  }

  /** Hangs {@code channel} up (AMI Hangup). */
  default Future<Void> hangUpChannel(String server, String channel) {
    return Future.failedFuture(new UnsupportedOperationException("no hang-ups"));
  }

  /** The caller's channel no longer exists on the exchange. */
  final class ChannelGoneException extends RuntimeException {
    public ChannelGoneException(String callId) {
      super("the channel of call " + callId + " no longer exists");
    }
  }
}
