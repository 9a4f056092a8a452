package org.hotline.seat.metrics;

/** Hears how long each seat-manager operation took; the default hears nothing. */
public interface DecisionRecorder {

  DecisionRecorder NONE = (operation, nanos, offers, refused) -> {};

  /**
   * @param operation the operation's name (enqueue, ready, tick, ...)
   * @param nanos round trip of its script, caller to reply
   * @param offers how many calls it assigned
   * @param refused whether it was refused with a domain error
   */
  void record(String operation, long nanos, int offers, boolean refused);
}
