package org.hotline.reports.city;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The few JDBC conversions the reports share. */
final class Sql {

  /** Statuses in which someone still has to act on a case (drafts have no jurisdiction yet). */
  static final List<String> OPEN_STATUSES =
      List.of("submitted", "dispatched", "accepted", "returned", "reopened");

  private Sql() {}

  /**
   * Reports read many rows in one consistent snapshot and never write: a read-only, repeatable-read
   * transaction, with room to aggregate in memory rather than on disk.
   */
  static void readOnlySnapshot(Connection c) throws SQLException {
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setReadOnly(true);
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL work_mem = '64MB'");
    }
  }

  static void time(PreparedStatement ps, int index, Instant t) throws SQLException {
    ps.setObject(index, t.atOffset(ZoneOffset.UTC));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Array texts(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  static List<String> texts(ResultSet rs, String column) throws SQLException {
    Array a = rs.getArray(column);
    if (a == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : (Object[]) a.getArray()) {
      if (o != null) {
        out.add((String) o);
      }
    }
    return out;
  }

  static Optional<String> text(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  /** A double column as hours, or empty for SQL null (an average over no row). */
  static Optional<Double> hours(ResultSet rs, String secondsColumn) throws SQLException {
    double seconds = rs.getDouble(secondsColumn);
    return rs.wasNull() ? Optional.empty() : Optional.of(round(seconds / 3600, 2));
  }

  static double round(double v, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(v * scale) / scale;
  }

  /** The comparison key of a figure: equal to 6 decimal places is equal. */
  static long key(double v) {
    return Math.round(v * 1e6);
  }

  static String placeholders(int n) {
    String[] marks = new String[n];
    Arrays.fill(marks, "?");
    return String.join(", ", marks);
  }
}
