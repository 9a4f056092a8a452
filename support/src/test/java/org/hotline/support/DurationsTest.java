package org.hotline.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.hotline.support.time.Durations;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void unitsFromMillisecondsToDaysAndABareNumberIsSeconds() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(20), Durations.parse(" 20 s "));
    assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
    assertEquals(Duration.ofHours(2), Durations.parse("2h"));
    assertEquals(Duration.ofDays(7), Durations.parse("7d"));
    assertEquals(Duration.ofSeconds(30), Durations.parse("30"));
  }

  @Test
  void anythingElseIsRefusedWithTheSettingsName() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Durations.positive(Duration.ZERO, "timeout"));
    assertEquals("timeout must be positive: PT0S", e.getMessage());
  }
}
