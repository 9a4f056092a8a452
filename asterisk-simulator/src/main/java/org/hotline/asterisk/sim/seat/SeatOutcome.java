package org.hotline.asterisk.sim.seat;

/** What a seat does when rung, mapped to Dial's DIALSTATUS. */
public enum SeatOutcome {
  /** Rings, then answers after a delay (ANSWER, or NOANSWER if the delay exceeds the timeout). */
  ANSWER,
  /** Rings until the Dial timeout: NOANSWER. */
  NO_ANSWER,
  /** Rejects at once: BUSY (cause 17). */
  BUSY,
  /** The path fails: CONGESTION (cause 34). */
  CONGESTION,
  /** Not registered: no channel at all, CHANUNAVAIL. */
  UNAVAILABLE
}
