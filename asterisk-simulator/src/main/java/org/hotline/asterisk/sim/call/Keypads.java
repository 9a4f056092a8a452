package org.hotline.asterisk.sim.call;

import java.util.Optional;
import org.hotline.asterisk.sim.agi.Keypad;

/** Ready-made keypads. */
public final class Keypads {
  private Keypads() {}

  /** Presses each digit of the string in order, each after the same think time. */
  public static Keypad sequence(String digits, double thinkSeconds) {
    char[] keys = digits.toCharArray();
    int[] next = {0};
    return () ->
        next[0] < keys.length
            ? Optional.of(new Keypad.Press(keys[next[0]++], thinkSeconds))
            : Optional.empty();
  }
}
