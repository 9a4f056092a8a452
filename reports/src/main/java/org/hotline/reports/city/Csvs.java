package org.hotline.reports.city;

import java.time.YearMonth;
import java.util.List;
import org.hotline.reports.format.CsvTable;
import org.hotline.support.text.LocalizedName;

/** Columns the city's CSV files share. */
final class Csvs {

  private Csvs() {}

  static CsvTable ratesTable(
      YearMonth month, String zone, List<RateDefinition> definitions, LocalizedName rankingRule) {
    CsvTable t =
        new CsvTable(
            "level",
            "district",
            "street",
            "name_zh",
            "name_en",
            "received",
            "dispatched",
            "overdue",
            "response_numerator",
            "response_denominator",
            "response_rate",
            "resolution_numerator",
            "resolution_denominator",
            "resolution_rate",
            "satisfaction_numerator",
            "satisfaction_denominator",
            "satisfaction_rate",
            "composite",
            "rank",
            "rank_in_district");
    t.comment("month " + month + " (" + zone + ")");
    definitions.forEach(d -> comment(t, d));
    t.comment("ranking: " + rankingRule.zh());
    t.comment("ranking: " + rankingRule.en());
    t.comment("an empty rate is no data (no denominator), never 0");
    return t;
  }

  static void comment(CsvTable t, RateDefinition d) {
    t.comment(d.kind().code() + " " + d.name().zh() + ": " + d.definition().zh());
    t.comment(d.kind().code() + " " + d.name().en() + ": " + d.definition().en());
  }

  static void ratesRow(CsvTable t, String level, AreaRates a) {
    Rates r = a.rates();
    t.row(
        level,
        a.districtId(),
        a.streetId(),
        a.name().zh(),
        a.name().en(),
        a.received(),
        a.dispatched(),
        a.overdue(),
        r.response().numerator(),
        r.response().denominator(),
        r.response().value(),
        r.resolution().numerator(),
        r.resolution().denominator(),
        r.resolution().value(),
        r.satisfaction().numerator(),
        r.satisfaction().denominator(),
        r.satisfaction().value(),
        a.composite(),
        a.rank(),
        a.rankInDistrict());
  }
}
