package org.hotline.asterisk.sim.agi;

import java.util.Optional;

/** The digits a simulated caller presses, in order, each after some think time. */
@FunctionalInterface
public interface Keypad {
  /** A key press. */
  record Press(char digit, double afterSeconds) {}

  /** The next press, or empty when the caller presses nothing more. */
  Optional<Press> next();

  static Keypad silent() {
    return Optional::empty;
  }
}
