package org.hotline.reports.centre;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.hotline.cityrecord.CityRecord;
import org.hotline.cityrecord.MonthlyPartitions;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.hotline.pg.support.SqlWork;

/**
 * One hand-built day of the record, Monday 2 March 2026 in Asia/Shanghai, with a call the evening
 * before and one the day after; inserted once per test JVM into a database of its own (month
 * partitions made as the application makes them). The tables below are the rows inserted, and every
 * expected figure in the tests is worked out from them.
 */
final class HandBuiltDay {

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  /** The agent report is made at 10:00 on the day. */
  static final Instant NOW = at("10:00:00");

  static final QueueThresholds GENERAL = QueueThresholds.of("general"); // 20 s, 5 s
  static final QueueThresholds ELDERLY =
      new QueueThresholds("elderly", Duration.ofSeconds(15), QueueThresholds.DEFAULT_SHORT_ABANDON);
  static final List<QueueThresholds> QUEUES = List.of(GENERAL, ELDERLY);

  private static Database db;
  private static long seq;

  private HandBuiltDay() {}

  /** The record with the day in it, made on first use. */
  static synchronized Database db() {
    if (db == null) {
      LocalPostgres pg = LocalPostgres.shared();
      String url =
          pg.createDatabase(
              "centre_reports",
              "city_record",
              u -> CityRecord.migrate(u, pg.user(), pg.password()));
      Database d =
          Database.connect(
              DatabaseSettings.of(url, pg.user(), pg.password(), "centre-reports-test")
                  .withPoolSize(2));
      await(new MonthlyPartitions(d, ZONE).create(YearMonth.of(2026, 2), YearMonth.of(2026, 4)));
      await(
          d.transaction(
              c -> {
                insertCalls(c);
                insertAgents(c);
                return null;
              }));
      db = d;
    }
    return db;
  }

  static CentreReports reports() {
    return new CentreReports(db());
  }

  static <T> T read(SqlWork<T> work) {
    return await(db().query(work));
  }

  /** Binds a statement's parameters. */
  interface Binder {
    void bind(Connection c, PreparedStatement ps) throws SQLException;
  }

  /** PostgreSQL's plan for {@code sql} with the parameters {@code binder} gives. */
  static String plan(String sql, Binder binder) {
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            binder.bind(c, ps);
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
              }
            }
            return out.toString();
          }
        });
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code hh:mm:ss} on the day, or {@code yyyy-MM-dd hh:mm:ss}, on the centre's clock. */
  static Instant at(String time) {
    LocalDateTime local =
        time.length() > 8
            ? LocalDateTime.parse(time.replace(' ', 'T'))
            : LocalDateTime.of(DAY, LocalTime.parse(time));
    return local.atZone(ZONE).toInstant();
  }

  /** The same moment as the reports give it: on the centre's clock. */
  static OffsetDateTime local(String time) {
    return at(time).atZone(ZONE).toOffsetDateTime();
  }

  /**
   * The calls, one row each (times on the centre's clock, on the day given; wait = queued →
   * answered, or → ended when unanswered: checked against the times as the rows are read). c6 was
   * answered by a2 in general (52 s of talk), handed on to elderly and answered there by a1 (140 s,
   * 20 s of it on hold): the record keeps its first queue and answer, a1 as its agent and both
   * legs' talk (52 + 140 = 192). c2's wrap-up is still running at 10:00, so its wrap_sec is null.
   * c9 waited exactly the 5 s short-abandon threshold.
   */
  static final String CALLS =
      """
      call day   entered  queued   answered ended    queues          outcome         wait
      c0   03-01 23:55:00 23:55:05 23:55:15 23:58:15 general         answered        10
      c12  03-02 07:30:00 -        -        07:30:40 -               ivr             -
      c1   03-02 08:00:00 08:00:02 08:00:22 08:05:22 general         answered        20
      c3   03-02 08:14:40 08:14:50 08:15:05 08:20:05 general         answered        15
      c4   03-02 08:19:55 08:20:00 -        08:20:03 general         short_abandoned 3
      c5   03-02 08:20:50 08:21:00 -        08:21:45 general         abandoned       45
      c9   03-02 08:25:00 08:25:02 -        08:25:07 general         abandoned       5
      c6   03-02 08:29:50 08:30:00 08:30:08 08:33:30 general,elderly answered        8
      c7   03-02 08:30:50 08:31:00 08:31:16 08:33:16 elderly         answered        16
      c8   03-02 08:40:00 -        -        08:40:20 -               ivr             -
      c10  03-02 09:00:00 09:00:05 -        09:00:35 general         dropped         30
      c2   03-02 09:39:55 09:40:05 09:40:35 09:44:35 general         answered        30
      c11  03-03 08:00:00 08:00:05 08:00:10 08:02:10 general         answered        5
      """;

  /** The rest of each call's row (- is null; the withheld caller's number is "anonymous"). */
  static final String CALL_FACTS =
      """
      call agent talk hold wrap transfers hangup_by cause line  ivr caller
      c0   a9    180  0    10   0         caller    16    12345 1   13912345678
      c12  -     -    -    -    0         caller    16    12345 -   13600003333
      c1   a1    300  30   40   0         caller    16    12345 1   13912345678
      c3   a2    300  25   60   0         agent     16    12345 2   13800001111
      c4   -     -    -    -    0         caller    16    12345 1   -
      c5   -     -    -    -    0         caller    16    12345 1   13912345678
      c9   -     -    -    -    0         caller    16    12345 1   13100009999
      c6   a1    192  20   30   1         caller    16    12345 3   13500002222
      c7   a3    120  0    20   0         agent     16    12349 -   13500002222
      c8   -     -    -    -    0         caller    16    12345 -   13600003333
      c10  -     -    -    -    0         exchange  34    12345 1   13700004444
      c2   a2    240  0    -    0         agent     16    12345 1   13912345678
      c11  a9    120  0    10   0         caller    16    12345 1   13912345678
      """;

  /**
   * Every agent state change, in the seat manager's order (each state lasts until the agent's next
   * change). a9 signed out the evening before; a1's break spans midnight; a1 let c3 ring out
   * (paused no-answer); a2 is still in c2's wrap-up at 10:00; a3 signs in again after 10:00.
   */
  static final String STATES =
      """
      agent day   at       from    to      reason    call
      a9    03-01 20:00:00 out     avail   -         -
      a9    03-01 23:59:00 avail   out     -         -
      a1    03-01 23:00:00 out     avail   -         -
      a1    03-01 23:50:00 avail   paused  break     -
      a1    03-02 00:10:00 paused  avail   -         -
      a1    03-02 08:00:12 avail   offered -         c1
      a1    03-02 08:00:22 offered oncall  -         c1
      a1    03-02 08:05:22 oncall  wrap    -         c1
      a1    03-02 08:06:02 wrap    avail   -         -
      a1    03-02 08:14:52 avail   offered -         c3
      a1    03-02 08:15:00 offered paused  no-answer -
      a1    03-02 08:16:00 paused  avail   -         -
      a1    03-02 08:31:02 avail   offered -         c6
      a1    03-02 08:31:10 offered oncall  -         c6
      a1    03-02 08:33:30 oncall  wrap    -         c6
      a1    03-02 08:34:00 wrap    avail   -         -
      a1    03-02 09:00:00 avail   paused  meal      -
      a1    03-02 10:00:00 paused  out     -         -
      a2    03-02 08:00:00 out     avail   -         -
      a2    03-02 08:15:00 avail   offered -         c3
      a2    03-02 08:15:05 offered oncall  -         c3
      a2    03-02 08:20:05 oncall  wrap    -         c3
      a2    03-02 08:21:05 wrap    avail   -         -
      a2    03-02 08:30:02 avail   offered -         c6
      a2    03-02 08:30:08 offered oncall  -         c6
      a2    03-02 08:31:00 oncall  wrap    -         c6
      a2    03-02 08:31:30 wrap    avail   -         -
      a2    03-02 09:40:30 avail   offered -         c2
      a2    03-02 09:40:35 offered oncall  -         c2
      a2    03-02 09:44:35 oncall  wrap    -         c2
      a3    03-02 08:30:00 out     avail   -         -
      a3    03-02 08:31:10 avail   offered -         c7
      a3    03-02 08:31:16 offered oncall  -         c7
      a3    03-02 08:33:16 oncall  wrap    -         c7
      a3    03-02 08:33:36 wrap    avail   -         -
      a3    03-02 08:45:00 avail   paused  training  -
      a3    03-02 09:15:00 paused  out     -         -
      a3    03-02 10:30:00 out     avail   -         -
      """;

  /** Every offer of a call to a seat, on the day. */
  static final String OFFERS =
      """
      call agent queue   from     to       outcome
      c1   a1    general 08:00:12 08:00:22 answered
      c3   a1    general 08:14:52 08:15:00 noanswer
      c3   a2    general 08:15:00 08:15:05 answered
      c6   a2    general 08:30:02 08:30:08 answered
      c6   a1    elderly 08:31:02 08:31:10 answered
      c7   a3    elderly 08:31:10 08:31:16 answered
      c2   a2    general 09:40:30 09:40:35 answered
      """;

  private static void insertCalls(Connection c) throws SQLException {
    Map<String, Map<String, String>> facts = new HashMap<>();
    for (Map<String, String> row : rows(CALL_FACTS)) {
      facts.put(row.get("call"), row);
    }
    for (Map<String, String> row : rows(CALLS)) {
      call(c, row, facts.get(row.get("call")));
    }
  }

  private static void insertAgents(Connection c) throws SQLException {
    for (Map<String, String> row : rows(STATES)) {
      state(c, row);
    }
    for (Map<String, String> row : rows(OFFERS)) {
      offer(c, row);
    }
  }

  /** A table above as rows of column → value ({@code -} is null). */
  private static List<Map<String, String>> rows(String table) {
    List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
    String[] header = lines.get(0).trim().split("\\s+");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      if (cells.length != header.length) {
        throw new IllegalArgumentException("not " + header.length + " cells: " + line);
      }
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], cells[i].equals("-") ? null : cells[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  /** {@code hh:mm:ss} on {@code MM-dd} of 2026, on the centre's clock; null stays null. */
  private static Instant at(String day, String time) {
    return time == null ? null : at("2026-" + day + " " + time);
  }

  private static void call(Connection c, Map<String, String> times, Map<String, String> facts)
      throws SQLException {
    String id = times.get("call");
    String day = times.get("day");
    Instant entered = at(day, times.get("entered"));
    Instant queued = at(day, times.get("queued"));
    Instant answered = at(day, times.get("answered"));
    Instant ended = at(day, times.get("ended"));
    Integer wait =
        queued == null
            ? null
            : (int) Duration.between(queued, answered == null ? ended : answered).toSeconds();
    if (!Objects.equals(wait, integer(times.get("wait")))) {
      throw new IllegalStateException(id + " waits " + wait + " s, not " + times.get("wait"));
    }
    String caller = facts.get("caller");
    String queues = times.get("queues");
    Integer hold = integer(facts.get("hold"));
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.call_detail (server, call_id, entered_at, linked_id,"
                + " caller_number, caller, dialled, line, ivr_choice, queues, queued_at,"
                + " answered_at, agent_id, seat_id, ended_at, outcome, hangup_by, hangup_cause,"
                + " wait_sec, talk_sec, hold_sec, wrap_sec, holds, transfers, ending_note,"
                + " recorded_by) VALUES ('s', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, 'lifecycle')")) {
      int i = 1;
      ps.setString(i++, "s:" + id);
      ps.setObject(i++, utc(entered));
      ps.setString(i++, id);
      ps.setString(i++, caller == null ? "anonymous" : caller);
      ps.setString(i++, caller);
      ps.setString(i++, facts.get("line"));
      ps.setString(i++, facts.get("line"));
      ps.setString(i++, facts.get("ivr"));
      ps.setArray(i++, c.createArrayOf("text", queues == null ? new String[0] : queues.split(",")));
      ps.setObject(i++, utc(queued));
      ps.setObject(i++, utc(answered));
      ps.setString(i++, facts.get("agent"));
      ps.setString(i++, facts.get("agent") == null ? null : "seat-" + facts.get("agent"));
      ps.setObject(i++, utc(ended));
      ps.setString(i++, times.get("outcome"));
      ps.setString(i++, facts.get("hangup_by"));
      ps.setObject(i++, integer(facts.get("cause")), Types.INTEGER);
      ps.setObject(i++, wait, Types.INTEGER);
      ps.setObject(i++, integer(facts.get("talk")), Types.INTEGER);
      ps.setObject(i++, hold, Types.INTEGER);
      ps.setObject(i++, integer(facts.get("wrap")), Types.INTEGER);
      ps.setInt(i++, hold != null && hold > 0 ? 1 : 0);
      ps.setInt(i++, integer(facts.get("transfers")));
      ps.setString(i, times.get("outcome").equals("dropped") ? "dropped:queue:test" : null);
      ps.executeUpdate();
    }
  }

  private static void state(Connection c, Map<String, String> row) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.agent_state_change (agent_id, at, seq, seat_id, from_state,"
                + " to_state, reason, call_id, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      long n = ++seq; // the stream's order is the table's
      String agent = row.get("agent");
      ps.setString(1, agent);
      ps.setObject(2, utc(at(row.get("day"), row.get("at"))));
      ps.setLong(3, n);
      ps.setString(4, "seat-" + agent);
      ps.setString(5, row.get("from"));
      ps.setString(6, row.get("to"));
      ps.setString(7, row.get("reason"));
      ps.setString(8, row.get("call") == null ? null : "s:" + row.get("call"));
      ps.setString(9, n + "-0");
      ps.executeUpdate();
    }
  }

  private static void offer(Connection c, Map<String, String> row) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.call_offer (call_id, rang_from, agent_id, seat_id, queue_id,"
                + " rang_to, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, "s:" + row.get("call"));
      ps.setObject(2, utc(at("03-02", row.get("from"))));
      ps.setString(3, row.get("agent"));
      ps.setString(4, "seat-" + row.get("agent"));
      ps.setString(5, row.get("queue"));
      ps.setObject(6, utc(at("03-02", row.get("to"))));
      ps.setString(7, row.get("outcome"));
      ps.executeUpdate();
    }
  }

  private static Integer integer(String s) {
    return s == null ? null : Integer.valueOf(s);
  }

  private static OffsetDateTime utc(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }
}
