package org.hotline.asterisk.sim.generator;

import java.util.Objects;
import org.hotline.asterisk.sim.distribution.Distribution;

/**
 * Who calls and how they behave.
 *
 * @param landlineShare share of callers on a Beijing landline (010-xxxxxxxx) instead of a mobile
 * @param repeatCallerShare share of calls from a caller already in the repeat pool
 * @param repeatPoolSize how many numbers the repeat pool keeps
 * @param patience how long a caller waits for a seat before hanging up (abandon)
 * @param ivrDigits the keys each caller presses at the gateway's prompts, in order
 * @param digitThinkSeconds time before each key press
 * @param dnid the hotline number dialled
 */
public record TrafficProfile(
    double landlineShare,
    double repeatCallerShare,
    int repeatPoolSize,
    Distribution patience,
    String ivrDigits,
    double digitThinkSeconds,
    String dnid) {

  public TrafficProfile {
    Objects.requireNonNull(patience, "patience");
    Objects.requireNonNull(ivrDigits, "ivrDigits");
    Objects.requireNonNull(dnid, "dnid");
    if (landlineShare < 0 || landlineShare > 1 || repeatCallerShare < 0 || repeatCallerShare > 1) {
      throw new IllegalArgumentException("shares must be within [0,1]");
    }
    if (repeatPoolSize < 1 || digitThinkSeconds < 0) {
      throw new IllegalArgumentException("repeatPoolSize >= 1 and digitThinkSeconds >= 0");
    }
  }

  /** 20 % landlines, 15 % repeat callers, patience exponential with mean 90 s, presses 1. */
  public static TrafficProfile defaults() {
    return new TrafficProfile(0.2, 0.15, 500, Distribution.exponential(90), "1", 2.0, "12345");
  }

  public TrafficProfile withPatience(Distribution value) {
    return new TrafficProfile(
        landlineShare,
        repeatCallerShare,
        repeatPoolSize,
        value,
        ivrDigits,
        digitThinkSeconds,
        dnid);
  }

  public TrafficProfile withRepeatCallers(double share, int poolSize) {
    return new TrafficProfile(
        landlineShare, share, poolSize, patience, ivrDigits, digitThinkSeconds, dnid);
  }

  public TrafficProfile withIvr(String digits, double thinkSeconds) {
    return new TrafficProfile(
        landlineShare, repeatCallerShare, repeatPoolSize, patience, digits, thinkSeconds, dnid);
  }
}
