package org.hotline.support.text;

import java.util.Objects;

/**
 * Text shown to people in the centre's two languages: Simplified Chinese first, English when there
 * is one. The shared form of the case bridge's and the seat manager's own {@code LocalizedName}
 * (same rules), for modules that depend on neither.
 */
public record LocalizedName(String zh, String en) {

  public LocalizedName {
    Objects.requireNonNull(zh, "zh");
    en = en == null || en.isBlank() ? zh : en;
  }

  /** The text in {@code language} ({@code zh} or {@code en}); Chinese for anything else. */
  public String in(String language) {
    return "en".equals(language) ? en : zh;
  }

  /** Both, as a CSV cell or a log line shows them: {@code 响应率 / Response rate}. */
  public String both() {
    return zh.equals(en) ? zh : zh + " / " + en;
  }
}
