package org.hotline.seat;

import static org.hotline.seat.testing.TestConfig.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.SeatManagerMetrics;
import org.hotline.seat.redis.RedisSeatManager;
import org.hotline.seat.testing.Redis;
import org.hotline.seat.testing.TestClock;
import org.hotline.seat.testing.TestConfig;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void decisionsQueueDepthAndAgentStatesAreMeteredWithoutPersonalTags() {
    SeatManagerConfig config =
        TestConfig.config(List.of(queue("general", Map.of("general", 1), List.of())), 5);
    SeatManagerMetrics metrics = new SeatManagerMetrics(config.queueIds());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    assertEquals(
        null,
        registry.find("hotline.queue.offered").functionCounter(),
        "the day's figures wait for the first snapshot: not 0, then the day's count");
    TestClock clock = TestClock.morning();
    try (RedisSeatManager seats = RedisSeatManager.connect(Redis.uri(), config, clock, metrics)) {
      seats
          .registerAgent(
              new org.hotline.seat.api.Agent(
                  "13800138000",
                  "Li",
                  org.hotline.seat.api.Role.AGENT,
                  Map.of("general", 3),
                  java.util.Set.of("zh"),
                  java.util.Set.of()))
          .toCompletableFuture()
          .join();
      seats.login("13800138000", "001").toCompletableFuture().join();
      seats.enqueue(RoutingRequest.of("c1", "general")).toCompletableFuture().join();
      seats.enqueue(RoutingRequest.of("c2", "general")).toCompletableFuture().join();
      metrics.update(seats.statistics().toCompletableFuture().join());
    }

    assertEquals(
        1, registry.get("hotline.seat.decision").tag("operation", "login").timer().count());
    assertEquals(
        2, registry.get("hotline.seat.decision").tag("operation", "enqueue").timer().count());
    assertEquals(1.0, registry.get("hotline.seat.offers").counter().count());
    assertEquals(
        2.0, registry.get("hotline.queue.waiting").tag("queue", "general").gauge().value());
    assertEquals(1.0, registry.get("hotline.agents").tag("state", "offered").gauge().value());
    assertEquals(
        2.0,
        registry.get("hotline.queue.offered").tag("queue", "general").functionCounter().count());
    assertEquals(
        0.0,
        registry.get("hotline.queue.answered").tag("queue", "general").functionCounter().count());
    assertTrue(
        Double.isNaN(
            registry.get("hotline.queue.service.level").tag("queue", "general").gauge().value()),
        "no service level before the first answered or abandoned call");
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertTrue(
            !tag.getValue().contains("13800138000") && !tag.getValue().equals("c1"),
            meter.getId() + " carries a personal tag");
      }
    }
  }
}
