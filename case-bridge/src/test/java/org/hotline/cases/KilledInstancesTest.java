package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.delivery.webhook.WebhookTarget;
import org.hotline.cases.store.PgCaseBridge;
import org.hotline.cases.testing.CaseWorkerMain;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.JavaProcess;
import org.hotline.cases.testing.Receiver;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durability test with real processes: two gateway instances ({@link CaseWorkerMain}, each a
 * JVM of its own) answer calls, submit forms and deliver cases by webhook on one PostgreSQL, while
 * the test kills an instance with SIGKILL at {@value #WORKER_KILLS} random moments (starting a new
 * one each time), kills PostgreSQL with SIGKILL and restarts it {@value #DATABASE_KILLS} times, and
 * has the server terminate every client connection a few times. Afterwards, once the outbox is
 * drained: every case an agent was told was saved exists with its call, every stored case version
 * reached the receiver, each exactly once after de-duplication by idempotency key with one payload
 * per key, and nothing reached it that the database does not know.
 */
class KilledInstancesTest {

  private static final Logger LOG = LoggerFactory.getLogger(KilledInstancesTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final int WORKER_KILLS = 60;
  static final int DATABASE_KILLS = 3;
  static final String CENTRE = "killed";

  private final Clock clock = Clock.systemUTC();

  /** What the instances told their agents, read from their standard output. */
  private final Map<String, String> saved = new ConcurrentHashMap<>(); // call id -> case id

  private final Map<String, Integer> redispatched = new ConcurrentHashMap<>(); // case -> version
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger outages = new AtomicInteger();
  private final AtomicInteger cutLines = new AtomicInteger();
  private final List<Long> startMillis = Collections.synchronizedList(new ArrayList<>());

  /** One running instance, and the thread that reads what it tells its agents. */
  private final class Worker {
    final String instance;
    final JavaProcess process;
    final Thread reader;
    final long startedAt = System.nanoTime();
    volatile boolean ready;

    Worker(String instance, JavaProcess process) {
      this.instance = instance;
      this.process = process;
      this.reader = new Thread(() -> read(this), "read-" + instance);
      reader.setDaemon(true);
      reader.start();
    }

    /** SIGKILL; returns once every whole line it wrote has been read. */
    void kill() throws InterruptedException {
      process.kill();
      reader.join(10_000);
    }
  }

  @Test
  void everySavedCaseSurvivesKilledInstancesAndDatabaseAndIsDeliveredOnce() throws Exception {
    long seed = Long.getLong("killed.seed", System.nanoTime());
    Random random = new Random(seed);
    long started = System.nanoTime();
    CasesConfig config =
        CasesConfig.defaults().withCentre(CENTRE).withOutbox(CaseWorkerMain.OUTBOX);
    Worker[] workers = new Worker[2];
    int kills = 0;
    int databaseKills = 0;
    int terminated = 0;
    try (LocalPostgres pg = LocalPostgres.start();
        Receiver receiver = new Receiver()) {
      String url = Fixtures.migratedDatabase(pg, "killed");
      // a receiver that is sometimes briefly unwell (503), and sometimes takes a case but answers
      // after the sender gave up: retries, besides takeovers, repeat deliveries
      receiver.answer(
          r -> {
            int roll = ThreadLocalRandom.current().nextInt(100);
            long delay =
                roll == 0
                    ? CaseWorkerMain.WEBHOOK_TIMEOUT.toMillis() + 200
                    : ThreadLocalRandom.current().nextInt(10);
            return roll < 5 && roll > 0
                ? Receiver.Answer.status(503)
                : new Receiver.Answer(
                    200, "{\"reference\":\"R-" + r.idempotencyKey() + "\"}", delay);
          });
      AtomicInteger generation = new AtomicInteger();
      try {
        for (int slot = 0; slot < 2; slot++) {
          workers[slot] = start(pg, url, receiver, slot, generation.incrementAndGet(), seed);
        }
        while (kills < WORKER_KILLS) {
          // a victim that serves: a kill during JVM start-up would test little
          awaitReady(workers, false);
          Thread.sleep(100 + random.nextInt(700));
          List<Integer> serving = new ArrayList<>();
          for (int slot = 0; slot < 2; slot++) {
            assertAlive(workers[slot]);
            if (workers[slot].ready) {
              serving.add(slot);
            }
          }
          int slot = serving.get(random.nextInt(serving.size()));
          workers[slot].kill();
          kills++;
          workers[slot] = start(pg, url, receiver, slot, generation.incrementAndGet(), seed);
          if (kills % 15 == 0 || kills % 15 == 7) {
            // the database fails under instances at work, not under JVMs still starting
            awaitReady(workers, true);
            Thread.sleep(random.nextInt(300));
            if (kills % 15 == 0 && databaseKills < DATABASE_KILLS) {
              pg.kill();
              Thread.sleep(200 + random.nextInt(400));
              pg.restart();
              databaseKills++;
              LOG.info("kill {}: postgresql killed and restarted", kills);
            } else {
              terminated += terminateOthers(pg, url);
            }
          }
        }
      } finally {
        for (Worker w : workers) {
          if (w != null) {
            w.kill(); // the last two die like the others, leases and all
          }
        }
      }
      assertEquals(List.of(), errors, "the instances met nothing but outages");
      assertEquals(DATABASE_KILLS, databaseKills);
      assertTrue(
          outages.get() >= DATABASE_KILLS, "the outages of the database were felt by the agents");

      // a clean instance drains what the killed ones left, leases running out first
      long drainStart = System.nanoTime();
      OutboxStatus status;
      try (PgCaseBridge drain =
          PgCaseBridge.builder(
                  Database.connect(
                      DatabaseSettings.of(url, pg.user(), pg.password(), "drain").withPoolSize(4)),
                  config,
                  Fixtures.taxonomy(),
                  Fixtures.gazetteer())
              .ownsDatabase(true)
              .target(
                  new WebhookTarget(
                      receiver.uri("/dispatch"),
                      Fixtures.WEBHOOK_KEY,
                      CaseWorkerMain.WEBHOOK_TIMEOUT,
                      clock))
              .clock(clock)
              .instanceId("drain")
              .build()) {
        drain.startDelivery();
        Fixtures.eventually(
            Duration.ofSeconds(60),
            "outbox drained",
            () -> await(drain.outboxStatus()).pending() == 0);
        status = await(drain.outboxStatus());
      }
      long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
      assertEquals(0, status.dead(), "no dead letters: the receiver only ever failed for a while");

      Map<String, Row> rows = cases(pg, url);
      assertEquals(0, count(pg, url, "SELECT count(*) FROM hotline.outbox"), "outbox empty");

      // every case an agent was told was saved is there, with its call, and submitted
      for (Map.Entry<String, String> s : saved.entrySet()) {
        Row row = rows.get(s.getValue());
        assertNotNull(row, "saved case missing: " + s.getValue() + " of call " + s.getKey());
        assertEquals(s.getKey(), row.callId(), "the call of " + s.getValue());
        assertNotEquals("draft", row.status(), s.getValue());
        assertTrue(row.version() >= 1, s.getValue());
      }
      redispatched.forEach(
          (caseId, version) ->
              assertTrue(rows.get(caseId).version() >= version, "re-dispatch kept: " + caseId));

      // each version of each stored case is one idempotency key the receiver must have taken
      Set<String> expected = new TreeSet<>();
      int drafts = 0;
      for (Row row : rows.values()) {
        if ("draft".equals(row.status())) {
          drafts++;
          assertEquals(0, row.version(), row.caseId());
        }
        for (int v = 1; v <= row.version(); v++) {
          expected.add(row.caseId() + ":v" + v);
        }
        // the drained outbox settled every case: none waits for its "dispatched"
        assertNotEquals("submitted", row.status(), "undelivered: " + row.caseId());
      }
      Set<String> delivered = receiver.keys();
      for (Map.Entry<String, String> s : saved.entrySet()) {
        assertTrue(delivered.contains(s.getValue() + ":v1"), "saved case delivered: " + s);
      }
      redispatched.forEach(
          (caseId, version) ->
              assertTrue(
                  delivered.contains(caseId + ":v" + version), "re-dispatch delivered: " + caseId));
      Set<String> unknown = new TreeSet<>(delivered);
      unknown.removeAll(expected);
      assertEquals(Set.of(), unknown, "delivered, but unknown to the database");
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(delivered);
      assertEquals(Set.of(), missing, "stored, but never delivered");

      // de-duplicated by key, each key stands for one payload: that of its case and version
      List<Receiver.Request> taken = receiver.taken();
      Map<String, Set<String>> bodies = new LinkedHashMap<>();
      for (Receiver.Request r : taken) {
        bodies.computeIfAbsent(r.idempotencyKey(), k -> new HashSet<>()).add(r.body());
      }
      for (Map.Entry<String, Set<String>> e : bodies.entrySet()) {
        assertEquals(1, e.getValue().size(), "one payload per key: " + e.getKey());
        JsonNode body = JSON.readTree(e.getValue().iterator().next());
        String caseId = body.path("caseId").asText();
        assertEquals(e.getKey(), caseId + ":v" + body.path("version").asInt(), "key of payload");
        assertEquals(rows.get(caseId).callId(), body.path("call").path("callId").asText());
      }

      int duplicates = taken.size() - delivered.size();
      long refused = receiver.requests().stream().filter(r -> !r.taken()).count();
      String summary =
          String.format(
              "seed %d: %d instance kills (%d instances), %d database kills, %d connections"
                  + " terminated, %d outages seen by agents; %d cases saved (%d re-dispatched),"
                  + " %d stored + %d drafts, %d lines cut off by kills; %d deliveries taken, %d"
                  + " distinct keys, %d duplicates removed, %d refused with 503; drained in %d"
                  + " ms; instances ready %d ms after their start (median); %.1f s in all",
              seed,
              kills + 2,
              generation.get(),
              databaseKills,
              terminated,
              outages.get(),
              saved.size(),
              redispatched.size(),
              rows.size() - drafts,
              drafts,
              cutLines.get(),
              taken.size(),
              delivered.size(),
              duplicates,
              refused,
              drainMillis,
              median(startMillis),
              (System.nanoTime() - started) / 1e9);
      LOG.info(summary);
      System.out.println("KilledInstancesTest: " + summary);
      assertTrue(saved.size() >= 200, "work went on between the kills: " + saved.size());
      assertTrue(duplicates > 0, "takeovers and retries did deliver twice: the de-duplication met");
    }
  }

  /** Until one instance (or both) serves; an instance that died on its own fails the test. */
  private static void awaitReady(Worker[] workers, boolean both) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (both
        ? !(workers[0].ready && workers[1].ready)
        : !(workers[0].ready || workers[1].ready)) {
      for (Worker w : workers) {
        assertAlive(w);
      }
      if (System.nanoTime() > deadline) {
        fail("instances not ready after 60 s");
      }
      Thread.sleep(20);
    }
  }

  private static void assertAlive(Worker w) throws IOException {
    if (!w.process.alive()) {
      fail(w.instance + " died on its own:\n" + w.process.logText());
    }
  }

  private Worker start(
      LocalPostgres pg, String url, Receiver receiver, int slot, int generation, long seed)
      throws IOException {
    String instance = "w" + slot + "-" + generation;
    Map<String, String> env = new HashMap<>();
    env.put(DatabaseSettings.DATABASE_URL, null);
    env.put(DatabaseSettings.DATABASE_PASSWORD_FILE, null);
    env.put(DatabaseSettings.DATABASE_JDBC_URL, url);
    env.put(DatabaseSettings.DATABASE_USER, pg.user());
    env.put(DatabaseSettings.DATABASE_PASSWORD, pg.password());
    env.put(DatabaseSettings.DATABASE_POOL_SIZE, "4");
    env.put(DatabaseSettings.DATABASE_CONNECTION_TIMEOUT_MS, "2000");
    JavaProcess p =
        JavaProcess.start(
            "killed-instances/" + instance,
            List.of(
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
            CaseWorkerMain.class.getName(),
            List.of(
                receiver.uri("/dispatch").toString(),
                instance,
                CENTRE,
                "call-" + instance,
                Long.toString(seed + generation)),
            env);
    return new Worker(instance, p);
  }

  /** Whole lines only: the line a kill cut off was never finished, so no agent saw it. */
  private void read(Worker w) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = w.process.stdout()) {
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            handle(w, line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(buf[i]);
          }
        }
      }
    } catch (IOException e) {
      // the pipe broke with the kill: what was read is what was told
    }
    if (line.size() > 0) {
      cutLines.incrementAndGet();
    }
  }

  private void handle(Worker w, String line) {
    String[] f = line.split(" ");
    switch (f[0]) {
      case "READY" -> {
        startMillis.add((System.nanoTime() - w.startedAt) / 1_000_000);
        w.ready = true;
      }
      case "SAVED" -> {
        String before = saved.putIfAbsent(f[1], f[2]);
        if (before != null && !before.equals(f[2])) {
          errors.add(
              w.instance + ": call " + f[1] + " saved as two cases, " + before + " and " + f[2]);
        }
      }
      case "REDISPATCHED" -> redispatched.merge(f[1], Integer.parseInt(f[2]), Math::max);
      case "UNAVAILABLE" -> outages.incrementAndGet();
      default -> errors.add(w.instance + ": " + line);
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted;
    synchronized (values) {
      sorted = new ArrayList<>(values);
    }
    Collections.sort(sorted);
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }

  private record Row(String caseId, String callId, String status, int version) {}

  private static Map<String, Row> cases(LocalPostgres pg, String url) throws SQLException {
    Map<String, Row> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT case_id, call_id, status, dispatch_version FROM hotline.case_record");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Row r = new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4));
        assertTrue(rows.put(r.caseId(), r) == null, "one row per case id: " + r.caseId());
      }
    }
    return rows;
  }

  private static long count(LocalPostgres pg, String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The server ends every other session on the database, as an operator or a failover would. */
  private static int terminateOthers(LocalPostgres pg, String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
