package org.hotline.reports.city;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.reports.city.CityReportsConfig.LivelihoodDimension;

/**
 * The livelihood index: cases per district, category and month are counted first (one pass over the
 * trend's partitions), then joined to the dimensions' codes (a leaf, or a group and all its leaves)
 * and summed per dimension, all in the database.
 */
final class LivelihoodQuery {

  private final CityReportsConfig config;
  private final Places places;

  LivelihoodQuery(CityReportsConfig config, Places places) {
    this.config = config;
    this.places = places;
  }

  private static final String SQL =
      "WITH per_category AS (SELECT district, category,"
          + " date_trunc('month', created_at AT TIME ZONE ?) AS month, count(*) AS n"
          + " FROM hotline.case_record"
          + " WHERE created_at >= ? AND created_at < ?"
          + " AND district IS NOT NULL AND category IS NOT NULL"
          + " GROUP BY 1, 2, 3),"
          + " mapping AS (SELECT * FROM unnest(?::text[], ?::text[]) AS m(dimension, code))"
          + " SELECT district, dimension, month, sum(n) AS n"
          + " FROM per_category JOIN mapping"
          + " ON category = code OR starts_with(category, code || '.')"
          + " GROUP BY 1, 2, 3";

  LivelihoodIndex report(Connection c, YearMonth month, Instant now) throws SQLException {
    int trendMonths = config.livelihood().trendMonths();
    List<YearMonth> months = new ArrayList<>();
    for (int i = trendMonths - 1; i >= 0; i--) {
      months.add(month.minusMonths(i));
    }
    List<String> dims = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (LivelihoodDimension d : config.livelihood().dimensions()) {
      for (String code : d.categories()) {
        dims.add(d.id());
        codes.add(code);
      }
    }
    Map<String, long[]> counts = new HashMap<>(); // district/dimension → per month
    Set<String> districts = new LinkedHashSet<>();
    places.districts().forEach(d -> districts.add(d.id()));
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setString(1, config.zone().getId());
      Sql.time(ps, 2, Period.month(months.get(0), config.zone()).start());
      Sql.time(ps, 3, Period.month(month, config.zone()).end());
      ps.setArray(4, Sql.texts(c, dims));
      ps.setArray(5, Sql.texts(c, codes));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String district = rs.getString("district");
          districts.add(district);
          Timestamp local = rs.getTimestamp("month");
          int at = months.indexOf(YearMonth.from(local.toLocalDateTime()));
          counts
                  .computeIfAbsent(
                      district + "/" + rs.getString("dimension"), k -> new long[trendMonths])[at] +=
              rs.getLong("n");
        }
      }
    }
    List<DimensionVolume> rows = new ArrayList<>();
    for (String district : districts) {
      for (LivelihoodDimension d : config.livelihood().dimensions()) {
        long[] series = counts.getOrDefault(district + "/" + d.id(), new long[trendMonths]);
        long count = series[trendMonths - 1];
        long previous = series[trendMonths - 2];
        List<Long> trend = new ArrayList<>();
        for (long n : series) {
          trend.add(n);
        }
        rows.add(
            new DimensionVolume(
                district,
                d.id(),
                d.name(),
                count,
                previous,
                CategoryTrend.change(count, previous),
                trend));
      }
    }
    return new LivelihoodIndex(
        month, config.zone().getId(), now, config.livelihood().dimensions(), months, rows);
  }
}
