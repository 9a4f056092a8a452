package org.hotline.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

  private final AtomicLong now = new AtomicLong();
  private final RateLimitedLog log =
      new RateLimitedLog(
          LoggerFactory.getLogger(RateLimitedLogTest.class), 3, Duration.ofSeconds(10), now::get);

  @Test
  void atMostNPerIntervalPerKeyThenOneSuppressedLine() {
    try (CapturedLog captured = CapturedLog.start()) {
      for (int i = 0; i < 10; i++) {
        log.warn("kind A from 10.0.0.1", "A {}", i);
        log.warn("kind B from 10.0.0.1", "B {}", i);
      }
      assertEquals(6, captured.lines("RateLimitedLogTest").size());
      now.addAndGet(Duration.ofSeconds(10).toNanos());
      log.warn("kind A from 10.0.0.1", "A {}", "again");
      log.flush();
      assertEquals(
          List.of(
              "kind A from 10.0.0.1: suppressed 7 similar warnings in 10 s",
              "A again",
              "kind B from 10.0.0.1: suppressed 7 similar warnings in 10 s"),
          captured.lines().stream().skip(6).map(l -> l.substring(l.indexOf(" - ") + 3)).toList());
    }
  }

  @Test
  void nothingIsReportedForAKeyThatStayedWithinItsShare() {
    try (CapturedLog captured = CapturedLog.start()) {
      log.warn("k", "one");
      now.addAndGet(Duration.ofMinutes(1).toNanos());
      log.flush();
      log.warn("k", "two");
      assertEquals(2, captured.lines().size());
      assertEquals(0, captured.lines("suppressed").size());
    }
  }
}
