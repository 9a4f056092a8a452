package org.hotline.cases.api;

import java.util.Objects;

/** A name shown to people: Simplified Chinese first, English when there is one. */
public record LocalizedName(String zh, String en) {

  public LocalizedName {
    Objects.requireNonNull(zh, "zh");
    en = en == null || en.isBlank() ? zh : en;
  }

  /** The name in {@code language} ({@code zh} or {@code en}); Chinese for anything else. */
  public String in(String language) {
    return "en".equals(language) ? en : zh;
  }
}
