package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.SimulatorOptions;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.Role;
import org.hotline.seat.config.SeatManagerConfig;
import org.junit.jupiter.api.Test;

/**
 * Two Asterisk servers feed one gateway: each call is known by its server and Uniqueid, each is
 * connected through the AMI connection of its own server, and both reach seats of the same floor.
 */
class TwoExchangesTest {

  @Test
  void callsFromTwoServersAreKeptApartAndEachIsConnectedThroughItsOwnServer() throws Exception {
    Vertx vertx = Vertx.vertx();
    int agiPort = Harness.freePort();
    String secret = UUID.randomUUID().toString();
    AsteriskSimulator one = start(vertx, "ast1", secret, agiPort);
    AsteriskSimulator two = start(vertx, "ast2", secret, agiPort);
    SeatManagerConfig seats = Harness.seatConfig();
    GatewayConfig config =
        GatewayConfigLoader.load(
                Path.of("..", "config", "gateway.yaml"), Map.of("HOTLINE_AMI_SECRET", secret)::get)
            .withAsterisk(
                List.of(
                    new AmiServerConfig(
                        "ast1",
                        "127.0.0.1",
                        one.amiPort(),
                        "hotline",
                        secret,
                        Duration.ofSeconds(5)),
                    new AmiServerConfig(
                        "ast2",
                        "127.0.0.1",
                        two.amiPort(),
                        "hotline",
                        secret,
                        Duration.ofSeconds(5))))
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
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!gateway.exchangesUp() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(gateway.exchangesUp(), "both AMI connections up");
      for (String id : List.of("a1", "a2")) {
        gateway
            .seats()
            .registerAgent(
                new Agent(id, id, Role.AGENT, Map.of("general", 5), Set.of("zh"), Set.of()))
            .toCompletableFuture()
            .join();
      }
      gateway.seats().login("a1", "001").toCompletableFuture().join();
      gateway.seats().login("a2", "002").toCompletableFuture().join();

      CallSpec caller =
          new CallSpec("13912345678", "", "10000", Double.POSITIVE_INFINITY, Keypad.silent());
      one.placeCall(caller).await(5, TimeUnit.SECONDS);
      two.placeCall(caller).await(5, TimeUnit.SECONDS);
      deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (one.stats().answered() + two.stats().answered() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, one.stats().answered(), "the first server's call reached a seat");
      assertEquals(1, two.stats().answered(), "and the second's, through its own AMI connection");
      Map<String, CallState> active = gateway.seats().activeCalls().toCompletableFuture().join();
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!active.values().stream().allMatch(s -> s == CallState.CONNECTED)
          && System.nanoTime() < deadline) {
        Thread.sleep(20); // the answer reaches the seat manager an AMI event later
        active = gateway.seats().activeCalls().toCompletableFuture().join();
      }
      assertEquals(2, active.size(), "two calls, not one: " + active);
      assertTrue(
          active.keySet().stream().anyMatch(id -> id.startsWith("ast1:ast1-")), active.toString());
      assertTrue(
          active.keySet().stream().anyMatch(id -> id.startsWith("ast2:ast2-")), active.toString());
      assertTrue(active.values().stream().allMatch(s -> s == CallState.CONNECTED));
    } finally {
      gateway.close().await(10, TimeUnit.SECONDS);
      one.close().await(10, TimeUnit.SECONDS);
      two.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static AsteriskSimulator start(Vertx vertx, String name, String secret, int agiPort)
      throws Exception {
    AsteriskSimulator sim =
        AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(secret, "127.0.0.1:" + agiPort)
                    .withSystemName(name)
                    .withSeatDefault(SeatBehaviour.answering(0.2, 30)))
            .await(10, TimeUnit.SECONDS);
    return sim;
  }
}
