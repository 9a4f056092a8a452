package org.hotline.cases.config;

import java.time.Duration;
import org.hotline.support.time.Durations;

/**
 * What the screen pop shows.
 *
 * @param lastCases newest cases listed
 * @param openCases open cases listed at most
 * @param repeatWindow calls counted back this far (30 days)
 * @param repeatCallerCalls this many earlier calls in the window make a repeat caller
 */
public record HistorySettings(
    int lastCases, int openCases, Duration repeatWindow, int repeatCallerCalls) {

  public static final HistorySettings DEFAULTS = new HistorySettings(5, 10, Duration.ofDays(30), 2);

  public HistorySettings {
    if (lastCases < 1 || lastCases > 50 || openCases < 0 || openCases > 50) {
      throw new IllegalArgumentException("lastCases 1..50 and openCases 0..50");
    }
    Durations.positive(repeatWindow, "repeatWindow");
    if (repeatCallerCalls < 1) {
      throw new IllegalArgumentException("repeatCallerCalls must be at least 1");
    }
  }
}
