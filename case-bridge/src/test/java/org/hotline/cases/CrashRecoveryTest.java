package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseBridgeUnavailableException;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.OutboxSettings;
import org.hotline.cases.delivery.webhook.WebhookTarget;
import org.hotline.cases.metrics.CaseEvents;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.Receiver;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cases are submitted and delivered by two gateway instances while, at random moments, an instance
 * dies (halted mid-flight, never closed: its deliveries stay unsettled), PostgreSQL is killed with
 * SIGKILL and restarted (it replays its WAL), or every client connection is terminated by the
 * server. Afterwards: every case acknowledged to an agent was delivered; after the receiver
 * de-duplicates by idempotency key each was delivered once; nothing delivered is unknown to us.
 */
class CrashRecoveryTest {

  private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryTest.class);
  private static final int ROUNDS = 8;

  private final Clock clock = Clock.systemUTC();
  private final Random random = new Random(20261127);

  private CaseBridge connect(LocalPostgres pg, String url, CasesConfig config, Receiver receiver) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        CaseBridge b =
            Fixtures.bridge(
                Database.connect(
                    DatabaseSettings.of(url, pg.user(), pg.password(), "crash-test")
                        .withPoolSize(4)
                        .withConnectionTimeout(Duration.ofSeconds(2))),
                config,
                new WebhookTarget(
                    receiver.uri("/dispatch"), Fixtures.WEBHOOK_KEY, Duration.ofMillis(500), clock),
                clock,
                CaseEvents.NONE);
        b.startDelivery();
        return b;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        sleep(50);
      }
    }
  }

  @Test
  void everyAcknowledgedCaseIsDeliveredOnceAfterKillsOfInstancesTheDatabaseAndConnections()
      throws Exception {
    CasesConfig config =
        Fixtures.config("crash")
            .withOutbox(
                new OutboxSettings(
                    1000,
                    Duration.ofMillis(20),
                    Duration.ofMillis(200),
                    Duration.ofSeconds(1),
                    8,
                    Duration.ofMillis(20),
                    true));
    try (LocalPostgres pg = LocalPostgres.start();
        Receiver receiver = new Receiver()) {
      String url = Fixtures.migratedDatabase(pg, "crash");
      receiver.answer(r -> new Receiver.Answer(200, "", random.nextInt(15)));
      AtomicReferenceArray<CaseBridge> instances = new AtomicReferenceArray<>(2);
      instances.set(0, connect(pg, url, config, receiver));
      instances.set(1, connect(pg, url, config, receiver));
      List<CaseBridge> halted = new ArrayList<>();

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> callIds = ConcurrentHashMap.newKeySet();
      AtomicInteger unavailable = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger seq = new AtomicInteger();
      ExecutorService agents = Executors.newFixedThreadPool(3);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int slot = t % 2;
        work.add(
            agents.submit(
                () -> {
                  while (!stop.get()) {
                    String callId = "k-" + seq.incrementAndGet();
                    callIds.add(callId);
                    // a gateway repeats an operation that failed as unavailable until it is
                    // acknowledged: both steps are idempotent
                    while (!stop.get()) {
                      try {
                        CaseBridge b = instances.get(slot);
                        await(
                            b.callAnswered(
                                Fixtures.answeredCall(callId, "13912345678", clock.instant())));
                        Case c = await(b.submitForm(callId, Fixtures.heatingForm()));
                        acknowledged.add(c.caseId());
                        break;
                      } catch (CaseBridgeUnavailableException e) {
                        unavailable.incrementAndGet();
                        sleep(20);
                      }
                    }
                  }
                  return null;
                }));
      }

      try {
        for (int round = 0; round < ROUNDS; round++) {
          Thread.sleep(300 + random.nextInt(400));
          switch (round % 3) {
            case 0 -> {
              int slot = random.nextInt(2);
              CaseBridge dead = instances.get(slot);
              dead.halt(); // a process kill: nothing settled, nothing flushed
              halted.add(dead);
              instances.set(slot, connect(pg, url, config, receiver));
              LOG.info("round {}: instance {} halted and replaced", round, dead.instanceId());
            }
            case 1 -> {
              pg.kill();
              Thread.sleep(100 + random.nextInt(200));
              pg.restart();
              LOG.info("round {}: postgresql killed and restarted", round);
            }
            default -> {
              int ended = terminateOthers(pg, url);
              LOG.info("round {}: {} client connections terminated", round, ended);
            }
          }
        }
        Thread.sleep(300);
      } finally {
        stop.set(true);
        for (Future<?> f : work) {
          f.get();
        }
        agents.shutdown();
      }
      assertTrue(unavailable.get() > 0, "the chaos was felt by the agents");
      assertTrue(!halted.isEmpty());

      CaseBridge survivor = instances.get(0);
      Fixtures.eventually(
          Duration.ofSeconds(60),
          "outbox drained",
          () -> {
            try {
              return await(survivor.outboxStatus()).pending() == 0;
            } catch (CaseBridgeUnavailableException e) {
              return false;
            }
          });

      // every case a call became, acknowledged or not, by reading the store
      Set<String> submitted = new HashSet<>();
      for (String callId : callIds) {
        Optional<String> id = readCaseId(pg, url, callId);
        if (id.isEmpty()) {
          continue; // the answer never committed: no case, and no one was told there was
        }
        Case c = await(survivor.findCase(id.get())).orElseThrow();
        if (c.status() != CaseStatus.DRAFT) {
          submitted.add(c.caseId());
          assertEquals(CaseStatus.DISPATCHED, c.status(), c.caseId());
          assertEquals(1, c.dispatchVersion(), "one version per submission: " + c.caseId());
        }
      }
      Set<String> expectedKeys = new HashSet<>();
      for (String id : submitted) {
        expectedKeys.add(id + ":v1");
      }
      Set<String> delivered = receiver.keys();
      for (String id : acknowledged) {
        assertTrue(delivered.contains(id + ":v1"), "acknowledged case delivered: " + id);
      }
      assertEquals(expectedKeys, delivered, "delivered exactly the stored cases, none unknown");
      assertEquals(0, await(survivor.outboxStatus()).dead());
      int raw = receiver.taken().size();
      LOG.info(
          "{} calls, {} cases acknowledged, {} stored, {} deliveries taken, {} distinct, {}"
              + " unavailable answers",
          callIds.size(),
          acknowledged.size(),
          submitted.size(),
          raw,
          delivered.size(),
          unavailable.get());
      assertTrue(acknowledged.size() > 50, "work went on between the failures");
      assertTrue(submitted.containsAll(acknowledged));

      for (int i = 0; i < 2; i++) {
        instances.get(i).close();
      }
      Collections.reverse(halted);
    }
  }

  private static Optional<String> readCaseId(LocalPostgres pg, String url, String callId)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        PreparedStatement ps =
            c.prepareStatement("SELECT case_id FROM hotline.call_case WHERE call_id = ?")) {
      ps.setString(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
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

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
