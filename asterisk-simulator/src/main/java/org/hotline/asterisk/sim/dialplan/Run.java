package org.hotline.asterisk.sim.dialplan;

import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.exchange.Channel;

/**
 * The dialplan thread of one channel: where it is, what blocks it (Wait, hold, Dial, AGI), and
 * whether a hang-up is pending. A Redirect bumps the generation so late callbacks of the old
 * position are ignored.
 */
final class Run {
  /** The current blocking application. */
  interface Blocker {
    /** Stops it: for a Redirect ({@code hangup=false}) or a hang-up. */
    void interrupt(boolean hangup);
  }

  /** Extra work around Answer for a Local ;2 whose ;1 is being originated. */
  interface AnswerHook {
    void beforeAnswer();

    void afterAnswer();
  }

  final Channel channel;
  final Keypad keypad;
  int generation;
  Blocker blocker;
  boolean hangupPending;
  boolean softEmitted;
  boolean finished;
  int hangupCause;
  AnswerHook answerHook;
  boolean mixMonitor;
  boolean everBridged;
  boolean incoming;
  long patienceTimer = -1;

  Run(Channel channel, Keypad keypad) {
    this.channel = channel;
    this.keypad = keypad;
  }
}
