package org.hotline.cityrecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An empty database is brought to the current schema by the versioned scripts alone, running them
 * again changes nothing, and the monthly partitions catch every row whenever they are created.
 */
class MigrationTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private Database db;

  @BeforeEach
  void emptyDatabase() {
    LocalPostgres pg = LocalPostgres.shared();
    String url = pg.createDatabase("migration");
    db = Database.connect(DatabaseSettings.of(url, pg.user(), pg.password(), "migration-test"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private <T> T query(org.hotline.pg.support.SqlWork<T> work) {
    return db.query(work).toCompletableFuture().join();
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void anEmptyDatabaseIsBroughtToTheCurrentSchemaAndAgainChangesNothing() throws IOException {
    assertEquals(
        List.of(),
        query(
            c ->
                strings(
                    c,
                    "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'hotline'")));
    CityRecord.migrate(db);

    Set<String> scripts = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/resources", CityRecord.MIGRATIONS))) {
      files.map(f -> f.getFileName().toString()).forEach(scripts::add);
    }
    List<String> appliedScripts =
        query(
            c ->
                strings(
                    c,
                    "SELECT script FROM hotline.flyway_schema_history WHERE success"
                        + " AND version IS NOT NULL"));
    Set<String> applied = new TreeSet<>(appliedScripts);
    assertEquals(scripts, applied, "every script in the module ran, and only those");

    List<String> tables =
        query(
            c ->
                strings(
                    c,
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'hotline' AND c.relkind IN ('r', 'p', 'v')"
                        + " AND NOT c.relispartition ORDER BY 1"));
    for (String expected :
        List.of(
            "agent_interval",
            "agent_state_change",
            "applied_update",
            "call_case",
            "call_detail",
            "call_offer",
            "callback",
            "callback_attempt",
            "call_participant",
            "caller_case",
            "case_day_counter",
            "case_record",
            "case_status_change",
            "case_timer",
            "incomplete_case",
            "outbox",
            "return_visit_due",
            "stream_position",
            "supervision_alert")) {
      assertTrue(tables.contains(expected), expected + " in " + tables);
    }
    List<String> partitioned =
        query(
            c ->
                strings(
                    c,
                    "SELECT c.relname FROM pg_partitioned_table p JOIN pg_class c"
                        + " ON c.oid = p.partrelid ORDER BY 1"));
    assertEquals(new TreeSet<>(CityRecord.MONTHLY_TABLES), new TreeSet<>(partitioned));

    int before = applied.size();
    CityRecord.migrate(db);
    assertEquals(
        before,
        query(c -> strings(c, "SELECT script FROM hotline.flyway_schema_history")).stream()
            .filter(s -> s.startsWith("V"))
            .count());
  }

  @Test
  void aRowWrittenBeforeItsMonthHadAPartitionMovesIntoItUnchanged() {
    CityRecord.migrate(db);
    Instant at = YearMonth.of(2031, 3).atDay(14).atTime(9, 30).atZone(SHANGHAI).toInstant();
    db.transaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO hotline.agent_state_change (agent_id, at, seq, from_state,"
                          + " to_state, source) VALUES ('a1', ?, 1, 'out', 'avail', '1-0')")) {
                ps.setObject(1, at.atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
              }
              return null;
            })
        .toCompletableFuture()
        .join();
    assertEquals(List.of("agent_state_change_default"), partitionsHolding());

    MonthlyPartitions partitions = new MonthlyPartitions(db, SHANGHAI);
    int created =
        partitions
            .create(YearMonth.of(2031, 1), YearMonth.of(2031, 12))
            .toCompletableFuture()
            .join();
    assertEquals(12 * CityRecord.MONTHLY_TABLES.size(), created);
    assertEquals(List.of("agent_state_change_203103"), partitionsHolding());
    // again: nothing to create, nothing moves
    assertEquals(
        0,
        partitions
            .create(YearMonth.of(2031, 1), YearMonth.of(2031, 12))
            .toCompletableFuture()
            .join());
    assertEquals(List.of("agent_state_change_203103"), partitionsHolding());
  }

  private List<String> partitionsHolding() {
    return query(
        c ->
            strings(
                c,
                "SELECT (SELECT relname FROM pg_class WHERE oid = s.tableoid)"
                    + " FROM hotline.agent_state_change s"
                    + " WHERE agent_id = 'a1'"));
  }
}
