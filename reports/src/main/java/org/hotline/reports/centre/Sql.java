package org.hotline.reports.centre;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Values in and out of JDBC for the reports: times go as {@link OffsetDateTime} in UTC whatever the
 * JVM's or the session's zone, and come back in the centre's zone; SQL nulls stay nulls.
 */
final class Sql {

  private Sql() {}

  static void time(PreparedStatement ps, int i, Instant at) throws SQLException {
    ps.setObject(i, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  /** The time in {@code column} as the clock on the centre's wall shows it, or null. */
  static OffsetDateTime time(ResultSet rs, String column, ZoneId zone) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.atZoneSameInstant(zone).toOffsetDateTime();
  }

  /** A number that SQL leaves null when there was nothing to sum or compare. */
  static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  /** {@code numerator ÷ denominator}, null when there is nothing to divide (never NaN or 0). */
  static Double ratio(double numerator, double denominator) {
    return denominator == 0 ? null : numerator / denominator;
  }
}
