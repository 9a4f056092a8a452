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
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.redis.RedisSeatManager;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances (each its own JVM) on one Redis and one exchange, the dialplan naming both
 * ({@code GATEWAY_AGI}, {@code GATEWAY_AGI_2}). Both serve calls; then the first is killed with
 * SIGKILL for good, and the second takes all FastAGI traffic: every caller is answered.
 */
class TwoGatewaysFailoverTest {

  private static final int SEATS = 60;

  @Test
  void whenTheFirstGatewayDiesTheSecondTakesItsFastAgiTrafficAndEveryCallerIsAnswered()
      throws Exception {
    Vertx vertx = Vertx.vertx();
    String secret = UUID.randomUUID().toString();
    int agi1 = Harness.freePort();
    int agi2 = Harness.freePort();
    AsteriskSimulator sim =
        AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(secret, "127.0.0.1:" + agi1)
                    .withGatewayAgi2("127.0.0.1:" + agi2)
                    .withShippedManagerConf()
                    .withSeed(21)
                    .withSeatDefault(
                        SeatBehaviour.answering(Distribution.fixed(0.5), Distribution.fixed(4)))
                    .withTraffic(
                        TrafficProfile.defaults()
                            .withPatience(Distribution.fixed(100_000))
                            .withIvr("1", 0.3)))
            .await(10, TimeUnit.SECONDS);
    String centre = "twogw" + UUID.randomUUID().toString().substring(0, 8);
    GatewayProcess first = gateway(centre, sim, secret, agi1, "first");
    GatewayProcess second = gateway(centre, sim, secret, agi2, "second");
    SeatManagerConfig config = ConfigLoader.load(first.configDir());
    RedisSeatManager seats =
        RedisSeatManager.connect(
            LocalRedis.shared().uri(), config, Clock.systemUTC(), DecisionRecorder.NONE);
    try {
      first.start();
      second.start();
      Agents.logInAll(seats, config.seats(), "t", Set.of("zh"), login -> login);

      sim.generator().start(4);
      Thread.sleep(10_000);
      first.kill();
      long placedAtKill = sim.stats().placed();
      Thread.sleep(15_000);
      sim.generator().stop();
      long placedAfterKill = sim.stats().placed() - placedAtKill;

      Await.until(
          "every caller answered and every call over",
          Duration.ofSeconds(90),
          () -> {
            CallStats s = sim.stats();
            return s.answered() == s.placed() && s.completed() == s.placed();
          });
      CallStats stats = sim.stats();
      assertEquals(0, stats.abandoned(), "no caller lost: " + stats);
      assertEquals(0, stats.redirectDrops(), "no Redirect between applications");
      assertTrue(placedAfterKill >= 40, "callers rang after the first gateway died: " + stats);
      assertTrue(queued(first) > 10, "the first gateway served calls before it died");
      assertTrue(
          queued(second) >= placedAfterKill,
          "the second gateway queued every call placed after the first died");
    } finally {
      first.close();
      second.close();
      seats.close();
      sim.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static GatewayProcess gateway(
      String centre, AsteriskSimulator sim, String secret, int agiPort, String name)
      throws Exception {
    return GatewayProcess.prepare(
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
            List.of("-Xmx256m")),
        name);
  }

  /** Calls this gateway queued, from its log. */
  private static long queued(GatewayProcess gateway) throws Exception {
    return gateway.logText().lines().filter(l -> l.contains("queued in")).count();
  }
}
