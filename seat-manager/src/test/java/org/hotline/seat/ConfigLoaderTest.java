package org.hotline.seat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.support.time.Durations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  /** The deployable configuration at the top of the repository. */
  static final Path SHIPPED = Path.of("..", "config");

  @Test
  void theShippedConfigurationLoads() {
    SeatManagerConfig config = ConfigLoader.load(SHIPPED);
    assertEquals("main", config.centreId());
    assertEquals(600, config.seats().size());
    assertEquals("PJSIP/seat036", config.seat("036").orElseThrow().device());
    assertEquals(16, config.districts().size());
    QueueConfig officials = config.queue("officials").orElseThrow();
    assertTrue(officials.districtRequired());
    assertTrue(officials.escalation().get(0).dropDistrict());
    assertEquals(
        Duration.ofSeconds(15), config.queue("elderly").orElseThrow().serviceLevelThreshold());
    assertEquals(
        Duration.ofSeconds(20), config.queue("general").orElseThrow().serviceLevelThreshold());
    assertTrue(config.pauseReason("no-answer").isPresent());
  }

  @Test
  void mistakesAreNamedAtStartUp(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("seats.yaml"), "seats: [{id: '001'}]\n");
    Files.writeString(
        dir.resolve("queues.yaml"),
        "queues:\n  - id: general\n    skills: {general: 3}\n    escalation: [{after: 30s, overflow: [nowhere]}]\n"
            + "pauseReasons: [{code: no-answer}]\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(dir));
    assertTrue(e.getMessage().contains("unknown queue nowhere"), e.getMessage());

    Files.writeString(
        dir.resolve("queues.yaml"),
        "queues:\n  - id: general\n    skills: {general: 3}\n    wrapUpLimit: soon\n"
            + "pauseReasons: [{code: no-answer}]\n");
    e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(dir));
    assertTrue(e.getMessage().contains("not a duration: soon"), e.getMessage());

    Files.writeString(
        dir.resolve("queues.yaml"), "queues:\n  - id: General Line\n    skills: {}\n");
    e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(dir));
    assertTrue(e.getMessage().contains("queue id"), e.getMessage());
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(20), Durations.parse("20"));
    assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
    assertEquals(Duration.ofDays(7), Durations.parse("7d"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
  }
}
