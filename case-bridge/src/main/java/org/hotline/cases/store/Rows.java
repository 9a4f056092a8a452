package org.hotline.cases.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Nullable values in and out of JDBC: empty optionals and empty strings are SQL nulls; times go as
 * {@link OffsetDateTime} in UTC, whatever the JVM's or the session's zone.
 */
final class Rows {

  private Rows() {}

  static void text(PreparedStatement ps, int i, String v) throws SQLException {
    if (v == null || v.isEmpty()) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, v);
    }
  }

  static void text(PreparedStatement ps, int i, Optional<String> v) throws SQLException {
    text(ps, i, v.orElse(null));
  }

  static void time(PreparedStatement ps, int i, Instant v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(v, ZoneOffset.UTC));
    }
  }

  static void time(PreparedStatement ps, int i, Optional<Instant> v) throws SQLException {
    time(ps, i, v.orElse(null));
  }

  static void integer(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  static Optional<String> text(ResultSet rs, String column) throws SQLException {
    String v = rs.getString(column);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  static Optional<Instant> time(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? Optional.empty() : Optional.of(t.toInstant());
  }

  static Instant requiredTime(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  static Instant requiredTime(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
