package org.hotline.cases.config;

/**
 * 督办.
 *
 * @param nearingAt share of the time limit after which a nearing-deadline alert is raised (0.8)
 * @param scanBatch alerts of each kind raised per tick at most, the most urgent first
 * @param alertStreamMaxLen the alert stream is trimmed to about this many entries
 */
public record SupervisionSettings(double nearingAt, int scanBatch, long alertStreamMaxLen) {

  public static final SupervisionSettings DEFAULTS = new SupervisionSettings(0.8, 500, 100_000);

  public SupervisionSettings {
    if (!(nearingAt > 0 && nearingAt < 1)) {
      throw new IllegalArgumentException("nearingAt must be between 0 and 1: " + nearingAt);
    }
    if (scanBatch < 1 || alertStreamMaxLen < 100) {
      throw new IllegalArgumentException("scanBatch >= 1 and alertStreamMaxLen >= 100");
    }
  }
}
