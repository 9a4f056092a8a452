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
 * @param lines when not empty, the numbers dialled (elderly line, business line, ...) with their
 *     shares of calls, drawn per call instead of {@code dnid}
 * @param menu when not empty, the keys pressed at the menu with their shares ("" presses nothing
 *     and waits for the time-out), drawn per call instead of {@code ivrDigits}
 */
public record TrafficProfile(
    double landlineShare,
    double repeatCallerShare,
    int repeatPoolSize,
    Distribution patience,
    String ivrDigits,
    double digitThinkSeconds,
    String dnid,
    java.util.SortedMap<String, Double> lines,
    java.util.SortedMap<String, Double> menu) {

  public TrafficProfile {
    lines = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(lines));
    menu = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(menu));
    if (lines.values().stream().anyMatch(w -> !(w >= 0))
        || menu.values().stream().anyMatch(w -> !(w >= 0))) {
      throw new IllegalArgumentException("shares must be >= 0");
    }
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
    return new TrafficProfile(
        0.2,
        0.15,
        500,
        Distribution.exponential(90),
        "1",
        2.0,
        "12345",
        new java.util.TreeMap<>(),
        new java.util.TreeMap<>());
  }

  public TrafficProfile withPatience(Distribution value) {
    return new TrafficProfile(
        landlineShare,
        repeatCallerShare,
        repeatPoolSize,
        value,
        ivrDigits,
        digitThinkSeconds,
        dnid,
        lines,
        menu);
  }

  public TrafficProfile withRepeatCallers(double share, int poolSize) {
    return new TrafficProfile(
        landlineShare, share, poolSize, patience, ivrDigits, digitThinkSeconds, dnid, lines, menu);
  }

  public TrafficProfile withIvr(String digits, double thinkSeconds) {
    return new TrafficProfile(
        landlineShare,
        repeatCallerShare,
        repeatPoolSize,
        patience,
        digits,
        thinkSeconds,
        dnid,
        lines,
        menu);
  }

  /** Callers dial these numbers in these shares (weights, normalised). */
  public TrafficProfile withLines(java.util.Map<String, Double> shares) {
    return new TrafficProfile(
        landlineShare,
        repeatCallerShare,
        repeatPoolSize,
        patience,
        ivrDigits,
        digitThinkSeconds,
        dnid,
        new java.util.TreeMap<>(shares),
        menu);
  }

  /** Callers press these keys at the menu in these shares ("" for none). */
  public TrafficProfile withMenu(java.util.Map<String, Double> shares) {
    return new TrafficProfile(
        landlineShare,
        repeatCallerShare,
        repeatPoolSize,
        patience,
        ivrDigits,
        digitThinkSeconds,
        dnid,
        lines,
        new java.util.TreeMap<>(shares));
  }

  /** The number one caller dials. */
  String drawLine(java.util.Random random) {
    return lines.isEmpty() ? dnid : draw(lines, random);
  }

  /** The keys one caller presses at the menu. */
  String drawMenu(java.util.Random random) {
    return menu.isEmpty() ? ivrDigits : draw(menu, random);
  }

  private static String draw(java.util.SortedMap<String, Double> shares, java.util.Random random) {
    double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
    double x = random.nextDouble() * total;
    String last = shares.firstKey();
    for (java.util.Map.Entry<String, Double> e : shares.entrySet()) {
      last = e.getKey();
      x -= e.getValue();
      if (x < 0) {
        return last;
      }
    }
    return last;
  }
}
