package org.hotline.cases.api;

import java.util.Locale;
import java.util.Optional;

/** What the resident wants, as the agent records it. The codes are part of the API. */
public enum RequestType {
  HELP("求助", "Help"),
  COMPLAINT("投诉", "Complaint"),
  REPORT("举报", "Report"),
  CONSULTATION("咨询", "Consultation"),
  SUGGESTION("建议", "Suggestion"),
  PRAISE("表扬", "Praise");

  private final LocalizedName name;

  RequestType(String zh, String en) {
    this.name = new LocalizedName(zh, en);
  }

  public LocalizedName displayName() {
    return name;
  }

  /** The wire code: {@code help}, {@code complaint}, ... */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** By wire code or Chinese name ({@code complaint} or {@code 投诉}). */
  public static Optional<RequestType> parse(String text) {
    for (RequestType t : values()) {
      if (t.code().equals(text) || t.name.zh().equals(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
