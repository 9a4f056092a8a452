package org.hotline.cases.api;

import java.util.Locale;
import java.util.Optional;

/** How the agent disposed of the request. */
public enum Disposition {
  /** 直接办结: answered on the call; the case closes at once. */
  DIRECT_ANSWER("直接办结", "Answered on the call"),
  /** 派单: sent to the unit that must act, under a time limit. */
  DISPATCH("派单", "Dispatched to a unit");

  private final LocalizedName name;

  Disposition(String zh, String en) {
    this.name = new LocalizedName(zh, en);
  }

  public LocalizedName displayName() {
    return name;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Disposition> parse(String text) {
    for (Disposition d : values()) {
      if (d.code().equals(text) || d.name.zh().equals(text)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
