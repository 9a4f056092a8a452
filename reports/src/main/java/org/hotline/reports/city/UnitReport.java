package org.hotline.reports.city;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.hotline.reports.format.CsvTable;
import org.hotline.support.text.LocalizedName;

/**
 * Per unit, one month: response and resolution times, the share solved within the configured time
 * (the headline figure), and praise.
 *
 * @param all every unit together (the headline for the city)
 * @param units by unit id; the cases of no unit last
 */
public record UnitReport(
    YearMonth month,
    String zone,
    Instant computedAt,
    RateDefinition response,
    LocalizedName solvedWithinDefinition,
    LocalizedName praiseDefinition,
    UnitPerformance all,
    List<UnitPerformance> units) {

  public UnitReport {
    units = List.copyOf(units);
  }

  public String csv() {
    CsvTable t =
        new CsvTable(
            "unit",
            "dispatched",
            "responded",
            "mean_response_hours",
            "median_response_hours",
            "resolved",
            "mean_resolution_hours",
            "median_resolution_hours",
            "solved_within_numerator",
            "solved_within_denominator",
            "solved_within_share",
            "praise");
    t.comment("month " + month + " (" + zone + "); times from dispatch (submission) in hours");
    Csvs.comment(t, response);
    t.comment("solved within: " + solvedWithinDefinition.zh());
    t.comment("solved within: " + solvedWithinDefinition.en());
    t.comment("praise: " + praiseDefinition.zh());
    t.comment("praise: " + praiseDefinition.en());
    row(t, "(all)", all);
    units.forEach(u -> row(t, u.unit().orElse("(no unit)"), u));
    return t.toString();
  }

  private static void row(CsvTable t, String name, UnitPerformance u) {
    t.row(
        name,
        u.dispatched(),
        u.responded(),
        u.meanResponseHours(),
        u.medianResponseHours(),
        u.resolved(),
        u.meanResolutionHours(),
        u.medianResolutionHours(),
        u.solvedWithin().numerator(),
        u.solvedWithin().denominator(),
        u.solvedWithin().value(),
        u.praise());
  }
}
