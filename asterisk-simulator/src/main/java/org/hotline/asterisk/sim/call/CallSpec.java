package org.hotline.asterisk.sim.call;

import java.util.Objects;
import org.hotline.asterisk.sim.agi.Keypad;

/**
 * One incoming call to place on the trunk.
 *
 * @param callerNum the caller's number (13912345678, 01088886666)
 * @param callerName the caller's name, often empty on a trunk
 * @param dnid the number dialled (12345)
 * @param patienceSeconds simulated seconds after which the caller hangs up unless a seat has
 *     answered; infinite for a caller who never gives up
 * @param keypad the keys the caller presses at GET DATA / WAIT FOR DIGIT / STREAM FILE
 */
public record CallSpec(
    String callerNum, String callerName, String dnid, double patienceSeconds, Keypad keypad) {

  public CallSpec {
    Objects.requireNonNull(callerNum, "callerNum");
    Objects.requireNonNull(callerName, "callerName");
    Objects.requireNonNull(dnid, "dnid");
    Objects.requireNonNull(keypad, "keypad");
    if (!(patienceSeconds > 0)) {
      throw new IllegalArgumentException("patienceSeconds must be > 0");
    }
  }

  /** A caller who waits forever and presses nothing. */
  public static CallSpec of(String callerNum) {
    return new CallSpec(callerNum, "", "12345", Double.POSITIVE_INFINITY, Keypad.silent());
  }

  public CallSpec withPatience(double seconds) {
    return new CallSpec(callerNum, callerName, dnid, seconds, keypad);
  }

  public CallSpec withKeypad(Keypad value) {
    return new CallSpec(callerNum, callerName, dnid, patienceSeconds, value);
  }

  public CallSpec withName(String name) {
    return new CallSpec(callerNum, name, dnid, patienceSeconds, keypad);
  }

  /** Presses the digits in order, each after {@code thinkSeconds}. */
  public CallSpec pressing(String digits, double thinkSeconds) {
    return withKeypad(Keypads.sequence(digits, thinkSeconds));
  }
}
