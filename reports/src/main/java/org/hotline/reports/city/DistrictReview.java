package org.hotline.reports.city;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.hotline.reports.format.CsvTable;
import org.hotline.support.text.LocalizedName;

/**
 * The printable monthly review of one district, for the district secretaries' meeting: its rates
 * and rank among the districts, the class of each of its streets, and its top unresolved problems
 * (open cases by category, oldest first).
 *
 * @param district the district's figures; its rank is among {@code districtsRanked} districts
 * @param streets its streets, in the order of their rank in the district
 * @param problemsSince open cases created from this instant on are looked at
 */
public record DistrictReview(
    YearMonth month,
    String zone,
    Instant computedAt,
    List<RateDefinition> definitions,
    LocalizedName rankingRule,
    AreaRates district,
    int districtsRanked,
    List<LocalizedName> classificationRules,
    List<StreetStanding> streets,
    Instant problemsSince,
    List<OpenProblem> problems) {

  public DistrictReview {
    definitions = List.copyOf(definitions);
    classificationRules = List.copyOf(classificationRules);
    streets = List.copyOf(streets);
    problems = List.copyOf(problems);
  }

  /** The district's row, then its streets with their class. */
  public String csv() {
    CsvTable t = Csvs.ratesTable(month, zone, definitions, rankingRule);
    t.comment("district rank among " + districtsRanked + " ranked districts: rank column");
    Csvs.ratesRow(t, "district", district);
    streets.forEach(s -> Csvs.ratesRow(t, "street:" + s.streetClass().code(), s.rates()));
    return t.toString();
  }

  public String problemsCsv() {
    CsvTable t =
        new CsvTable(
            "category", "name_zh", "name_en", "open", "overdue", "oldest", "example_cases");
    t.comment(
        district.name().zh()
            + " open cases created since "
            + problemsSince
            + ", by category, oldest first");
    for (OpenProblem p : problems) {
      t.row(
          p.category(),
          p.categoryName().zh(),
          p.categoryName().en(),
          p.open(),
          p.overdue(),
          p.oldest(),
          String.join(" ", p.exampleCases()));
    }
    return t.toString();
  }
}
