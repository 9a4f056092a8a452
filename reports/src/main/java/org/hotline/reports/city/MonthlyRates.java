package org.hotline.reports.city;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.hotline.reports.format.CsvTable;
import org.hotline.support.text.LocalizedName;

/**
 * The month's three rates, overdue counts and ranking, per district and per street/township, with
 * the definitions in force.
 *
 * @param zone the centre's zone, whose calendar month this is
 * @param computedAt when the report ran: the cases' state at that moment
 * @param city all cases of the month, incomplete drafts with no jurisdiction included
 * @param districts ranked ones first, best first, then the unranked
 * @param streets the same among all the city's streets, each with its rank in its district too
 */
public record MonthlyRates(
    YearMonth month,
    String zone,
    Instant computedAt,
    List<RateDefinition> definitions,
    LocalizedName rankingRule,
    AreaRates city,
    List<AreaRates> districts,
    List<AreaRates> streets) {

  public MonthlyRates {
    definitions = List.copyOf(definitions);
    districts = List.copyOf(districts);
    streets = List.copyOf(streets);
  }

  public Optional<AreaRates> district(String id) {
    return districts.stream().filter(d -> d.districtId().orElseThrow().equals(id)).findFirst();
  }

  public Optional<AreaRates> street(String districtId, String streetId) {
    return streets.stream().filter(s -> s.id().equals(districtId + "." + streetId)).findFirst();
  }

  /** One table: the city, then the districts, then the streets; definitions as comment lines. */
  public String csv() {
    CsvTable t = Csvs.ratesTable(month, zone, definitions, rankingRule);
    Csvs.ratesRow(t, "city", city);
    districts.forEach(d -> Csvs.ratesRow(t, "district", d));
    streets.forEach(s -> Csvs.ratesRow(t, "street", s));
    return t.toString();
  }
}
