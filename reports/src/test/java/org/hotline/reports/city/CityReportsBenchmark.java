package org.hotline.reports.city;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hotline.cityrecord.CityRecord;
import org.hotline.cityrecord.MonthlyPartitions;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;

/**
 * The monthly district/street report over one month of a 20,000-calls-a-day centre, against a plain
 * {@code count(*)} of the same month's rows, in the same run on the same database (the ratio is the
 * figure; the machine is shared and noisy). The other city reports are timed beside it.
 *
 * <p>A new database migrated by {@link CityRecord#migrate}; one month of cases written by one
 * {@code INSERT … SELECT} over {@code generate_series} in the case bridge's row shape (the real
 * gazetteer's streets, the taxonomy's leaves, 35% answered on the call, the rest dispatched with
 * their time limits, acceptance, resolution and return visits drawn at random; triggers and indexes
 * as in production), then VACUUM ANALYZE, as autovacuum would have left a past month.
 *
 * <p>Run: {@code mvn -B -pl reports -am verify -DskipTests -Dbench.reports=month}; {@code
 * -Dbench.perDay=2000} for a quick try. Writes {@code reports/target/bench/city.md} with the plan.
 */
public final class CityReportsBenchmark {

  private static final int PER_DAY = Integer.getInteger("bench.perDay", 20_000);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
  private static final YearMonth MONTH = YearMonth.of(2026, 11);
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private static final String COUNT_SQL =
      "SELECT count(*) FROM hotline.case_record WHERE created_at >= ? AND created_at < ?";

  private CityReportsBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path config = ConfigFiles.dir();
    Places places = Places.load(config.resolve("jurisdictions.yaml"));
    Categories categories = Categories.load(config.resolve("taxonomy.yaml"));
    CityReportsConfig settings =
        CityReportsConfigLoader.load(config.resolve("reports.yaml"), ZONE, categories);
    StringBuilder md = new StringBuilder();
    try (LocalPostgres pg = LocalPostgres.fromEnvironment()) {
      String url = pg.createDatabase("city_bench");
      CityRecord.migrate(url, pg.user(), pg.password());
      Period month = Period.month(MONTH, ZONE);
      int days = MONTH.lengthOfMonth();
      long wanted = (long) PER_DAY * days;
      try (Database db =
              Database.connect(
                  DatabaseSettings.of(url, pg.user(), pg.password(), "city-bench")
                      .withPoolSize(2)
                      .withConnectionTimeout(Duration.ofMinutes(5)));
          Connection admin = DriverManager.getConnection(url, pg.user(), pg.password())) {
        new MonthlyPartitions(db, ZONE)
            .create(MONTH.minusMonths(12), MONTH.plusMonths(1))
            .toCompletableFuture()
            .join();
        System.out.printf(Locale.ROOT, "writing %,d cases of %s%n", wanted, MONTH);
        long t = System.nanoTime();
        generate(admin, places, categories, month, wanted);
        double writeSeconds = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        execute(admin, "VACUUM (ANALYZE) hotline.case_record");
        execute(admin, "CHECKPOINT");
        double vacuumSeconds = (System.nanoTime() - t) / 1e9;
        long rows = count(admin, month);
        System.out.printf(
            Locale.ROOT, "%,d rows in %.0f s, vacuum %.0f s%n", rows, writeSeconds, vacuumSeconds);

        CityReports reports =
            new CityReports(
                db,
                settings,
                places,
                categories,
                Clock.fixed(month.end().plusSeconds(86_400 * 3), ZONE));
        // warm both: the month's pages in shared buffers and the OS cache, plans cached
        count(admin, month);
        reports.monthlyRates(MONTH).toCompletableFuture().join();

        List<Long> baseline = new ArrayList<>();
        List<Long> monthly = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
          // interleaved, so that the machine's noise falls on both alike
          baseline.add(time(() -> count(admin, month)));
          monthly.add(time(() -> reports.monthlyRates(MONTH).toCompletableFuture().join()));
        }
        long units = time(() -> reports.units(MONTH).toCompletableFuture().join());
        long classification =
            time(() -> reports.classification(MONTH).toCompletableFuture().join());
        long review =
            time(() -> reports.districtReview(MONTH, "chaoyang").toCompletableFuture().join());
        long hot = time(() -> reports.hotIssues(MONTH).toCompletableFuture().join());
        long weekly =
            time(() -> reports.weeklyHotList(MONTH.atDay(16)).toCompletableFuture().join());
        long livelihood = time(() -> reports.livelihood(MONTH).toCompletableFuture().join());
        MonthlyRates sample = reports.monthlyRates(MONTH).toCompletableFuture().join();

        long base = median(baseline);
        long ours = median(monthly);
        md.append("# City reports benchmark (`CityReportsBenchmark`)\n\n");
        md.append(
            String.format(
                Locale.ROOT,
                "Run %s on %d cores, Java %s; PostgreSQL %s (%s), shared_buffers %s, work_mem %s"
                    + " (the reports set 64MB in their transaction), max_parallel_workers_per_gather"
                    + " %s.%n%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                setting(admin, "server_version"),
                pg.owned() ? "embedded, started by the harness" : "DATABASE_URL",
                setting(admin, "shared_buffers"),
                setting(admin, "work_mem"),
                setting(admin, "max_parallel_workers_per_gather")));
        md.append(
            String.format(
                Locale.ROOT,
                "Data: %,d cases in %s (%,d a day), %d districts and %d streets of the gazetteer,"
                    + " written in %.0f s, VACUUM ANALYZE + CHECKPOINT %.0f s. Month partition:"
                    + " %s.%n%n",
                rows,
                MONTH,
                PER_DAY,
                places.districts().size(),
                places.streets().size(),
                writeSeconds,
                vacuumSeconds,
                single(
                    admin,
                    "SELECT pg_size_pretty(pg_total_relation_size('hotline.case_record_"
                        + MONTH.toString().replace("-", "")
                        + "'))")));
        md.append("| what | median of ")
            .append(ROUNDS)
            .append(" (ms) | all runs (ms) | ÷ count(*) |\n|---|---|---|---|\n");
        md.append(row("`count(*)` of the month's rows (baseline)", baseline, base));
        md.append(
            row(
                "`monthlyRates`: districts and streets, three rates, overdue, ranking",
                monthly,
                base));
        md.append(
            "\nThe other reports, once each, same data:\n\n| report | ms | ÷ count(*) |\n|---|---|---|\n");
        md.append(once("`units` (avg and percentile_cont per unit)", units, base));
        md.append(
            once("`classification` (this month and the last: two scans)", classification, base));
        md.append(once("`districtReview` (classification + open cases, 6 months)", review, base));
        md.append(once("`hotIssues` (13 months for the year-on-year, 4 for the jumps)", hot, base));
        md.append(once("`weeklyHotList`", weekly, base));
        md.append(once("`livelihood` (6 months of trend)", livelihood, base));
        md.append(
            String.format(
                Locale.ROOT,
                "%nSample: city response rate %s, %d districts, %d streets, %d ranked.%n",
                sample
                    .city()
                    .rates()
                    .response()
                    .value()
                    .map(v -> String.format(Locale.ROOT, "%.3f", v))
                    .orElse("no data"),
                sample.districts().size(),
                sample.streets().size(),
                sample.streets().stream().filter(s -> s.rank().isPresent()).count()));
        md.append("\n## Plan of the monthly statement\n\n```\n")
            .append(explain(admin, settings, places, month))
            .append("```\n");
      }
    }
    Path out = Path.of("target/bench/city.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
    System.out.println(md);
  }

  /** One month of cases, drawn in the database. */
  private static void generate(
      Connection c, Places places, Categories categories, Period month, long n)
      throws SQLException {
    List<String> streets = new ArrayList<>();
    places.streets().forEach(s -> streets.add(s.districtId() + "." + s.id()));
    List<String> leaves = categories.leafCodes();
    String sql =
        "INSERT INTO hotline.case_record (case_id, created_at, status, updated_at, call_id,"
            + " server, linked_id, caller_number, caller, queue_id, entered_at, language,"
            + " request_type, category, location, district, street, urgency, disposition,"
            + " submitted_at, deadline, unit, accepted_at, resolved_at, visited_at, visit_resolved,"
            + " satisfaction)"
            + " SELECT 'B' || g, t,"
            + "  CASE WHEN draft THEN 'draft' WHEN NOT dispatch THEN 'closed'"
            + "   WHEN visited THEN (CASE WHEN vr AND sat <> 'unsatisfied' THEN 'closed'"
            + "    ELSE 'reopened' END)"
            + "   WHEN resolved IS NOT NULL THEN 'resolved'"
            + "   WHEN accepted IS NOT NULL THEN 'accepted' ELSE 'dispatched' END,"
            + "  t, 'call-' || g, 'pbx1', 'call-' || g, caller, caller, 'general',"
            + "  t - interval '90 seconds', 'zh',"
            + "  CASE WHEN draft THEN NULL WHEN dispatch THEN 'complaint' ELSE 'consultation' END,"
            + "  CASE WHEN draft THEN NULL ELSE cat END,"
            + "  CASE WHEN draft THEN NULL ELSE '小区' || (g % 5000) || '号楼' END,"
            + "  CASE WHEN draft THEN NULL ELSE split_part(place, '.', 1) END,"
            + "  CASE WHEN draft THEN NULL ELSE split_part(place, '.', 2) END,"
            + "  CASE WHEN draft THEN NULL ELSE urgency END,"
            + "  CASE WHEN draft THEN NULL WHEN dispatch THEN 'dispatch' ELSE 'direct_answer' END,"
            + "  CASE WHEN draft THEN NULL ELSE submitted END,"
            + "  CASE WHEN dispatch AND NOT draft THEN submitted + time_limit END,"
            + "  CASE WHEN dispatch AND NOT draft THEN 'unit-' || split_part(place, '.', 2) END,"
            + "  CASE WHEN dispatch AND NOT draft THEN accepted END,"
            + "  CASE WHEN dispatch AND NOT draft THEN resolved END,"
            + "  CASE WHEN visited THEN resolved + interval '1 day' END,"
            + "  CASE WHEN visited THEN vr END,"
            + "  CASE WHEN visited THEN sat END"
            + " FROM (SELECT g, t, place, cat, caller, draft, dispatch, urgency, time_limit,"
            + "   t + interval '3 minutes' AS submitted,"
            + "   CASE WHEN r_acc < 0.9 THEN t + interval '3 minutes' + r_acc * interval '60 hours'"
            + "   END AS accepted,"
            + "   CASE WHEN r_res < 0.75 THEN t + interval '3 minutes' + r_res * interval '12 days'"
            + "   END AS resolved,"
            + "   dispatch AND NOT draft AND r_res < 0.75 AND r_vis < 0.6 AS visited,"
            + "   r_vr < 0.85 AS vr,"
            + "   CASE WHEN r_sat < 0.7 THEN 'satisfied' WHEN r_sat < 0.9 THEN 'basically_satisfied'"
            + "    ELSE 'unsatisfied' END AS sat"
            + "  FROM (SELECT g,"
            + "    ?::timestamptz + (g - 1) * (? / ?::double precision) * interval '1 second' AS t,"
            + "    (?::text[])[1 + floor(random() * ?)::int] AS place,"
            + "    (?::text[])[1 + floor(random() * ?)::int] AS cat,"
            // 5% of the calls from 2,000 frequent numbers
            + "    CASE WHEN random() < 0.05 THEN '1390000' || lpad((floor(random() * 2000))::text,"
            + "     4, '0') ELSE '13' || lpad((floor(random() * 1e9))::bigint::text, 9, '0') END"
            + "     AS caller,"
            + "    random() < 0.01 AS draft, random() < 0.65 AS dispatch,"
            + "    random() AS r_acc, random() AS r_res, random() AS r_vis, random() AS r_vr,"
            + "    random() AS r_sat, u"
            + "   FROM generate_series(1, ?) AS g, LATERAL (SELECT random() AS u) draw) x,"
            + "  LATERAL (SELECT CASE WHEN u < 0.05 THEN 'emergency' WHEN u < 0.20 THEN 'utility'"
            + "    WHEN u < 0.90 THEN 'general' ELSE 'complex' END AS urgency) urg,"
            + "  LATERAL (SELECT CASE urgency WHEN 'emergency' THEN interval '2 hours'"
            + "    WHEN 'utility' THEN interval '24 hours' WHEN 'general' THEN interval '7 days'"
            + "    ELSE interval '15 days' END AS time_limit) lim) y";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setObject(i++, month.start().atOffset(ZoneOffset.UTC));
      ps.setLong(i++, month.end().getEpochSecond() - month.start().getEpochSecond());
      ps.setLong(i++, n);
      ps.setArray(i++, c.createArrayOf("text", streets.toArray()));
      ps.setInt(i++, streets.size());
      ps.setArray(i++, c.createArrayOf("text", leaves.toArray()));
      ps.setInt(i++, leaves.size());
      ps.setLong(i, n);
      ps.executeUpdate();
    }
  }

  private static String explain(Connection c, CityReportsConfig settings, Places places, Period p)
      throws SQLException {
    String sql = new AreaRatesQuery(settings, places).sql();
    StringBuilder out = new StringBuilder();
    try (Statement s = c.createStatement()) {
      s.execute("SET work_mem = '64MB'");
    }
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
      ps.setArray(1, c.createArrayOf("text", settings.rates().satisfiedAnswers().toArray()));
      ps.setObject(2, p.end().plusSeconds(86_400 * 3).atOffset(ZoneOffset.UTC));
      ps.setObject(3, p.start().atOffset(ZoneOffset.UTC));
      ps.setObject(4, p.end().atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.append(rs.getString(1)).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static long count(Connection c, Period p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COUNT_SQL)) {
      ps.setObject(1, p.start().atOffset(ZoneOffset.UTC));
      ps.setObject(2, p.end().atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long time(Callable<?> work) throws Exception {
    long t = System.nanoTime();
    work.call();
    return (System.nanoTime() - t) / 1_000_000;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String row(String what, List<Long> runs, long base) {
    long m = median(runs);
    return String.format(
        Locale.ROOT, "| %s | %d | %s | **%.2f** |%n", what, m, runs, (double) m / base);
  }

  private static String once(String what, long ms, long base) {
    return String.format(Locale.ROOT, "| %s | %d | %.1f |%n", what, ms, (double) ms / base);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String setting(Connection c, String name) throws SQLException {
    return single(c, "SELECT current_setting('" + name + "')");
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
