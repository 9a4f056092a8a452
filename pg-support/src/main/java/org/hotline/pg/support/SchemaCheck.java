package org.hotline.pg.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What a schema's tables look like in the database, for a module's "code and migrations agree"
 * test: run the module's migrations into a fresh database, then compare {@link #columns} with the
 * tables and columns its code reads and writes.
 *
 * <pre>{@code
 * db.migrate("cases", "db/cases");
 * Map<String, Map<String, String>> actual = SchemaCheck.columns(dataSource, "cases");
 * assertEquals(Map.of("id", "bigint", "summary", "text"), actual.get("cases"));
 * }</pre>
 */
public final class SchemaCheck {

  private static final String COLUMNS =
      "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)"
          + " FROM pg_catalog.pg_attribute a"
          + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p')"
          + " AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> 'flyway_schema_history'"
          + " ORDER BY c.relname, a.attnum";

  private SchemaCheck() {}

  /**
   * Table → column → type, as PostgreSQL spells the type ({@code bigint}, {@code text}, {@code
   * character varying(64)}, {@code timestamp with time zone}, {@code jsonb}, an enum's name):
   * tables (plain and partitioned) of {@code schema} in name order, their columns in table order,
   * without Flyway's history table. Blocking: for tests and start-up checks, not an event loop.
   */
  public static Map<String, Map<String, String>> columns(DataSource dataSource, String schema)
      throws SQLException {
    Map<String, Map<String, String>> tables = new TreeMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(COLUMNS)) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          tables
              .computeIfAbsent(r.getString(1), table -> new LinkedHashMap<>())
              .put(r.getString(2), r.getString(3));
        }
      }
    }
    tables.replaceAll((table, columns) -> Collections.unmodifiableMap(columns));
    return Collections.unmodifiableMap(tables);
  }
}
