package org.hotline.cases.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.cases.api.SupervisionAlert;

/**
 * Micrometer meters of the case bridge.
 *
 * <ul>
 *   <li>{@code hotline.cases.outbox.lag} (seconds): age of the oldest delivery not yet taken by the
 *       dispatch system; the figure to alarm on
 *   <li>{@code hotline.cases.outbox.pending}, {@code hotline.cases.outbox.retrying}, {@code
 *       hotline.cases.outbox.dead}: deliveries waiting, waiting for a retry, given up
 *   <li>{@code hotline.cases.deliveries} (timer, by target and outcome)
 *   <li>{@code hotline.cases.submitted} (counter, by disposition): forms accepted
 *   <li>{@code hotline.cases.submissions.refused} (counter, by reason: the error code, such as
 *       {@code invalid_form}): forms refused
 *   <li>{@code hotline.cases.alerts} (counter, by kind)
 *   <li>{@code hotline.cases.history.read} (timer): the screen pop's round trip
 * </ul>
 *
 * Gauges read the last snapshot the bridge took (every tick and every few delivery rounds), so a
 * scrape never goes to Redis. Tags never carry a phone number, a case id, an agent or a seat.
 */
public final class CaseBridgeMetrics implements MeterBinder, CaseEvents {

  private final AtomicReference<OutboxStatus> outbox = new AtomicReference<>(OutboxStatus.EMPTY);
  private final Map<String, Timer> deliveries = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private volatile Timer history;

  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    this.registry = meterRegistry;
    Gauge.builder("hotline.cases.outbox.lag", outbox, o -> o.get().lag().toMillis() / 1000.0)
        .baseUnit("seconds")
        .description("age of the oldest case delivery not yet taken by the dispatch system")
        .register(meterRegistry);
    Gauge.builder("hotline.cases.outbox.pending", outbox, o -> o.get().pending())
        .description("case deliveries not yet taken by the dispatch system")
        .register(meterRegistry);
    Gauge.builder("hotline.cases.outbox.retrying", outbox, o -> o.get().retrying())
        .description("case deliveries waiting for a retry")
        .register(meterRegistry);
    Gauge.builder("hotline.cases.outbox.dead", outbox, o -> o.get().dead())
        .description("case deliveries in the dead-letter list")
        .register(meterRegistry);
    this.history =
        Timer.builder("hotline.cases.history.read")
            .description("round trip of one caller-history read (screen pop)")
            .publishPercentiles(0.5, 0.99)
            .distributionStatisticExpiry(Duration.ofMinutes(2))
            .register(meterRegistry);
  }

  @Override
  public void outbox(OutboxStatus status) {
    outbox.set(status);
  }

  @Override
  public void submitted(Disposition disposition) {
    counter("hotline.cases.submitted", "disposition", disposition.code(), "cases submitted");
  }

  @Override
  public void refused(ErrorCode code) {
    counter(
        "hotline.cases.submissions.refused",
        "reason",
        code.name().toLowerCase(Locale.ROOT),
        "case forms refused, by error code");
  }

  @Override
  public void alerts(SupervisionAlert.Kind kind, int count) {
    if (count > 0) {
      Counter c =
          counterFor("hotline.cases.alerts", "kind", kind.code(), "supervision alerts raised");
      if (c != null) {
        c.increment(count);
      }
    }
  }

  @Override
  public void delivery(String target, String outcome, long nanos) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    deliveries
        .computeIfAbsent(
            target + "/" + outcome,
            k ->
                Timer.builder("hotline.cases.deliveries")
                    .description("delivery attempts to the dispatch system")
                    .tags("target", target, "outcome", outcome.toLowerCase(Locale.ROOT))
                    .register(r))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void historyRead(long nanos) {
    Timer t = history;
    if (t != null) {
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private void counter(String name, String tag, String value, String description) {
    Counter c = counterFor(name, tag, value, description);
    if (c != null) {
      c.increment();
    }
  }

  private Counter counterFor(String name, String tag, String value, String description) {
    MeterRegistry r = registry;
    if (r == null) {
      return null;
    }
    return counters.computeIfAbsent(
        name + "/" + value,
        k -> Counter.builder(name).description(description).tags(tag, value).register(r));
  }
}
