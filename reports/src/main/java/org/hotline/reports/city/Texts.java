package org.hotline.reports.city;

import java.time.Duration;
import java.util.Locale;
import org.hotline.support.text.LocalizedName;

/** The small pieces of bilingual text the reports' definitions are made of. */
final class Texts {

  private Texts() {}

  /** {@code 3天 / 3 days}, {@code 2小时 / 2 hours}, {@code 30分钟 / 30 minutes}. */
  static LocalizedName duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes % (24 * 60) == 0) {
      long days = minutes / (24 * 60);
      return new LocalizedName(days + "天", days + (days == 1 ? " day" : " days"));
    }
    if (minutes % 60 == 0) {
      long hours = minutes / 60;
      return new LocalizedName(hours + "小时", hours + (hours == 1 ? " hour" : " hours"));
    }
    return new LocalizedName(minutes + "分钟", minutes + " minutes");
  }

  /** A return-visit answer as the resident gave it. */
  static LocalizedName answer(String code) {
    return switch (code) {
      case "satisfied" -> new LocalizedName("满意", "satisfied");
      case "basically_satisfied" -> new LocalizedName("基本满意", "basically satisfied");
      case "unsatisfied" -> new LocalizedName("不满意", "unsatisfied");
      default -> new LocalizedName(code, code);
    };
  }

  /** {@code 3}, {@code 0.5}, {@code 2.25}: no trailing zeros. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
  }

  /** A definition with the scope every monthly figure shares. */
  static LocalizedName inMonth(LocalizedName definition) {
    return new LocalizedName(
        definition.zh() + "（统计对象：当月受理的工单，按报表生成时的状态）",
        definition.en()
            + " (over the cases created in the month, as they stand when the report runs)");
  }
}
