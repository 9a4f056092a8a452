package org.hotline.reports.city;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.hotline.reports.format.CsvTable;
import org.hotline.support.text.LocalizedName;

/**
 * 未诉先办, one month: each district's top categories against the previous month and the same month a
 * year before; streets whose volume of a category jumped (by {@code jumpRule}); the numbers and
 * locations that came up most often.
 */
public record HotIssues(
    YearMonth month,
    String zone,
    Instant computedAt,
    String categoryLevel,
    List<CategoryTrend> topCategories,
    LocalizedName jumpRule,
    List<VolumeJump> jumps,
    int frequentCallerCases,
    List<FrequentCaller> callers,
    int frequentLocationCases,
    List<FrequentLocation> locations) {

  public HotIssues {
    topCategories = List.copyOf(topCategories);
    jumps = List.copyOf(jumps);
    callers = List.copyOf(callers);
    locations = List.copyOf(locations);
  }

  /** The top categories; the jumps, callers and locations are {@link #listsCsv()}. */
  public String csv() {
    CsvTable t =
        new CsvTable(
            "district",
            "rank",
            "category",
            "name_zh",
            "name_en",
            "count",
            "previous_month",
            "same_month_last_year",
            "change_from_previous_month",
            "change_from_last_year");
    t.comment("month " + month + " (" + zone + "); categories at level " + categoryLevel);
    t.comment("change = (count - before) / before; empty when before is 0");
    for (CategoryTrend c : topCategories) {
      t.row(
          c.districtId(),
          c.rank(),
          c.category(),
          c.name().zh(),
          c.name().en(),
          c.count(),
          c.previousMonth(),
          c.sameMonthLastYear(),
          c.changeFromPreviousMonth(),
          c.changeFromLastYear());
    }
    return t.toString();
  }

  public String listsCsv() {
    return HotLists.csv("month " + month, jumpRule, jumps, callers, locations);
  }
}
