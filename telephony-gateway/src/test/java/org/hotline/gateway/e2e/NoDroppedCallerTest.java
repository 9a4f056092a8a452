package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.SimulatorOptions;
import org.hotline.asterisk.sim.call.CallStats;
import org.hotline.asterisk.sim.distribution.Distribution;
import org.hotline.asterisk.sim.generator.TrafficProfile;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.gateway.testing.Agents;
import org.hotline.gateway.testing.Await;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.config.LocalizedName;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand calls at 50 a second through the shipped dialplan on a simulator that, like a real
 * Asterisk, hangs up a caller whose Redirect lands between two applications (or starts the target
 * context in the middle): callers offered a seat at once, callers offered one while they hold,
 * seats that do not answer (the next seat handed over by /dialresult), callers who give up. Not one
 * caller may be dropped: the simulator counts no Redirect in the window, the gateway counts no
 * dropped caller and no connect context entered midway, and every caller was either answered or
 * hung up themselves. ({@code RedirectRaceTest} in the simulator shows the old behaviour — close
 * the AGI session, then redirect at once — losing callers in the same window.)
 */
class NoDroppedCallerTest {

  private static final int CALLS = 10_000;
  private static final double RATE = 50;
  private static final int SEATS = 250;

  @Test
  void tenThousandCallsAtFiftyASecondDropNobody() throws Exception {
    Vertx vertx = Vertx.vertx();
    String secret = UUID.randomUUID().toString();
    int agiPort = Harness.freePort();
    AsteriskSimulator sim =
        AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(secret, "127.0.0.1:" + agiPort)
                    .withSeed(2026)
                    .withMidwayShare(0.3)
                    .withShippedManagerConf()
                    .withSeatDefault(
                        SeatBehaviour.answering(
                                Distribution.uniform(0.2, 1.5), Distribution.uniform(1, 3))
                            .withFailureShares(0.08, 0.01, 0.005, 0.005))
                    .withTraffic(
                        TrafficProfile.defaults()
                            .withPatience(Distribution.exponential(60))
                            .withIvr("1", 0.2)))
            .await(30, TimeUnit.SECONDS);
    SeatManagerConfig seats = config();
    GatewayConfig shipped =
        GatewayConfigLoader.load(
            Path.of("..", "config", "gateway.yaml"), Map.of("HOTLINE_AMI_SECRET", "x")::get);
    GatewayConfig config =
        shipped
            .withAsterisk(
                GatewayConfigLoader.single("ast1", "127.0.0.1", sim.amiPort(), "hotline", secret))
            .withAgi(AgiServerOptions.defaults().withHost("127.0.0.1").withPort(agiPort))
            .withHttp("127.0.0.1", 0);
    Gateway gateway =
        Gateway.start(
                vertx,
                config,
                seats,
                LocalRedis.shared().uri(),
                Optional.empty(),
                Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    try {
      Await.until("AMI connected", Duration.ofSeconds(15), gateway::exchangesUp);
      Agents.logInAll(
          gateway.seats(),
          seats.seats(),
          "n",
          Set.of("zh"),
          login -> gateway.switchboard().run(login).toCompletionStage());
      // agents a ring went unanswered at are paused by the seat manager: they come back at once
      vertx
          .eventBus()
          .<JsonObject>consumer(
              EventFeed.ADDRESS,
              m -> {
                if ("paused".equals(m.body().getString("to"))) {
                  gateway.switchboard().run(gateway.seats().ready(m.body().getString("agent")));
                }
              });

      sim.generator().start(RATE);
      Await.until(
          CALLS + " calls placed",
          Duration.ofSeconds((long) (CALLS / RATE) + 120),
          () -> sim.stats().placed() >= CALLS);
      sim.generator().stop();
      Await.until(
          "every call over",
          Duration.ofSeconds(120),
          () -> sim.stats().completed() + sim.stats().abandoned() >= sim.stats().placed());

      CallStats stats = sim.stats();
      assertEquals(0, stats.redirectDrops(), "Redirects that landed between applications");
      assertEquals(0, stats.midwayStarts(), "connect contexts started midway");
      assertEquals(0.0, count(gateway, "hotline.calls.dropped"), "dropped callers");
      assertEquals(0.0, count(gateway, "hotline.calls.connect.midway"));
      assertTrue(stats.answered() > CALLS * 0.8, "most callers were answered: " + stats);
      assertTrue(stats.dialNoAnswer() > 100, "seats that did not answer: " + stats);
      double inSession = connects(gateway, "session");
      double fromHold = connects(gateway, "redirect") + connects(gateway, "redirect-after-waiting");
      io.micrometer.core.instrument.FunctionCounter ahead =
          gateway.metrics().find("hotline.agi.sessions.ahead").functionCounter();
      System.out.printf(
          "no dropped caller: %s; connects: in session %.0f, by Redirect from hold %.0f;"
              + " AGI sessions ahead of AMI %.0f%n",
          stats, inSession, fromHold, ahead == null ? 0 : ahead.count());
      assertTrue(inSession > 1000, "offers handed over inside the AGI: " + inSession);
      assertTrue(fromHold > 100, "offers that rang a holding caller by Redirect: " + fromHold);
    } finally {
      gateway.close().await(20, TimeUnit.SECONDS);
      sim.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** One Mandarin queue; wrap-up ends after a second so the floor keeps up with the load. */
  private static SeatManagerConfig config() {
    List<Seat> list = new ArrayList<>();
    for (int i = 1; i <= SEATS; i++) {
      String id = String.format("%03d", i);
      list.add(new Seat(id, "A", "1", "PJSIP/seat" + id));
    }
    QueueConfig general =
        new QueueConfig(
            "general",
            new LocalizedName("综合", "General"),
            List.of("zh"),
            Map.of("general", 1),
            false,
            Duration.ofSeconds(20),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofMinutes(10),
            List.of());
    return new SeatManagerConfig(
        "nodrop" + UUID.randomUUID().toString().substring(0, 8),
        ZoneId.of("Asia/Shanghai"),
        Duration.ofSeconds(30),
        List.of("chaoyang"),
        List.of(general),
        List.of(
            new PauseReason("technical", new LocalizedName("技术故障", "Technical"), true),
            new PauseReason(PauseReason.NO_ANSWER, new LocalizedName("未接听", "No answer"), false)),
        list);
  }

  private static double count(Gateway gateway, String name) {
    return gateway.metrics().find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static double connects(Gateway gateway, String how) {
    Counter c = gateway.metrics().find("hotline.calls.connects").tag("how", how).counter();
    return c == null ? 0 : c.count();
  }
}
