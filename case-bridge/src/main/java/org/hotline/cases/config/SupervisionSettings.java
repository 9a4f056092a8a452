package org.hotline.cases.config;

import java.time.Duration;
import org.hotline.support.time.Durations;

/**
 * 督办.
 *
 * @param nearingAt share of the time limit after which a nearing-deadline alert is raised (0.8)
 * @param scanBatch timers (drafts past their wrap-up limit, deadlines near or past) handled per
 *     tick at most, the most urgent first
 * @param alertRetention alerts are kept this long for wallboards to read; the cases keep their
 *     overdue flag and history for ever
 */
public record SupervisionSettings(double nearingAt, int scanBatch, Duration alertRetention) {

  public static final SupervisionSettings DEFAULTS =
      new SupervisionSettings(0.8, 500, Duration.ofDays(7));

  public SupervisionSettings {
    if (!(nearingAt > 0 && nearingAt < 1)) {
      throw new IllegalArgumentException("nearingAt must be between 0 and 1: " + nearingAt);
    }
    if (scanBatch < 1) {
      throw new IllegalArgumentException("scanBatch must be at least 1");
    }
    Durations.positive(alertRetention, "alertRetention");
  }
}
