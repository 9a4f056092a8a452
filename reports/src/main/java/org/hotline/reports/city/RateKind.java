package org.hotline.reports.city;

import java.util.Locale;
import java.util.Optional;
import org.hotline.support.text.LocalizedName;

/** The three rates every district, street and unit is ranked by each month. */
public enum RateKind {
  RESPONSE("响应率", "Response rate"),
  RESOLUTION("解决率", "Resolution rate"),
  SATISFACTION("满意率", "Satisfaction rate");

  private final LocalizedName name;

  RateKind(String zh, String en) {
    this.name = new LocalizedName(zh, en);
  }

  public LocalizedName displayName() {
    return name;
  }

  /** {@code response}, {@code resolution}, {@code satisfaction}: the key in reports.yaml. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RateKind> parse(String code) {
    for (RateKind k : values()) {
      if (k.code().equals(code)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
