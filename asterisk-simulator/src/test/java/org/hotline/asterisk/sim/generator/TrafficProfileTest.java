package org.hotline.asterisk.sim.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrafficProfileTest {

  @Test
  void callersDialEveryLineAndPressEveryMenuKeyInTheirShares() {
    TrafficProfile p =
        TrafficProfile.defaults()
            .withLines(Map.of("12345", 8.0, "1234501", 1.0, "1234503", 1.0))
            .withMenu(Map.of("1", 0.7, "2", 0.1, "9", 0.1, "", 0.1));
    Random random = new Random(4);
    Map<String, Integer> lines = new HashMap<>();
    Map<String, Integer> keys = new HashMap<>();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      lines.merge(p.drawLine(random), 1, Integer::sum);
      keys.merge(p.drawMenu(random), 1, Integer::sum);
    }
    assertEquals(0.8, lines.get("12345") / (double) n, 0.015);
    assertEquals(0.1, lines.get("1234501") / (double) n, 0.01);
    assertEquals(0.1, lines.get("1234503") / (double) n, 0.01);
    assertEquals(0.7, keys.get("1") / (double) n, 0.015);
    assertEquals(0.1, keys.get("") / (double) n, 0.01, "some press nothing");
    assertEquals(4, keys.size());
  }

  @Test
  void withoutSharesEveryCallerDialsTheOneNumberAndPressesTheSameKeys() {
    TrafficProfile p = TrafficProfile.defaults();
    Random random = new Random(1);
    assertEquals("12345", p.drawLine(random));
    assertEquals("1", p.drawMenu(random));
  }
}
