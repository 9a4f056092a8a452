package org.hotline.pg.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.hotline.pg.local.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Each module's schema, migrated by Flyway from its own scripts (src/test/resources/db/*). */
class MigrationTest {

  private static LocalPostgres pg;
  private static Database db;
  private static PGSimpleDataSource plain;

  @BeforeAll
  static void database() {
    pg = LocalPostgres.shared();
    String url = pg.createDatabase("migration_test");
    db = Database.connect(DatabaseSettings.of(url, pg.user(), pg.password(), "migration-test"));
    plain = new PGSimpleDataSource();
    plain.setUrl(url);
    plain.setUser(pg.user());
    plain.setPassword(pg.password());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void migrationsApplyOnceAndAgainChangeNothing() throws SQLException {
    db.migrate("alpha", "db/alpha");
    assertEquals(List.of("1:calls:true", "2:counters and notes:true"), history("alpha"));

    Map<String, String> calls = new LinkedHashMap<>();
    calls.put("id", "bigint");
    calls.put("caller", "text");
    calls.put("started_at", "timestamp with time zone");
    calls.put("note", "character varying(64)");
    Map<String, String> counters = new LinkedHashMap<>();
    counters.put("name", "text");
    counters.put("value", "bigint");
    Map<String, Map<String, String>> expected = Map.of("calls", calls, "counters", counters);
    assertEquals(expected, SchemaCheck.columns(plain, "alpha"));
    assertEquals(
        List.of("id", "caller", "started_at", "note"),
        List.copyOf(SchemaCheck.columns(plain, "alpha").get("calls").keySet()),
        "columns in table order");

    db.migrate("alpha", "db/alpha");
    db.migrate("alpha", "db/alpha");
    assertEquals(List.of("1:calls:true", "2:counters and notes:true"), history("alpha"));
    assertEquals(expected, SchemaCheck.columns(plain, "alpha"));
  }

  @Test
  void twoSchemasKeepSeparateHistories() throws SQLException {
    db.migrate("beta", "db/beta");
    db.migrate("alpha", "db/alpha");
    assertEquals(List.of("1:cases:true"), history("beta"));
    assertEquals(2, history("alpha").size());
    assertEquals(Map.of("cases", Map.of("id", "bigint", "summary", "text")), columns("beta"));
    assertTrue(!columns("alpha").containsKey("cases") && !columns("beta").containsKey("calls"));
  }

  @Test
  void aScriptEditedAfterItRanFailsLoudly() throws SQLException {
    db.migrate("gamma", "db/mismatch-a");
    FlywayValidateException e =
        assertThrows(FlywayValidateException.class, () -> db.migrate("gamma", "db/mismatch-b"));
    assertTrue(e.getMessage().toLowerCase().contains("checksum"), e.getMessage());
    assertEquals(Map.of("id", "bigint"), columns("gamma").get("things"), "nothing was changed");
  }

  @Test
  void aMissingLocationFailsLoudly() {
    assertThrows(FlywayException.class, () -> db.migrate("delta", "db/no-such-module"));
  }

  @Test
  void schemaNamesAreCheckedBeforeTheyReachSql() {
    assertThrows(IllegalArgumentException.class, () -> db.migrate("Alpha; DROP", "db/alpha"));
  }

  private static Map<String, Map<String, String>> columns(String schema) throws SQLException {
    return SchemaCheck.columns(plain, schema);
  }

  private static List<String> history(String schema) throws SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection c = plain.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT version, description, success FROM "
                    + schema
                    + ".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
      while (r.next()) {
        rows.add(r.getString(1) + ":" + r.getString(2) + ":" + r.getBoolean(3));
      }
    }
    return rows;
  }
}
