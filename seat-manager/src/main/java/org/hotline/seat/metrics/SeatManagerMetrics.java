package org.hotline.seat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.stats.LiveStatistics;
import org.hotline.seat.stats.QueueStatistics;

/**
 * Micrometer meters: {@code hotline.seat.decision} (latency of each operation's atomic script, by
 * operation and outcome), {@code hotline.seat.offers} (calls assigned), {@code
 * hotline.queue.waiting} and {@code hotline.queue.oldest.wait} per queue, {@code hotline.agents}
 * per state. Gauges read the last {@link #update(LiveStatistics) snapshot}, so a scrape never goes
 * to Redis. Tags carry queue ids and states only.
 */
public final class SeatManagerMetrics implements MeterBinder, DecisionRecorder {

  private final List<String> queueIds;
  private final AtomicReference<LiveStatistics> snapshot = new AtomicReference<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private volatile Counter offers;

  public SeatManagerMetrics(List<String> queueIds) {
    this.queueIds = List.copyOf(queueIds);
  }

  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    this.registry = meterRegistry;
    this.offers =
        Counter.builder("hotline.seat.offers")
            .description("calls assigned to a seat")
            .register(meterRegistry);
    for (String queue : queueIds) {
      Gauge.builder(
              "hotline.queue.waiting",
              this,
              m -> m.queue(queue).map(QueueStatistics::waiting).orElse(0L))
          .tags(Tags.of("queue", queue))
          .description("calls waiting, including those ringing at a seat")
          .register(meterRegistry);
      Gauge.builder(
              "hotline.queue.oldest.wait",
              this,
              m -> m.queue(queue).map(q -> q.oldestWait().toMillis() / 1000.0).orElse(0.0))
          .tags(Tags.of("queue", queue))
          .baseUnit("seconds")
          .description("age of the longest-waiting call")
          .register(meterRegistry);
    }
    for (AgentState state : AgentState.values()) {
      if (state == AgentState.LOGGED_OUT) {
        continue;
      }
      Gauge.builder("hotline.agents", this, m -> m.floor(state))
          .tags(Tags.of("state", state.name().toLowerCase(java.util.Locale.ROOT)))
          .description("agents on the floor by state")
          .register(meterRegistry);
    }
  }

  /** The newest live statistics, read by the gauges. */
  public void update(LiveStatistics statistics) {
    snapshot.set(statistics);
  }

  @Override
  public void record(String operation, long nanos, int offerCount, boolean refused) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    String key = operation + (refused ? "/refused" : "/ok");
    timers
        .computeIfAbsent(
            key,
            k ->
                Timer.builder("hotline.seat.decision")
                    .description("round trip of one atomic seat-manager decision")
                    .tags("operation", operation, "outcome", refused ? "refused" : "ok")
                    .publishPercentiles(0.5, 0.99)
                    .distributionStatisticExpiry(Duration.ofMinutes(2))
                    .register(r))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (offerCount > 0) {
      offers.increment(offerCount);
    }
  }

  private java.util.Optional<QueueStatistics> queue(String id) {
    LiveStatistics s = snapshot.get();
    return s == null ? java.util.Optional.empty() : s.queue(id);
  }

  private double floor(AgentState state) {
    LiveStatistics s = snapshot.get();
    return s == null ? 0 : s.floorIn(state);
  }
}
