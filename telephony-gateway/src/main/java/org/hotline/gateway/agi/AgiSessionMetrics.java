package org.hotline.gateway.agi;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code hotline.agi.sessions} (timer by {@code script} and {@code outcome}, with histogram buckets
 * for a p95 across instances) and {@code hotline.agi.sessions.open} (gauge). Every script and
 * outcome is registered at once, so a dashboard shows zeros rather than gaps; the tags name scripts
 * and outcomes only, never a channel, a call or a caller.
 */
public final class AgiSessionMetrics implements SessionRecorder {

  /** A session lasts from a few milliseconds (a dial result) to a caller's menu choice. */
  private static final Duration[] BUCKETS =
      Stream.of(10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000)
          .map(Duration::ofMillis)
          .toArray(Duration[]::new);

  private final Map<String, Timer> timers = new HashMap<>();

  /** Meters for {@code server}'s scripts; give it to {@link AgiServer#recordSessions}. */
  public AgiSessionMetrics(MeterRegistry registry, AgiServer server) {
    Set<String> names = new TreeSet<>(server.scriptNames());
    names.add(AgiServer.UNKNOWN_SCRIPT);
    for (String script : names) {
      for (Outcome outcome : Outcome.values()) {
        timers.put(
            key(script, outcome),
            Timer.builder("hotline.agi.sessions")
                .description("FastAGI sessions, request to end, by script and outcome")
                .tags("script", script, "outcome", outcome.tag())
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
      }
    }
    // the gauge holds the server only weakly: the gateway keeps it
    Gauge.builder("hotline.agi.sessions.open", server, AgiServer::activeSessions)
        .description("FastAGI connections open now")
        .register(registry);
  }

  @Override
  public void ended(String script, Outcome outcome, long nanos) {
    Timer timer = timers.get(key(script, outcome));
    if (timer == null) {
      timer = timers.get(key(AgiServer.UNKNOWN_SCRIPT, outcome));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private static String key(String script, Outcome outcome) {
    return script + "/" + outcome.tag();
  }
}
