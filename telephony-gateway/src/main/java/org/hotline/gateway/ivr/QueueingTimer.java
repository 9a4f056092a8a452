package org.hotline.gateway.ivr;

/** Hears how long each call took from its AGI session's start to the queueing decision. */
@FunctionalInterface
public interface QueueingTimer {

  QueueingTimer NONE = (nanos, offeredAtOnce) -> {};

  /**
   * @param nanos AGI session start (environment received) to the seat manager's decision
   * @param offeredAtOnce whether that decision assigned the call to a seat
   */
  void record(long nanos, boolean offeredAtOnce);
}
