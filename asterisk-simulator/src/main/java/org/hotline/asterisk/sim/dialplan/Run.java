package org.hotline.asterisk.sim.dialplan;

import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.exchange.Channel;

/**
 * The dialplan thread of one channel: where it goes next, what blocks it (Wait, MusicOnHold, Dial,
 * AGI), whether it is between two applications (the window in which a Redirect races the dialplan
 * loop), a Redirect waiting for the current application to return, and the hang-up state.
 */
final class Run {
  /** The current blocking application. */
  interface Blocker {
    /**
     * Stops the application. For a hang-up ({@code true}) it hands the run back with {@link
     * Pbx#unwind}. For a Redirect ({@code false}) it returns true if the application has ended now,
     * or false if it ends later through {@link Pbx#appReturned} (an AGI waits for its server).
     */
    boolean interrupt(boolean hangup);
  }

  /** Extra work around Answer for a Local ;2 whose ;1 is being originated. */
  interface AnswerHook {
    void beforeAnswer();

    void afterAnswer();
  }

  final Channel channel;
  final Keypad keypad;

  /** Bumped whenever a scheduled continuation becomes stale. */
  int generation;

  Blocker blocker;

  /** True from an application's return until the next priority starts. */
  boolean between;

  long gapTimer = -1;
  Position next;

  /** A Redirect that arrived while an application ran; honoured when it returns. */
  Position asyncGoto;

  /** What the Hangup event shows when it differs from the last snapshot (a lost Redirect). */
  Position finalPosition;

  boolean hangupPending;
  boolean softEmitted;
  boolean finished;
  int hangupCause;
  AnswerHook answerHook;
  int mixMonitors;
  boolean everBridged;
  boolean incoming;

  /** An Originate's application with no dialplan: the channel ends when it returns. */
  boolean applicationOnly;

  long patienceTimer = -1;

  Run(Channel channel, Keypad keypad) {
    this.channel = channel;
    this.keypad = keypad;
  }
}
