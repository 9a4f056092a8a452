package org.hotline.cases.bench;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallerHistory;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.bench.RecordLoader.CaseKey;
import org.hotline.cases.bench.RecordLoader.Kind;
import org.hotline.cases.bench.RecordLoader.Loaded;
import org.hotline.cases.bench.RecordLoader.Template;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.delivery.Delivery;
import org.hotline.cases.delivery.DeliveryOutcome;
import org.hotline.cases.delivery.DeliveryTarget;
import org.hotline.cases.jurisdiction.District;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.cases.store.PgCaseBridge;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cityrecord.CityRecord;
import org.hotline.cityrecord.MonthlyPartitions;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.postgresql.PGConnection;

/**
 * The city's record in PostgreSQL under a centre's load, each figure beside a baseline measured in
 * the same run on the same database:
 *
 * <ol>
 *   <li>the screen pop ({@code PgCaseBridge.callerHistory}) with 100 days of a 20,000-calls-a-day
 *       centre stored (2,000,000 cases, 2,100,000 call detail rows), against a primary-key SELECT
 *       of one case over the same pool; again with the partitions of five years, with the plans;
 *   <li>case submission (call answered, then the form: two transactions through the bridge) against
 *       a bare one-row INSERT transaction, at the same concurrency;
 *   <li>outbox delivery of a backlog by two bridge instances against one;
 *   <li>a month's cases by district against a count of that month's partition;
 *   <li>disk bytes per case and per call.
 * </ol>
 *
 * <p>Everything runs on its own PostgreSQL (an embedded server, or {@code DATABASE_URL}) in a new
 * database migrated by {@link CityRecord#migrate}. The rows are COPYed in by {@link RecordLoader},
 * not written through the bridge (that would take hours), but in the bridge's shape: the form
 * columns come from cases the bridge made in the same database. Smaller runs for trying the
 * harness: {@code -Dbench.days=3 -Dbench.perDay=2000}.
 *
 * <p>Run: {@code mvn -B -Pbench -pl case-bridge -am verify -DskipTests}. Writes {@code
 * target/bench/record.md} and the full plans to {@code target/bench/record-plans.txt}.
 */
public final class RecordBenchmark {

  private static final int DAYS = Integer.getInteger("bench.days", 100);
  private static final int PER_DAY = Integer.getInteger("bench.perDay", 20_000);
  private static final int READS = Integer.getInteger("bench.reads", 20_000);
  private static final int BACKLOG = Integer.getInteger("bench.backlog", 20_000);
  private static final String OPEN = "status NOT IN ('resolved', 'visited', 'closed')";

  /** The bridge's own screen-pop statement, for EXPLAIN (the timings go through the bridge). */
  private static final String HISTORY_SQL = org.hotline.cases.store.PgCaseStore.HISTORY_SQL;

  private record FormSpec(String category, String location, String summary, boolean dispatch) {}

  private static final List<FormSpec> FORMS =
      List.of(
          new FormSpec(
              "heating.not_warm", "望京西园三区5号楼2单元", "室温只有14度，已持续三天，物业称热力公司负责，要求尽快派人检修。", true),
          new FormSpec(
              "noise.construction", "三里屯太古里北区旁边的工地", "工地每晚十一点后仍在施工，噪声很大，影响附近居民休息，希望有关部门查处。", true),
          new FormSpec("parking.illegal", "南锣鼓巷北口", "胡同口长期有车辆违停，消防通道被堵，老人出行不便。", true),
          new FormSpec("property.fees", "后海北沿小区", "物业今年擅自上调物业费，未经业主大会同意，也没有公示收费依据，要求说明。", true),
          new FormSpec("construction.night_works", "国贸桥东南角", "夜间施工电焊火花飞溅，围挡不全，存在安全隐患，请尽快处理。", true),
          new FormSpec("rental.deposit", "望京SOHO附近的小区", "租房到期后中介拒绝退还押金三千元，多次沟通无果，请求协调。", true),
          new FormSpec("property.fees", "和平里", "咨询物业费收费标准及调价程序，已告知相关政策和投诉渠道。", false),
          new FormSpec("heating.fees", "天坛附近", "咨询采暖费缴纳时间及方式，已解答，市民表示满意。", false),
          new FormSpec("parking.fees", "东直门", "咨询路侧停车收费标准和缴费方式，已直接答复。", false));

  public static void main(String[] args) throws Exception {
    StringBuilder md = new StringBuilder();
    StringBuilder plans = new StringBuilder();
    String loadBefore = loadAverage();
    try (LocalPostgres pg = LocalPostgres.fromEnvironment()) {
      String url = pg.createDatabase("record_bench");
      CityRecord.migrate(url, pg.user(), pg.password());
      CasesConfig config = CasesConfig.defaults().withCentre("record-bench");
      ZoneId zone = config.zone();
      Clock clock = Clock.systemUTC();
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      YearMonth thisMonth = YearMonth.from(now.atZone(zone));
      Instant end = now.minus(Duration.ofMinutes(10));
      Instant start = end.minus(Duration.ofDays(DAYS));
      long casesWanted = (long) DAYS * PER_DAY;

      try (Connection admin = connect(url, pg);
          Database db = Database.connect(settings(url, pg, "record-bench"))) {
        MonthlyPartitions partitions = new MonthlyPartitions(db, zone);
        // the months of the data and the two ahead, as the bridge's tick keeps them
        await(partitions.create(YearMonth.from(start.atZone(zone)), thisMonth.plusMonths(2)));
        // this bridge's delivery worker is never started: its outbox entries wait for phase 3
        CountingTarget neverCalled = new CountingTarget(new ConcurrentHashMap<>());
        PgCaseBridge bridge =
            PgCaseBridge.builder(db, config, Fixtures.taxonomy(), Fixtures.gazetteer())
                .target(neverCalled)
                .clock(clock)
                .instanceId("bench-main")
                .build();

        // ---- templates: real cases through the bridge ----
        List<String> columns = columns(admin, "hotline.case_record");
        List<Template> templates = new ArrayList<>();
        String payloadCaseId = null;
        for (int k = 0; k < FORMS.size(); k++) {
          FormSpec spec = FORMS.get(k);
          String callId = "template-" + k;
          CallFacts facts =
              Fixtures.answeredCall(callId, "1380000000" + k, now.minusSeconds(900))
                  .ended(now.minusSeconds(600));
          await(bridge.callAnswered(facts));
          await(bridge.callEnded(facts));
          Case made = await(bridge.submitForm(callId, form(spec)));
          Duration toDeadline =
              made.deadline()
                  .map(d -> Duration.between(made.submittedAt().orElseThrow(), d))
                  .orElse(Duration.ZERO);
          templates.add(
              new Template(
                  row(admin, made.caseId()),
                  spec.dispatch() ? Kind.DISPATCH : Kind.DIRECT,
                  toDeadline));
          if (spec.dispatch() && payloadCaseId == null) {
            payloadCaseId = made.caseId();
          }
        }
        CallFacts draftCall =
            Fixtures.answeredCall("template-draft", "13899999999", now.minusSeconds(900))
                .ended(now.minusSeconds(600));
        await(bridge.callAnswered(draftCall));
        String draftId = await(bridge.callEnded(draftCall)).caseId();
        templates.add(new Template(row(admin, draftId), Kind.DRAFT, Duration.ZERO));
        String payload =
            single(admin, "SELECT payload FROM hotline.outbox WHERE case_id = ?", payloadCaseId);

        // ---- the load ----
        Gazetteer gazetteer = Fixtures.gazetteer();
        List<String[]> jurisdictions = new ArrayList<>();
        for (District d : gazetteer.districts()) {
          gazetteer
              .streetsOf(d.id())
              .forEach(j -> jurisdictions.add(new String[] {j.districtId(), j.streetId()}));
        }
        Map<String, String> dropped = dropSecondaryIndexes(admin);
        System.out.printf(Locale.ROOT, "loading %,d cases over %d days%n", casesWanted, DAYS);
        RecordLoader loader =
            new RecordLoader(
                url, pg.user(), pg.password(), zone, columns, templates, jurisdictions);
        Loaded loaded = loader.load(start, end, casesWanted, dayCounters(admin), 2 * BACKLOG);
        saveDayCounters(admin, loaded.dayCounters());
        System.out.printf(Locale.ROOT, "loaded in %.0f s%n", loaded.seconds());
        long t = System.nanoTime();
        execute(admin, "SET maintenance_work_mem = '512MB'");
        for (String def : dropped.values()) {
          // pg_indexes gives a partitioned index as "ON ONLY", which would build none of the
          // partitions' indexes
          execute(admin, def.replace(" ON ONLY ", " ON "));
        }
        if (count(admin, "SELECT count(*) FROM pg_index WHERE NOT indisvalid") > 0) {
          throw new IllegalStateException("an index is not valid after the rebuild");
        }
        double indexSeconds = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        // production's autovacuum would have visited these months long ago: hint bits and the
        // visibility map set, statistics current
        for (String table :
            List.of(
                "case_record",
                "case_status_change",
                "call_case",
                "caller_case",
                "call_detail",
                "callback")) {
          execute(admin, "VACUUM (ANALYZE) hotline." + table);
        }
        execute(admin, "CHECKPOINT");
        double vacuumSeconds = (System.nanoTime() - t) / 1e9;
        System.out.printf(
            Locale.ROOT, "indexes %.0f s, vacuum %.0f s%n", indexSeconds, vacuumSeconds);

        long cases = count(admin, "SELECT count(*) FROM hotline.case_record");
        long calls = count(admin, "SELECT count(*) FROM hotline.call_detail");
        String sizes = sizes(admin, cases, calls);

        md.append("# City record benchmark (`RecordBenchmark`)\n\n");
        md.append(
            String.format(
                Locale.ROOT,
                "Run %s on %d cores, %s; PostgreSQL %s (%s), shared_buffers %s, work_mem %s,"
                    + " max_parallel_workers_per_gather %s, fsync %s, synchronous_commit %s.%n"
                    + "Load average (1, 5, 15 min) at start: %s.%n%n",
                now,
                Runtime.getRuntime().availableProcessors(),
                "Java " + System.getProperty("java.version"),
                setting(admin, "server_version"),
                pg.owned() ? "embedded, started by the harness" : "DATABASE_URL",
                setting(admin, "shared_buffers"),
                setting(admin, "work_mem"),
                setting(admin, "max_parallel_workers_per_gather"),
                setting(admin, "fsync"),
                setting(admin, "synchronous_commit"),
                loadBefore));
        md.append(
            String.format(
                Locale.ROOT,
                "Data: %,d cases (%,d status lines) and %,d call detail rows (%,d abandoned, %,d"
                    + " callback candidates) over %d days, %s to %s, in %d monthly partitions per"
                    + " table; COPY %.0f s, secondary indexes built after it %.0f s, VACUUM"
                    + " ANALYZE + CHECKPOINT %.0f s.%n%n",
                cases,
                loaded.statusRows(),
                calls,
                loaded.abandoned(),
                loaded.callbacks(),
                DAYS,
                start,
                end,
                count(
                    admin,
                    "SELECT count(*) FROM pg_partition_tree('hotline.case_record') WHERE isleaf"
                        + " AND relid::text NOT LIKE '%default'"),
                loaded.seconds(),
                indexSeconds,
                vacuumSeconds));

        // ---- 1. the screen pop ----
        Random random = new Random(3);
        String[] callers = new String[READS];
        for (int i = 0; i < READS; i++) {
          double u = random.nextDouble();
          callers[i] =
              u < 0.10
                  ? RecordLoader.heavyCaller(random)
                  : u < 0.55
                      ? RecordLoader.occasionalCaller(random)
                      : RecordLoader.oneTimeOrNewCaller(random, loaded.calls());
        }
        List<CaseKey> keys = new ArrayList<>(loaded.sample());
        Collections.shuffle(keys, new Random(5));
        IntFunction<CompletionStage<?>> byKey =
            i -> {
              CaseKey k = keys.get(i % keys.size());
              return db.query(
                  c -> {
                    try (PreparedStatement ps =
                        c.prepareStatement(
                            "SELECT case_id, status, updated_at FROM hotline.case_record"
                                + " WHERE case_id = ? AND created_at = ?")) {
                      ps.setString(1, k.caseId());
                      ps.setObject(2, k.createdAt().atOffset(java.time.ZoneOffset.UTC));
                      try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                          throw new IllegalStateException("no case " + k);
                        }
                        return rs.getString(2);
                      }
                    }
                  });
            };
        IntFunction<CompletionStage<?>> pop = i -> bridge.callerHistory(callers[i % READS]);
        md.append("## 1. Caller history (the screen pop)\n\n");
        md.append(
            "Reads: one caller per read, 10% heavy callers, 45% occasional, 45% one-time or new"
                + " numbers. Baseline: `SELECT case_id, status, updated_at FROM"
                + " hotline.case_record WHERE case_id = ? AND created_at = ?` (primary key, one"
                + " partition) through the same `Database` pool (10 connections). "
                + String.format(
                    Locale.ROOT,
                    "%,d reads of each per row (%,d with five years' partitions), baseline and pop"
                        + " interleaved in one closed loop, after a fifth as many of warm-up.%n%n",
                    READS,
                    READS / 10));
        md.append(
            "| partitions | in flight | operation | mean µs | p50 µs | p99 µs | p99.9 µs |"
                + " p99 ÷ baseline p99 |\n|---|---|---|---|---|---|---|---|\n");
        String layout100 = DAYS + " days";
        historyRows(md, layout100, "caller history (callerHistory)", READS, byKey, pop);
        // the caller with the most cases: the biggest pop there is
        String heavy =
            single(
                admin,
                "SELECT caller FROM hotline.case_record WHERE caller LIKE ? GROUP BY caller"
                    + " ORDER BY count(*) DESC LIMIT 1",
                "%");
        CallerHistory heavyPop = await(bridge.callerHistory(heavy));
        long heavyOpen =
            count(
                admin,
                "SELECT count(*) FROM hotline.case_record WHERE caller = '"
                    + heavy
                    + "' AND "
                    + OPEN);
        if (heavyPop.openCount() != heavyOpen || heavyPop.lastCases().isEmpty()) {
          throw new IllegalStateException(
              "the pop disagrees with the table: " + heavyPop.openCount() + " vs " + heavyOpen);
        }
        String plan100 = explain(admin, heavy, now, config);
        plans.append("== history, ").append(layout100).append(", heavy caller ").append(heavy);
        plans.append(" ==\n").append(plan100).append("\n\n");

        // five years: 60 months of partitions for each monthly table (the older ones empty)
        await(partitions.create(thisMonth.minusMonths(59), thisMonth.plusMonths(2)));
        long leaves =
            count(
                admin,
                "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'hotline'"
                    + " AND c.relkind = 'r'");
        long caseLeaves =
            count(
                admin,
                "SELECT count(*) FROM pg_partition_tree('hotline.case_record') WHERE isleaf");
        String layout5y = "5 years (" + caseLeaves + " per table)";
        // a pop costs tens of milliseconds here: fewer reads keep the run short
        historyRows(md, layout5y, "caller history (callerHistory)", READS / 10, byKey, pop);
        {
          // not the bridge's code path: the same statement when PostgreSQL never makes a custom
          // plan for it, whose planning grows with the partitions

          Instant win = now.minus(config.history().repeatWindow());
          IntFunction<CompletionStage<?>> generic =
              i ->
                  db.transaction(
                      c -> {
                        execute(c, "SET LOCAL plan_cache_mode = force_generic_plan");
                        String who = callers[i % READS];
                        try (PreparedStatement ps = c.prepareStatement(HISTORY_SQL)) {
                          ps.setString(1, who);
                          ps.setInt(2, config.history().lastCases());
                          ps.setString(3, who);
                          ps.setInt(4, config.history().openCases());
                          ps.setString(5, who);
                          ps.setString(6, who);
                          ps.setObject(7, win.atOffset(java.time.ZoneOffset.UTC));
                          ps.setString(8, who);
                          ps.setObject(9, win.atOffset(java.time.ZoneOffset.UTC));
                          int n = 0;
                          try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                              n++;
                            }
                          }
                          return n;
                        }
                      });
          historyRows(
              md,
              layout5y,
              "the same statement, generic plan (SET LOCAL plan_cache_mode), not the bridge's",
              READS / 10,
              byKey,
              generic);
        }
        String plan5y = explain(admin, heavy, now, config);
        plans.append("== history, ").append(layout5y).append(", heavy caller ").append(heavy);
        plans.append(" ==\n").append(plan5y).append("\n\n");
        md.append(
            String.format(
                Locale.ROOT,
                "%nA heavy caller's pop (%s): %d last cases, %d open listed of %d (checked against"
                    + " a count of the table), %d calls in 30 days.%n%n",
                heavy,
                heavyPop.lastCases().size(),
                heavyPop.openCases().size(),
                heavyPop.openCount(),
                heavyPop.callsInWindow()));
        md.append(
            String.format(
                Locale.ROOT,
                "Partitions at five years: %,d tables in schema hotline are partitions (%d per"
                    + " monthly table: 62 months and the default; the 55 oldest months are empty"
                    + " here).%n%n",
                leaves,
                caseLeaves));
        md.append(
            "EXPLAIN (ANALYZE, BUFFERS) of the history statement for that heavy caller"
                + " (full plans in `record-plans.txt`):\n\n"
                + "| partitions | case_record partitions in the plan | index scans | seq scans |"
                + " shared buffers hit / read | planning ms | execution ms |\n"
                + "|---|---|---|---|---|---|---|\n");
        md.append(planRow(layout100, plan100)).append(planRow(layout5y, plan5y)).append('\n');

        // ---- 2. submission ----
        md.append("## 2. Case submission\n\n");
        md.append(
            "A case: `callAnswered` (draft, history line, call-to-case row), then `submitForm`"
                + " (lock, validation, update, history lines, timers, outbox entry): two"
                + " transactions through `PgCaseBridge`, 6 dispatched forms and 3 direct answers"
                + " in turn. Baseline: one transaction with a one-row INSERT into a scratch table"
                + " (bigserial key, timestamp, 100 characters of text) in the same database, same"
                + " pool, same concurrency. Every commit waits for the WAL flush (fsync on).\n\n");
        md.append(
            "| in flight | operation | per second | p50 ms | p99 ms | ratio (cases/s ÷"
                + " inserts/s) |\n|---|---|---|---|---|---|\n");
        execute(
            admin,
            "CREATE TABLE public.bench_scratch (id bigserial PRIMARY KEY, at timestamptz NOT NULL,"
                + " note text NOT NULL)");
        String note = "x".repeat(100);
        IntFunction<CompletionStage<?>> insert =
            i ->
                db.transaction(
                    c -> {
                      try (PreparedStatement ps =
                          c.prepareStatement(
                              "INSERT INTO public.bench_scratch (at, note) VALUES (now(), ?)")) {
                        ps.setString(1, note);
                        return ps.executeUpdate();
                      }
                    });
        AtomicInteger callNo = new AtomicInteger();
        Random who = new Random(17);
        IntFunction<CompletionStage<?>> submit =
            i -> {
              String callId = "sub-" + callNo.incrementAndGet();
              String caller;
              synchronized (who) {
                caller =
                    who.nextInt(10) == 0
                        ? RecordLoader.heavyCaller(who)
                        : RecordLoader.occasionalCaller(who);
              }
              CallFacts f = Fixtures.answeredCall(callId, caller, clock.instant().minusSeconds(30));
              return bridge
                  .callAnswered(f)
                  .thenCompose(ref -> bridge.submitForm(callId, form(FORMS.get(i % FORMS.size()))));
            };
        Latency.closedLoop(100, 4, insert);
        Latency.closedLoop(100, 4, submit);
        for (int[] run : new int[][] {{1, 500}, {8, 2_000}}) {
          Latency.Sample base = Latency.closedLoop(run[1], run[0], insert);
          Latency.Sample sub = Latency.closedLoop(run[1], run[0], submit);
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %d | baseline: one-row INSERT transaction | %,.0f | %.2f | %.2f | |%n",
                  run[0],
                  base.perSecond(),
                  base.millis(0.5),
                  base.millis(0.99)));
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %d | case: callAnswered + submitForm | %,.0f | %.2f | %.2f | **%.2f** |%n",
                  run[0],
                  sub.perSecond(),
                  sub.millis(0.5),
                  sub.millis(0.99),
                  sub.perSecond() / base.perSecond()));
        }
        md.append('\n');
        bridge.close();

        // ---- 3. outbox ----
        md.append("## 3. Outbox delivery, one instance and two\n\n");
        md.append(
            String.format(
                Locale.ROOT,
                "A backlog of %,d pending entries (the entries the submissions above left, topped"
                    + " up with submitted cases of the last 7 days, one entry each), delivered by"
                    + " `PgCaseBridge` instances with their own `Database` pool (10 connections)"
                    + " and the default outbox settings (batch 32, lease 60 s), to an in-process"
                    + " target that only counts (so the figure is the outbox's and the"
                    + " database's, not an HTTP server's). Time: from `startDelivery()` until no"
                    + " entry is pending (polled every 20 ms). Each delivery is a claim share and"
                    + " an acknowledge transaction (delete the entry, lock the case, mark it"
                    + " dispatched, a history line).%n%n",
                BACKLOG));
        md.append(
            "| instances | entries | seconds | deliveries/s | ratio to one instance | per"
                + " instance | delivered exactly once | duplicates | dead |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        List<CaseKey> backlog = loaded.backlog();
        long pending = count(admin, "SELECT count(*) FROM hotline.outbox WHERE state = 'pending'");
        int firstTopUp = (int) Math.max(0, Math.min(backlog.size() / 2, BACKLOG - pending));
        enqueue(url, pg, backlog.subList(0, firstTopUp), payload, payloadCaseId, now);
        double oneRate = 0;
        int nextBacklog = firstTopUp;
        for (int instances : new int[] {1, 2}) {
          if (instances == 2) {
            int n = Math.min(BACKLOG, backlog.size() - nextBacklog);
            enqueue(
                url,
                pg,
                backlog.subList(nextBacklog, nextBacklog + n),
                payload,
                payloadCaseId,
                now);
          }
          Set<String> expected = keys(admin);
          ConcurrentHashMap<String, AtomicInteger> taken = new ConcurrentHashMap<>();
          List<CountingTarget> targets = new ArrayList<>();
          List<PgCaseBridge> bridges = new ArrayList<>();
          for (int k = 0; k < instances; k++) {
            CountingTarget target = new CountingTarget(taken);
            targets.add(target);
            bridges.add(
                PgCaseBridge.builder(
                        Database.connect(settings(url, pg, "outbox-" + k)),
                        config,
                        Fixtures.taxonomy(),
                        Fixtures.gazetteer())
                    .ownsDatabase(true)
                    .target(target)
                    .clock(clock)
                    .instanceId("bench-" + instances + "-" + k)
                    .build());
          }
          long began = System.nanoTime();
          bridges.forEach(PgCaseBridge::startDelivery);
          long deadline = began + Duration.ofMinutes(5).toNanos();
          while (count(admin, "SELECT count(*) FROM hotline.outbox WHERE state = 'pending'") > 0) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("the backlog was not delivered in 5 minutes");
            }
            Thread.sleep(20);
          }
          double seconds = (System.nanoTime() - began) / 1e9;
          bridges.forEach(PgCaseBridge::close);
          long dead = count(admin, "SELECT count(*) FROM hotline.outbox WHERE state = 'dead'");
          long duplicates = taken.values().stream().mapToLong(a -> a.get() - 1).sum();
          boolean exactlyOnce = taken.keySet().equals(expected) && duplicates == 0;
          double rate = expected.size() / seconds;
          if (instances == 1) {
            oneRate = rate;
          }
          StringBuilder per = new StringBuilder();
          for (CountingTarget target : targets) {
            per.append(per.length() == 0 ? "" : " + ")
                .append(String.format(Locale.ROOT, "%,d", target.count.get()));
          }
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %d | %,d | %.1f | %,.0f | %s | %s | %s | %d | %d |%n",
                  instances,
                  expected.size(),
                  seconds,
                  rate,
                  instances == 1 ? "1.00" : String.format(Locale.ROOT, "**%.2f**", rate / oneRate),
                  per,
                  exactlyOnce ? "yes" : "NO",
                  duplicates,
                  dead));
          if (!exactlyOnce || dead > 0) {
            throw new IllegalStateException("delivery was not exactly once");
          }
        }
        long stillSubmitted =
            count(admin, "SELECT count(*) FROM hotline.case_record WHERE status = 'submitted'");
        md.append(
            String.format(
                Locale.ROOT,
                "%nCases still \"submitted\" afterwards: %,d (each delivered case is marked"
                    + " dispatched in the acknowledging transaction).%n%n",
                stillSubmitted));

        // ---- 4. the month by district ----
        YearMonth month = thisMonth.minusMonths(1);
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        String aggregate =
            "SELECT district, count(*) AS cases, count(*) FILTER (WHERE "
                + OPEN
                + ") AS open, count(*) FILTER (WHERE overdue) AS overdue,"
                + " count(*) FILTER (WHERE status IN ('resolved', 'visited', 'closed')) AS done,"
                + " count(*) FILTER (WHERE disposition = 'direct_answer') AS direct"
                + " FROM hotline.case_record WHERE created_at >= ? AND created_at < ?"
                + " GROUP BY district ORDER BY district";
        String baseline =
            "SELECT count(*) FROM hotline.case_record WHERE created_at >= ? AND created_at < ?";
        monthQuery(admin, baseline, from, to);
        monthQuery(admin, aggregate, from, to);
        double[] baseMs = new double[5];
        double[] aggMs = new double[5];
        long monthCases = 0;
        int groups = 0;
        for (int i = 0; i < 5; i++) {
          long b = System.nanoTime();
          long[] c = monthQuery(admin, baseline, from, to);
          baseMs[i] = (System.nanoTime() - b) / 1e6;
          monthCases = c[1];
          b = System.nanoTime();
          long[] a = monthQuery(admin, aggregate, from, to);
          aggMs[i] = (System.nanoTime() - b) / 1e6;
          groups = (int) a[0];
          if (a[1] != monthCases) {
            throw new IllegalStateException("the districts' cases do not add up: " + a[1]);
          }
        }
        Arrays.sort(baseMs);
        Arrays.sort(aggMs);
        String aggPlan = plan(admin, "EXPLAIN " + aggregate, from, to);
        md.append("## 4. A month's cases by district\n\n");
        md.append(
            String.format(
                Locale.ROOT,
                "%s (%,d cases, %d districts): cases, open, overdue, done and direct answers per"
                    + " district in one `GROUP BY district` over `created_at` in the month"
                    + " (partitions in the plan: %s). Baseline: `SELECT count(*)` over the same"
                    + " month. 5 runs each, alternating, after one of each to warm up.%n%n",
                month,
                monthCases,
                groups,
                String.join(", ", partitionsIn(aggPlan))));
        md.append(
            String.format(
                Locale.ROOT,
                "| query | median ms | slowest ms | ratio (median) |%n|---|---|---|---|%n"
                    + "| baseline: count(*) of the month | %.0f | %.0f | 1.00 |%n"
                    + "| by district | %.0f | %.0f | **%.2f** |%n%n",
                baseMs[2],
                baseMs[4],
                aggMs[2],
                aggMs[4],
                aggMs[2] / baseMs[2]));

        // ---- 5. disk ----
        md.append("## 5. Disk bytes per case and per call\n\n");
        md.append(sizes).append('\n');
        md.append(String.format(Locale.ROOT, "Load average at the end: %s.%n", loadAverage()));
      }
    }
    System.out.println();
    System.out.println(md);
    Path out = Path.of("target", "bench", "record.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
    Files.writeString(out.resolveSibling("record-plans.txt"), plans.toString());
    System.out.println("written to " + out.toAbsolutePath());
  }

  // ---- the parts ----

  private static void historyRows(
      StringBuilder md,
      String layout,
      String label,
      int reads,
      IntFunction<CompletionStage<?>> byKey,
      IntFunction<CompletionStage<?>> pop)
      throws InterruptedException {
    for (int inFlight : new int[] {1, 16}) {
      // baseline and pop interleaved in one loop (even: baseline, odd: pop), so a stall of this
      // shared machine hits both alike
      IntFunction<CompletionStage<?>> both =
          i -> i % 2 == 0 ? byKey.apply(i / 2) : pop.apply(i / 2);
      Latency.closedLoop(reads / 5, inFlight, both);
      Latency.Sample all = Latency.closedLoop(2 * reads, inFlight, both);
      Latency.Sample base = all.part(0);
      Latency.Sample history = all.part(1);
      for (Latency.Sample s : List.of(base, history)) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %.0f | %.0f | %s | %.0f | %.2f |%n",
                layout,
                inFlight,
                s == base ? "baseline: case by primary key" : label,
                s.meanMicros(),
                s.micros(0.5),
                s == base
                    ? String.format(Locale.ROOT, "%.0f", s.micros(0.99))
                    : String.format(Locale.ROOT, "**%.0f**", s.micros(0.99)),
                s.micros(0.999),
                s.micros(0.99) / base.micros(0.99)));
      }
      System.out.printf(
          Locale.ROOT,
          "%s, %d in flight: pop p99 %.0f µs, baseline p99 %.0f µs, %,.0f reads/s in all%n",
          layout,
          inFlight,
          history.micros(0.99),
          base.micros(0.99),
          all.perSecond());
    }
  }

  private static String explain(Connection admin, String caller, Instant now, CasesConfig config)
      throws SQLException {
    Instant window = now.minus(config.history().repeatWindow());
    return plan(
        admin,
        "EXPLAIN (ANALYZE, BUFFERS) " + HISTORY_SQL,
        caller,
        config.history().lastCases(),
        caller,
        config.history().openCases(),
        caller,
        caller,
        window,
        caller,
        window);
  }

  private static String plan(Connection c, String sql, Object... params) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        ps.setObject(i + 1, p instanceof Instant t ? t.atOffset(java.time.ZoneOffset.UTC) : p);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.append(rs.getString(1)).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static final Pattern PARTITION = Pattern.compile(" on (case_record_\\w+)");
  private static final Pattern BUFFERS =
      Pattern.compile("Buffers: shared hit=(\\d+)(?: read=(\\d+))?");
  private static final Pattern TIME = Pattern.compile("(Planning|Execution) Time: ([0-9.]+) ms");

  private static Set<String> partitionsIn(String plan) {
    Set<String> names = new TreeSet<>();
    Matcher m = PARTITION.matcher(plan);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String planRow(String layout, String plan) {
    int indexScans = 0;
    int seqScans = 0;
    for (String line : plan.split("\n")) {
      if (line.contains("Index Scan") || line.contains("Index Only Scan")) {
        indexScans++;
      }
      if (line.contains("Seq Scan")) {
        seqScans++;
      }
    }
    Matcher b = BUFFERS.matcher(plan);
    String buffers = b.find() ? b.group(1) + " / " + (b.group(2) == null ? "0" : b.group(2)) : "?";
    Map<String, String> times = new HashMap<>();
    Matcher t = TIME.matcher(plan);
    while (t.find()) {
      times.put(t.group(1), t.group(2));
    }
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %d | %s | %s | %s |%n",
        layout,
        partitionsIn(plan).size(),
        indexScans,
        seqScans,
        buffers,
        times.getOrDefault("Planning", "?"),
        times.getOrDefault("Execution", "?"));
  }

  /** Rows and the sum of the second column (the cases), for a month query. */
  private static long[] monthQuery(Connection c, String sql, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, from.atOffset(java.time.ZoneOffset.UTC));
      ps.setObject(2, to.atOffset(java.time.ZoneOffset.UTC));
      long rows = 0;
      long sum = 0;
      try (ResultSet rs = ps.executeQuery()) {
        boolean grouped = rs.getMetaData().getColumnCount() > 1;
        while (rs.next()) {
          rows++;
          sum += grouped ? rs.getLong(2) : rs.getLong(1);
        }
      }
      return new long[] {rows, sum};
    }
  }

  private static String sizes(Connection c, long cases, long calls) throws SQLException {
    record Size(String name, long rows, long table, long indexes) {}
    List<Size> sizes = new ArrayList<>();
    for (String table :
        List.of(
            "case_record",
            "case_status_change",
            "call_case",
            "caller_case",
            "call_detail",
            "callback")) {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT (SELECT count(*) FROM hotline."
                      + table
                      + "), sum(pg_table_size(relid)), sum(pg_indexes_size(relid)) FROM"
                      + " (SELECT 'hotline."
                      + table
                      + "'::regclass AS relid UNION SELECT relid FROM pg_partition_tree('hotline."
                      + table
                      + "') WHERE isleaf) t")) {
        rs.next();
        sizes.add(new Size(table, rs.getLong(1), rs.getLong(2), rs.getLong(3)));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        "Measured right after loading, VACUUM and ANALYZE (`pg_table_size`, which includes TOAST"
            + " and the free-space and visibility maps, and `pg_indexes_size` over each"
            + " table's partitions).\n\n");
    out.append(
        "| table | rows | table MB | indexes MB | total MB | bytes per row | bytes per case"
            + " / per call |\n|---|---|---|---|---|---|---|\n");
    long caseBytes = 0;
    long callBytes = 0;
    for (Size s : sizes) {
      long total = s.table() + s.indexes();
      boolean call = s.name().equals("call_detail") || s.name().equals("callback");
      if (call) {
        callBytes += total;
      } else {
        caseBytes += total;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f per %s |%n",
              s.name(),
              s.rows(),
              s.table() / 1e6,
              s.indexes() / 1e6,
              total / 1e6,
              s.rows() == 0 ? 0.0 : (double) total / s.rows(),
              (double) total / (call ? calls : cases),
              call ? "call" : "case"));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%n**Per case: %,.0f bytes** (case_record, case_status_change, call_case and the"
                + " screen pop's caller_case with"
                + " their indexes, ÷ %,d cases); the Redis store took about 3,600 bytes per case"
                + " in memory (BENCHMARKS.md, 2026-11-27): ratio %.2f. **Per call: %,.0f bytes**"
                + " (call_detail and callback with their indexes, ÷ %,d calls).%n",
            (double) caseBytes / cases,
            cases,
            caseBytes / (double) cases / 3600.0,
            (double) callBytes / calls,
            calls));
    return out.toString();
  }

  // ---- outbox helpers ----

  /** An in-process target: takes everything, counts each key. */
  private static final class CountingTarget implements DeliveryTarget {
    final ConcurrentHashMap<String, AtomicInteger> taken;
    final AtomicLong count = new AtomicLong();

    CountingTarget(ConcurrentHashMap<String, AtomicInteger> taken) {
      this.taken = taken;
    }

    @Override
    public String name() {
      return "bench";
    }

    @Override
    public CompletionStage<DeliveryOutcome> deliver(Delivery d) {
      taken.computeIfAbsent(d.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
      count.incrementAndGet();
      return CompletableFuture.completedFuture(
          new DeliveryOutcome.Delivered(Optional.of("R-" + d.caseId())));
    }
  }

  /**
   * Pending entries for submitted cases, as the bridge writes them: version 1, the payload of a
   * real submission with the case id put in.
   */
  private static void enqueue(
      String url,
      LocalPostgres pg,
      List<CaseKey> cases,
      String payload,
      String payloadCaseId,
      Instant now)
      throws SQLException {
    try (CopyStream copy =
        new CopyStream(
            url,
            pg.user(),
            pg.password(),
            "COPY hotline.outbox (idempotency_key, case_id, version, payload, state, enqueued_at,"
                + " next_attempt_at) FROM STDIN")) {
      for (CaseKey k : cases) {
        copy.f(Delivery.key(k.caseId(), 1))
            .f(k.caseId())
            .f(1)
            .f(CopyStream.escape(payload.replace(payloadCaseId, k.caseId())))
            .f("pending")
            .f(now)
            .f(now)
            .end();
      }
      copy.finish();
    }
  }

  private static Set<String> keys(Connection c) throws SQLException {
    Set<String> keys = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT idempotency_key FROM hotline.outbox WHERE state = 'pending'")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }

  // ---- set-up helpers ----

  private static CaseForm form(FormSpec spec) {
    return new CaseForm(
        spec.dispatch() ? "complaint" : "consultation",
        spec.category(),
        spec.location(),
        null,
        null,
        null,
        spec.summary(),
        spec.dispatch() ? "dispatch" : "direct_answer",
        null,
        null,
        null,
        "a1",
        spec.dispatch() ? null : "已当场答复");
  }

  /** The case's row in COPY text format, split into its fields. */
  private static String[] row(Connection c, String caseId) throws SQLException {
    StringWriter out = new StringWriter();
    try {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut(
              "COPY (SELECT * FROM hotline.case_record WHERE case_id = '" + caseId + "') TO STDOUT",
              out);
    } catch (java.io.IOException e) {
      throw new SQLException(e);
    }
    String[] lines = out.toString().split("\n");
    if (lines.length != 1) {
      throw new IllegalStateException(lines.length + " rows for case " + caseId);
    }
    return lines[0].split("\t", -1);
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
      ResultSetMetaData m = rs.getMetaData();
      for (int i = 1; i <= m.getColumnCount(); i++) {
        names.add(m.getColumnName(i));
      }
    }
    return names;
  }

  /**
   * Drops the secondary indexes of the big tables (saving their definitions) so the load does not
   * maintain them row by row; they are built again, identical, after it.
   */
  private static Map<String, String> dropSecondaryIndexes(Connection c) throws SQLException {
    Map<String, String> defs = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'hotline'"
                    + " AND i.tablename IN ('case_record', 'call_detail')"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
                    + " WHERE k.conname = i.indexname)")) {
      while (rs.next()) {
        defs.put(rs.getString(1), rs.getString(2));
      }
    }
    for (String name : defs.keySet()) {
      execute(c, "DROP INDEX hotline." + name);
    }
    System.out.println("secondary indexes dropped for the load: " + defs.keySet());
    return defs;
  }

  private static Map<LocalDate, Integer> dayCounters(Connection c) throws SQLException {
    Map<LocalDate, Integer> out = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT day, last_no FROM hotline.case_day_counter")) {
      while (rs.next()) {
        out.put(rs.getObject(1, LocalDate.class), rs.getInt(2));
      }
    }
    return out;
  }

  /** The bridge numbers new cases after the loaded ones. */
  private static void saveDayCounters(Connection c, Map<LocalDate, Integer> counters)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.case_day_counter (day, last_no) VALUES (?, ?)"
                + " ON CONFLICT (day) DO UPDATE SET last_no = excluded.last_no")) {
      for (Map.Entry<LocalDate, Integer> e : counters.entrySet()) {
        ps.setObject(1, e.getKey());
        ps.setInt(2, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  // ---- plumbing ----

  private static DatabaseSettings settings(String url, LocalPostgres pg, String name) {
    return DatabaseSettings.of(url, pg.user(), pg.password(), name);
  }

  private static Connection connect(String url, LocalPostgres pg) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", pg.user());
    p.setProperty("password", pg.password());
    p.setProperty("ApplicationName", "record-bench-admin");
    return DriverManager.getConnection(url, p);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String single(Connection c, String sql, String param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("nothing for " + sql + " " + param);
        }
        return rs.getString(1);
      }
    }
  }

  private static String setting(Connection c, String name) throws SQLException {
    return single(c, "SELECT current_setting(?)", name);
  }

  /** Without a time-out: creating five years of partitions takes a while. */
  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
