package org.hotline.cases.config;

/** Limits of the agent's form, in Unicode code points. */
public record FormLimits(int summaryMaxChars, int locationMaxChars, int nameMaxChars) {

  /** Open311 allows 4,000 characters of description; the summary stays well inside. */
  public static final FormLimits DEFAULTS = new FormLimits(2000, 200, 50);

  public FormLimits {
    if (summaryMaxChars < 1 || summaryMaxChars > 4000) {
      throw new IllegalArgumentException("summaryMaxChars must be 1..4000: " + summaryMaxChars);
    }
    if (locationMaxChars < 1 || nameMaxChars < 1) {
      throw new IllegalArgumentException("form limits must be positive");
    }
  }
}
