package org.hotline.reports.city;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.reports.city.CityReportsConfig.RateRules;
import org.hotline.reports.city.CityReportsConfig.ResolutionBasis;
import org.hotline.reports.city.CityReportsConfig.RespondedBy;
import org.hotline.support.text.LocalizedName;

/**
 * The three rates per district and street for one month: one statement, one scan of the month's
 * partition, every count a FILTER of one GROUP BY (district, street), rolled up to districts and
 * the city with GROUPING SETS; the rates and the ranking are then worked out from those counts.
 */
final class AreaRatesQuery {

  /** What the database counts for one area; the rates are chosen from these by the config. */
  record Counts(
      long received,
      long dispatched,
      long responded,
      long unitResolved,
      long visited,
      long visitResolved,
      long satisfied,
      long overdue) {

    static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

    Rates rates(RateRules rules) {
      return new Rates(
          new Rate(responded, dispatched),
          rules.resolutionBasis() == ResolutionBasis.VISIT
              ? new Rate(visitResolved, visited)
              : new Rate(unitResolved, dispatched),
          new Rate(satisfied, visited));
    }
  }

  /** The month's counts: the city (key ""), each district ("d") and street ("d.s"). */
  record MonthCounts(Counts city, Map<String, Counts> districts, Map<String, Counts> streets) {}

  private final CityReportsConfig config;
  private final Places places;

  AreaRatesQuery(CityReportsConfig config, Places places) {
    this.config = config;
    this.places = places;
  }

  /** When a dispatched case counts as responded to, in SQL. */
  static String respondedAt(RateRules rules) {
    // LEAST ignores nulls: a case resolved without an acceptance responded when it was resolved
    return rules.respondedBy() == RespondedBy.ACCEPTED
        ? "accepted_at"
        : "LEAST(accepted_at, resolved_at)";
  }

  /** The response limit, in SQL: the deadline, or a fixed time after dispatch (submitted_at). */
  static String responseLimit(RateRules rules) {
    return rules
        .responseWithin()
        .map(d -> "submitted_at + interval '" + d.toSeconds() + " seconds'")
        .orElse("deadline");
  }

  /**
   * Counts per street in one hashed GROUP BY over the month's partition, then rolled up to
   * districts and the city over those few hundred rows (GROUPING SETS straight over the cases
   * sorted all of them by district and street: about 80% of the time at 60,000 cases).
   */
  String sql() {
    RateRules r = config.rates();
    return "WITH per_street AS (SELECT district, street,"
        + " count(*) AS received,"
        + " count(*) FILTER (WHERE disposition = 'dispatch') AS dispatched,"
        + " count(*) FILTER (WHERE disposition = 'dispatch' AND "
        + respondedAt(r)
        + " <= "
        + responseLimit(r)
        + ") AS responded,"
        + " count(*) FILTER (WHERE disposition = 'dispatch' AND resolved_at IS NOT NULL)"
        + " AS unit_resolved,"
        + " count(*) FILTER (WHERE visited_at IS NOT NULL) AS visited,"
        + " count(*) FILTER (WHERE visited_at IS NOT NULL AND visit_resolved) AS visit_resolved,"
        + " count(*) FILTER (WHERE visited_at IS NOT NULL AND satisfaction = ANY (?)) AS satisfied,"
        + " count(*) FILTER (WHERE disposition = 'dispatch' AND deadline <= ?"
        + " AND (resolved_at IS NULL OR resolved_at > deadline)) AS overdue"
        + " FROM hotline.case_record"
        + " WHERE created_at >= ? AND created_at < ?"
        + " GROUP BY district, street)"
        + " SELECT district, street, GROUPING(district) AS all_districts,"
        + " GROUPING(street) AS all_streets,"
        + String.join(",", COUNTS.stream().map(c -> " sum(" + c + ")::bigint AS " + c).toList())
        + " FROM per_street GROUP BY GROUPING SETS ((district, street), (district), ())";
  }

  private static final List<String> COUNTS =
      List.of(
          "received",
          "dispatched",
          "responded",
          "unit_resolved",
          "visited",
          "visit_resolved",
          "satisfied",
          "overdue");

  MonthCounts counts(Connection c, YearMonth month, Instant now) throws SQLException {
    Period p = Period.month(month, config.zone());
    Counts city = Counts.NONE;
    Map<String, Counts> districts = new LinkedHashMap<>();
    Map<String, Counts> streets = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql())) {
      ps.setArray(1, Sql.texts(c, config.rates().satisfiedAnswers()));
      Sql.time(ps, 2, now);
      Sql.time(ps, 3, p.start());
      Sql.time(ps, 4, p.end());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Counts n =
              new Counts(
                  rs.getLong("received"),
                  rs.getLong("dispatched"),
                  rs.getLong("responded"),
                  rs.getLong("unit_resolved"),
                  rs.getLong("visited"),
                  rs.getLong("visit_resolved"),
                  rs.getLong("satisfied"),
                  rs.getLong("overdue"));
          String district = rs.getString("district");
          String street = rs.getString("street");
          if (rs.getInt("all_districts") == 1) {
            city = n;
          } else if (district == null) {
            continue; // cases with no jurisdiction yet (incomplete drafts): in the city's row only
          } else if (rs.getInt("all_streets") == 1) {
            districts.put(district, n);
          } else if (street != null) {
            streets.put(district + "." + street, n);
          }
        }
      }
    }
    return new MonthCounts(city, districts, streets);
  }

  /** The month's report: every district and street of the gazetteer, and any the record adds. */
  MonthlyRates report(Connection c, YearMonth month, Instant now) throws SQLException {
    return report(month, now, counts(c, month, now));
  }

  MonthlyRates report(YearMonth month, Instant now, MonthCounts counts) {
    List<AreaRates> districts = new ArrayList<>();
    Map<String, Counts> districtCounts = new LinkedHashMap<>();
    places.districts().forEach(d -> districtCounts.put(d.id(), Counts.NONE));
    districtCounts.putAll(counts.districts());
    districtCounts.forEach(
        (id, n) ->
            districts.add(area(Optional.of(id), Optional.empty(), places.districtName(id), n)));

    Map<String, Counts> streetCounts = new LinkedHashMap<>();
    places.streets().forEach(s -> streetCounts.put(s.districtId() + "." + s.id(), Counts.NONE));
    streetCounts.putAll(counts.streets());
    List<AreaRates> streets = new ArrayList<>();
    streetCounts.forEach(
        (key, n) -> {
          int dot = key.indexOf('.');
          String d = key.substring(0, dot);
          String s = key.substring(dot + 1);
          streets.add(area(Optional.of(d), Optional.of(s), places.streetName(d, s), n));
        });

    List<AreaRates> rankedDistricts = new ArrayList<>();
    for (Ranking.Placed<AreaRates> p : rank(districts)) {
      rankedDistricts.add(p.item().ranked(p.rank(), Optional.empty()));
    }
    Map<AreaRates, Optional<Integer>> inDistrict = new LinkedHashMap<>();
    for (String d : districtCounts.keySet()) {
      List<AreaRates> own =
          streets.stream().filter(s -> s.districtId().orElseThrow().equals(d)).toList();
      rank(own).forEach(p -> inDistrict.put(p.item(), p.rank()));
    }
    List<AreaRates> rankedStreets = new ArrayList<>();
    for (Ranking.Placed<AreaRates> p : rank(streets)) {
      rankedStreets.add(p.item().ranked(p.rank(), inDistrict.get(p.item())));
    }
    AreaRates city =
        area(Optional.empty(), Optional.empty(), new LocalizedName("全市", "City"), counts.city());
    return new MonthlyRates(
        month,
        config.zone().getId(),
        now,
        config.rates().definitions(),
        config.ranking().describe(),
        city,
        rankedDistricts,
        rankedStreets);
  }

  private List<Ranking.Placed<AreaRates>> rank(List<AreaRates> areas) {
    return Ranking.rank(
        areas, AreaRates::composite, AreaRates::rates, AreaRates::id, config.ranking());
  }

  private AreaRates area(
      Optional<String> district, Optional<String> street, LocalizedName name, Counts n) {
    Rates rates = n.rates(config.rates());
    return new AreaRates(
        district,
        street,
        name,
        n.received(),
        n.dispatched(),
        n.overdue(),
        rates,
        Ranking.composite(rates, config.ranking()),
        Optional.empty(),
        Optional.empty());
  }
}
