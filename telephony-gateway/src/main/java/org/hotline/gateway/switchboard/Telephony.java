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

  /** The caller's channel no longer exists on the exchange. */
  final class ChannelGoneException extends RuntimeException {
    public ChannelGoneException(String callId) {
      super("the channel of call " + callId + " no longer exists");
    }
  }
}
