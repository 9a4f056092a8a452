package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.SimulatorOptions;
import org.hotline.asterisk.sim.call.CallStats;
import org.hotline.asterisk.sim.distribution.Distribution;
import org.hotline.asterisk.sim.generator.TrafficProfile;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.Agents;
import org.hotline.gateway.testing.Await;
import org.hotline.gateway.testing.GatewayProcess;
import org.hotline.gateway.testing.TestDatabases;
import org.hotline.pg.support.Database;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.redis.RedisSeatManager;
import org.junit.jupiter.api.Test;

/**
 * The gateway is killed with SIGKILL under load and started again five seconds later, as tried on
 * the real exchange: every caller is served — those queued before the kill, those whose AGI or seat
 * was in flight, and those who rang while it was down or starting (they wait in the dialplan's
 * retry context and ask again) — and no agent is paused by an offer that timed out because the
 * gateway forgot it.
 */
class GatewayRestartTest {

  private static final int SEATS = 100;

  @Test
  void aGatewayKilledUnderLoadAndRestartedLosesNoCaller() throws Exception {
    Vertx vertx = Vertx.vertx();
    String secret = UUID.randomUUID().toString();
    int agiPort = Harness.freePort();
    AsteriskSimulator sim =
        AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(secret, "127.0.0.1:" + agiPort)
                    .withSeed(7)
                    .withSeatDefault(
                        SeatBehaviour.answering(Distribution.fixed(0.5), Distribution.fixed(15)))
                    .withTraffic(
                        TrafficProfile.defaults()
                            .withPatience(Distribution.fixed(100_000))
                            .withIvr("1", 0.3)))
            .await(10, TimeUnit.SECONDS);
    String centre = "restart" + UUID.randomUUID().toString().substring(0, 8);
    GatewayProcess gateway =
        GatewayProcess.prepare(
            new GatewayProcess.Settings(
                centre,
                sim.amiPort(),
                agiPort,
                Harness.freePort(),
                secret,
                LocalRedis.shared().uri(),
                TestDatabases.forCentre(centre),
                SEATS,
                "1s",
                List.of(
                    "-Xmx256m",
                    "-Dhotline.record.sweepEvery=2s",
                    "-Dhotline.record.sweepGrace=3s")),
            "restart");
    SeatManagerConfig config = ConfigLoader.load(gateway.configDir());
    RedisSeatManager seats =
        RedisSeatManager.connect(
            LocalRedis.shared().uri(), config, Clock.systemUTC(), DecisionRecorder.NONE);
    try {
      gateway.start();
      Agents.logInAll(
          seats, config.seats(), "agent", Set.of("zh", "en", "yue", "wuu"), login -> login);

      sim.generator().start(4);
      Thread.sleep(12_000);
      long placedBeforeKill = sim.stats().placed();
      gateway.kill();
      Thread.sleep(5_000);
      gateway.start();
      long placedWhileDown = sim.stats().placed() - placedBeforeKill;
      Thread.sleep(13_000);
      sim.generator().stop();

      Await.until(
          "every caller answered and every call over",
          Duration.ofSeconds(90),
          () -> {
            CallStats s = sim.stats();
            return s.answered() == s.placed() && s.completed() == s.placed();
          });
      CallStats stats = sim.stats();
      assertTrue(stats.placed() > 100, "a real load: " + stats);
      assertTrue(
          placedWhileDown >= 20, "callers rang while the gateway was down or starting: " + stats);
      assertEquals(0, stats.abandoned(), "no caller lost: " + stats);
      for (int i = 1; i <= SEATS; i++) {
        AgentStatus status =
            seats.status(String.format("agent%03d", i)).toCompletableFuture().join();
        assertTrue(
            !(status instanceof AgentStatus.Paused p) || !p.reason().equals("no-answer"),
            "agent " + i + " was paused by an offer the gateway forgot: " + status);
      }
      String log = gateway.logText();
      assertTrue(!log.contains("was dropped"), "no dropped caller in the gateway's log");
      // every call has its detail record once: those that ended while the killed gateway ran
      // were written then, those whose end nobody saw are rebuilt by the sweep
      try (Database db = TestDatabases.connect(TestDatabases.forCentre(centre))) {
        Await.until(
            "a detail record for every call",
            Duration.ofSeconds(60),
            () -> callDetails(db)[0] == sim.stats().placed());
        long[] counted = callDetails(db);
        assertEquals(counted[0], counted[1], "one row per call");
        // answered, except calls answered and ended while no gateway ran: no one saw them end,
        // and their row says so
        assertEquals(stats.placed(), counted[2] + counted[3], "answered or end unseen: " + stats);
      }
    } finally {
      gateway.close();
      seats.close();
      sim.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Rows, distinct calls, answered rows, unanswered rows no gateway saw end. */
  private static long[] callDetails(Database db) {
    return db.query(
            c -> {
              try (var ps =
                      c.prepareStatement(
                          "SELECT count(*), count(DISTINCT call_id),"
                              + " count(*) FILTER (WHERE outcome = 'answered'),"
                              + " count(*) FILTER (WHERE outcome <> 'answered'"
                              + " AND ending_note = 'end-unseen')"
                              + " FROM hotline.call_detail");
                  var rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
              }
            })
        .toCompletableFuture()
        .join();
  }
}
