package org.hotline.seat.config;

import java.util.Locale;
import java.util.Objects;

/** A name shown to people: Simplified Chinese first, English available. */
public record LocalizedName(String zh, String en) {
  public LocalizedName {
    Objects.requireNonNull(zh, "zh");
    en = en == null || en.isBlank() ? zh : en;
  }

  /** The name in {@code locale}: English for English locales, else Chinese. */
  public String in(Locale locale) {
    return locale != null && "en".equals(locale.getLanguage()) ? en : zh;
  }
}
