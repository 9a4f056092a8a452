package org.hotline.cases.api;

import java.util.Locale;
import java.util.Optional;

/**
 * How fast the owning unit must resolve a case. Each class has a time limit in {@code cases.yaml}
 * (defaults: 2 hours, 24 hours, 7 days, 15 days); the deadline is computed at submission.
 */
public enum Urgency {
  EMERGENCY("紧急", "Emergency"),
  UTILITY("水电气热", "Water, power, gas, heating"),
  GENERAL("一般", "General"),
  COMPLEX("复杂", "Complex");

  private final LocalizedName name;

  Urgency(String zh, String en) {
    this.name = new LocalizedName(zh, en);
  }

  public LocalizedName displayName() {
    return name;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Urgency> parse(String text) {
    for (Urgency u : values()) {
      if (u.code().equals(text) || u.name.zh().equals(text)) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }
}
