package org.hotline.reports.city;

import java.time.YearMonth;
import java.util.List;
import org.hotline.reports.format.CsvTable;
import org.hotline.support.text.LocalizedName;

/**
 * Every street's class this month, by the rules listed, and the focus list.
 *
 * @param streets in the order of the month's street ranking
 */
public record StreetClassification(
    YearMonth month,
    MonthlyRates rates,
    List<LocalizedName> rules,
    List<StreetStanding> streets,
    LocalizedName focusRule,
    List<FocusStreet> focus) {

  public StreetClassification {
    rules = List.copyOf(rules);
    streets = List.copyOf(streets);
    focus = List.copyOf(focus);
  }

  public List<StreetStanding> inClass(StreetClass c) {
    return streets.stream().filter(s -> s.streetClass() == c).toList();
  }

  /** The streets with their class; the focus list is {@link #focusCsv()}. */
  public String csv() {
    CsvTable t =
        new CsvTable(
            "district",
            "street",
            "name_zh",
            "name_en",
            "class",
            "class_zh",
            "rule",
            "dispatched",
            "response_rate",
            "resolution_rate",
            "satisfaction_rate",
            "composite",
            "previous_composite",
            "trend",
            "rank");
    t.comment("month " + month + " (" + rates.zone() + ")");
    rates.definitions().forEach(d -> Csvs.comment(t, d));
    rules.forEach(r -> t.comment(r.zh() + " | " + r.en()));
    for (StreetStanding s : streets) {
      AreaRates a = s.rates();
      t.row(
          a.districtId(),
          a.streetId(),
          a.name().zh(),
          a.name().en(),
          s.streetClass().code(),
          s.streetClass().displayName().zh(),
          s.rule(),
          a.dispatched(),
          a.rates().response().value(),
          a.rates().resolution().value(),
          a.rates().satisfaction().value(),
          a.composite(),
          s.previousComposite(),
          s.trend(),
          a.rank());
    }
    return t.toString();
  }

  public String focusCsv() {
    CsvTable t =
        new CsvTable(
            "district",
            "street",
            "name_zh",
            "name_en",
            "received",
            "calls_rank",
            "population",
            "reasons");
    t.comment("month " + month + "; focus list: " + focusRule.zh());
    t.comment("focus list: " + focusRule.en());
    for (FocusStreet f : focus) {
      t.row(
          f.districtId(),
          f.streetId(),
          f.name().zh(),
          f.name().en(),
          f.received(),
          f.callsRank(),
          f.population(),
          String.join(" ", f.reasons()));
    }
    return t.toString();
  }
}
