package org.hotline.reports.city;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One district's review: the classification of the month (which holds the month's rates), and the
 * district's open cases by category from the case_record_district index (district first, then the
 * creation range of the look-back, which prunes the older partitions).
 */
final class ReviewQuery {

  private static final String PROBLEMS_SQL =
      "SELECT category, count(*) AS open, count(*) FILTER (WHERE deadline < ?) AS overdue,"
          + " min(created_at) AS oldest,"
          + " (array_agg(case_id ORDER BY created_at, case_id))[1:3] AS examples"
          + " FROM hotline.case_record"
          + " WHERE district = ? AND created_at >= ? AND created_at < ? AND status = ANY (?)"
          + " GROUP BY category ORDER BY oldest, category NULLS LAST LIMIT ?";

  private final CityReportsConfig config;
  private final Categories categories;
  private final ClassificationQuery classification;

  ReviewQuery(CityReportsConfig config, Places places, Categories categories) {
    this.config = config;
    this.categories = categories;
    this.classification = new ClassificationQuery(config, places);
  }

  DistrictReview report(Connection c, YearMonth month, String districtId, Instant now)
      throws SQLException {
    StreetClassification sc = classification.report(c, month, now);
    MonthlyRates rates = sc.rates();
    AreaRates district =
        rates
            .district(districtId)
            .orElseThrow(() -> new NoSuchElementException("no district " + districtId));
    List<StreetStanding> streets =
        new ArrayList<>(
            sc.streets().stream()
                .filter(s -> s.rates().districtId().orElseThrow().equals(districtId))
                .toList());
    streets.sort(
        Comparator.comparing(
                (StreetStanding s) -> s.rates().rankInDistrict().orElse(Integer.MAX_VALUE))
            .thenComparing(s -> s.rates().id()));
    int ranked = (int) rates.districts().stream().filter(d -> d.rank().isPresent()).count();
    Instant since =
        Period.month(month.minusMonths(config.review().openLookbackMonths() - 1L), config.zone())
            .start();
    return new DistrictReview(
        month,
        rates.zone(),
        now,
        rates.definitions(),
        rates.rankingRule(),
        district,
        ranked,
        sc.rules(),
        streets,
        since,
        problems(c, month, districtId, since, now));
  }

  private List<OpenProblem> problems(
      Connection c, YearMonth month, String districtId, Instant since, Instant now)
      throws SQLException {
    List<OpenProblem> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(PROBLEMS_SQL)) {
      Sql.time(ps, 1, now);
      ps.setString(2, districtId);
      Sql.time(ps, 3, since);
      Sql.time(ps, 4, Period.month(month, config.zone()).end());
      ps.setArray(5, Sql.texts(c, Sql.OPEN_STATUSES));
      ps.setInt(6, config.review().topProblems());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String category = rs.getString("category");
          out.add(
              new OpenProblem(
                  category == null ? "" : category,
                  categories.name(category),
                  rs.getLong("open"),
                  rs.getLong("overdue"),
                  Sql.instant(rs, "oldest"),
                  Sql.texts(rs, "examples")));
        }
      }
    }
    return out;
  }
}
