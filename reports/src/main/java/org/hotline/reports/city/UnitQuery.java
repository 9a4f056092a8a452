package org.hotline.reports.city;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.reports.city.CityReportsConfig.UnitRules;

/**
 * Units' times in one statement over the month's partition: means with avg, medians with
 * percentile_cont, per unit and for all units (GROUPING SETS).
 */
final class UnitQuery {

  private final CityReportsConfig config;

  UnitQuery(CityReportsConfig config) {
    this.config = config;
  }

  String sql() {
    UnitRules u = config.units();
    String praise = "(request_type = ANY (?) OR category = ANY (?))";
    // a time before the (latest) dispatch belongs to an earlier dispatch of a returned case
    String responded = "disposition = 'dispatch' AND responded_at >= submitted_at";
    String resolved = "disposition = 'dispatch' AND resolved_at >= submitted_at";
    String toResponse = "extract(epoch FROM responded_at - submitted_at)";
    String toResolution = "extract(epoch FROM resolved_at - submitted_at)";
    return "WITH c AS (SELECT unit, disposition, urgency, submitted_at, resolved_at, "
        + AreaRatesQuery.respondedAt(config.rates())
        + " AS responded_at, "
        + praise
        + " AS praise FROM hotline.case_record"
        + " WHERE created_at >= ? AND created_at < ? AND (disposition = 'dispatch' OR "
        + praise
        + "))"
        + " SELECT unit, GROUPING(unit) AS all_units,"
        + " count(*) FILTER (WHERE disposition = 'dispatch') AS dispatched,"
        + (" count(*) FILTER (WHERE " + responded + ") AS responded,")
        + (" avg(" + toResponse + ") FILTER (WHERE " + responded + ") AS mean_response,")
        + (" percentile_cont(0.5) WITHIN GROUP (ORDER BY " + toResponse + ")")
        + (" FILTER (WHERE " + responded + ") AS median_response,")
        + (" count(*) FILTER (WHERE " + resolved + ") AS resolved,")
        + (" avg(" + toResolution + ") FILTER (WHERE " + resolved + ") AS mean_resolution,")
        + (" percentile_cont(0.5) WITHIN GROUP (ORDER BY " + toResolution + ")")
        + (" FILTER (WHERE " + resolved + ") AS median_resolution,")
        + (" count(*) FILTER (WHERE " + resolved + " AND urgency = ANY (?)) AS solved_of,")
        + (" count(*) FILTER (WHERE " + resolved + " AND urgency = ANY (?)")
        + (" AND resolved_at <= submitted_at + interval '" + u.solvedWithin().toSeconds())
        + " seconds') AS solved_within,"
        + " count(*) FILTER (WHERE praise) AS praise"
        + " FROM c GROUP BY GROUPING SETS ((unit), ())"
        + " ORDER BY GROUPING(unit) DESC, unit NULLS LAST";
  }

  UnitReport report(Connection c, YearMonth month, Instant now) throws SQLException {
    Period p = Period.month(month, config.zone());
    UnitRules u = config.units();
    UnitPerformance all = null;
    List<UnitPerformance> units = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql())) {
      int i = 1;
      ps.setArray(i++, Sql.texts(c, u.praiseRequestTypes()));
      ps.setArray(i++, Sql.texts(c, u.praiseCategories()));
      Sql.time(ps, i++, p.start());
      Sql.time(ps, i++, p.end());
      ps.setArray(i++, Sql.texts(c, u.praiseRequestTypes()));
      ps.setArray(i++, Sql.texts(c, u.praiseCategories()));
      ps.setArray(i++, Sql.texts(c, u.solvedUrgencies()));
      ps.setArray(i, Sql.texts(c, u.solvedUrgencies()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UnitPerformance row =
              new UnitPerformance(
                  Optional.ofNullable(rs.getString("unit")),
                  rs.getLong("dispatched"),
                  rs.getLong("responded"),
                  Sql.hours(rs, "mean_response"),
                  Sql.hours(rs, "median_response"),
                  rs.getLong("resolved"),
                  Sql.hours(rs, "mean_resolution"),
                  Sql.hours(rs, "median_resolution"),
                  new Rate(rs.getLong("solved_within"), rs.getLong("solved_of")),
                  rs.getLong("praise"));
          if (rs.getInt("all_units") == 1) {
            all = row;
          } else {
            units.add(row);
          }
        }
      }
    }
    if (all == null) { // no case at all: GROUPING SETS' () still gives a row, but be sure
      all =
          new UnitPerformance(
              Optional.empty(),
              0,
              0,
              Optional.empty(),
              Optional.empty(),
              0,
              Optional.empty(),
              Optional.empty(),
              Rate.NO_DATA,
              0);
    }
    return new UnitReport(
        month,
        config.zone().getId(),
        now,
        config.rates().definition(RateKind.RESPONSE),
        u.solvedWithinDefinition(),
        u.praiseDefinition(),
        all,
        units);
  }
}
