package org.hotline.gateway.switchboard;

import org.hotline.seat.api.Offer;

/** Hears what happens to calls (the screen pop, the case bridge and the demo listen here). */
public interface CallObserver {

  /** A call was queued (after the IVR). */
  default void entered(String callId, String queueId) {}

  /** A call started ringing at a seat. */
  default void offered(Offer offer) {}

  /** The seat answered. */
  default void answered(String callId) {}

  /**
   * The agent {@code by} handed the call on (a transfer); {@code note} says where to, in words for
   * the case's history.
   */
  default void handedOn(String callId, String by, String note) {}

  /** The call ended: {@code outcome} is finished, abandoned or short-abandon. */
  default void ended(String callId, String outcome) {}

  /** The call has waited longer than its queue's maximum. */
  default void maxWaitReached(String callId) {}
}
