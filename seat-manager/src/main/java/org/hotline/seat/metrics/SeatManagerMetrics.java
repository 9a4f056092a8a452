package org.hotline.seat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.stats.LiveStatistics;
import org.hotline.seat.stats.QueueStatistics;

/**
 * Micrometer meters: {@code hotline.seat.decision} (latency of each operation's atomic script, by
 * operation and outcome), {@code hotline.seat.offers} (calls assigned), {@code
 * hotline.queue.waiting} and {@code hotline.queue.oldest.wait} per queue, {@code hotline.agents}
 * per state. Gauges read the last {@link #update(LiveStatistics) snapshot}, so a scrape never goes
 * to Redis. Tags carry queue ids and states only.
 *
 * <p>Per queue, the live statistics' own figures since the centre's midnight: {@code
 * hotline.queue.offered}, {@code hotline.queue.answered} and {@code hotline.queue.abandoned}
 * (counters that restart at midnight, which Prometheus's {@code rate} takes as a reset) and {@code
 * hotline.queue.service.level} (0..1, NaN before the first answered or abandoned call). They are
 * the centre's, read from Redis: every instance shows the same value, so a dashboard takes their
 * {@code max}, not their sum. They appear with the first snapshot: a counter that showed 0 and then
 * the day's figure would look like a burst of calls at every start.
 */
public final class SeatManagerMetrics implements MeterBinder, DecisionRecorder {

  private final List<String> queueIds;
  private final AtomicReference<LiveStatistics> snapshot = new AtomicReference<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private volatile Counter offers;
  private final AtomicBoolean dayFigures = new AtomicBoolean();

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
    MeterRegistry r = registry;
    if (r != null && dayFigures.compareAndSet(false, true)) {
      registerDayFigures(r);
    }
  }

  private void registerDayFigures(MeterRegistry r) {
    for (String queue : queueIds) {
      dayCounter(
          r,
          queue,
          "hotline.queue.offered",
          "calls that entered the queue today",
          QueueStatistics::offered);
      dayCounter(
          r,
          queue,
          "hotline.queue.answered",
          "calls connected to an agent today",
          QueueStatistics::answered);
      dayCounter(
          r,
          queue,
          "hotline.queue.abandoned",
          "callers who hung up while waiting today, short abandons left out",
          QueueStatistics::abandoned);
      Gauge.builder(
              "hotline.queue.service.level",
              this,
              m -> m.queue(queue).map(q -> q.serviceLevel().orElse(Double.NaN)).orElse(Double.NaN))
          .tags(Tags.of("queue", queue))
          .description("answered within the threshold / (answered + abandoned), today")
          .register(r);
    }
  }

  private void dayCounter(
      MeterRegistry r,
      String queue,
      String name,
      String description,
      ToLongFunction<QueueStatistics> figure) {
    FunctionCounter.builder(
            name, this, m -> m.queue(queue).map(figure::applyAsLong).orElse(0L).doubleValue())
        .tags(Tags.of("queue", queue))
        .description(description + " (the centre's figure, restarting at midnight)")
        .register(r);
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
