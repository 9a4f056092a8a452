package org.hotline.cases.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.cases.config.OutboxSettings;
import org.hotline.cases.delivery.DeliveryOutcome;
import org.hotline.cases.delivery.DeliveryTarget;
import org.hotline.cases.metrics.CaseEvents;
import org.hotline.redis.support.AsyncFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives deliveries on one thread of its own: each round promotes due retries, takes over entries
 * of dead instances now and then, reads new entries, hands them all to the target at once
 * (different cases, so order does not matter between them) and settles every answer with a script.
 * A round with nothing to do is followed by a pause of {@code pollInterval}.
 *
 * <p>Any number of instances may run workers on one Redis: the consumer group gives each entry to
 * one of them, and the settling scripts make a late or repeated answer harmless.
 */
public final class DeliveryWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  private static final int STATUS_EVERY_ROUNDS = 10;

  private final Outbox outbox;
  private final DeliveryTarget target;
  private final OutboxSettings settings;
  private final Backoff backoff;
  private final Clock clock;
  private final String consumer;
  private final CaseEvents events;
  private final AtomicBoolean running = new AtomicBoolean();
  private ExecutorService thread;
  private Instant lastClaim = Instant.EPOCH;
  private long rounds;
  private long lastFailureLog;

  public DeliveryWorker(
      Outbox outbox,
      DeliveryTarget target,
      OutboxSettings settings,
      Clock clock,
      String consumer,
      CaseEvents events) {
    this.outbox = outbox;
    this.target = target;
    this.settings = settings;
    this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax());
    this.clock = clock;
    this.consumer = consumer;
    this.events = events;
  }

  public String consumer() {
    return consumer;
  }

  public synchronized void start() {
    if (running.getAndSet(true)) {
      return;
    }
    thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "case-delivery-" + consumer);
              t.setDaemon(true);
              return t;
            });
    thread.execute(this::loop);
  }

  private void loop() {
    boolean groupReady = false;
    while (running.get()) {
      int done = 0;
      try {
        if (!groupReady) {
          outbox.ensureGroup().toCompletableFuture().join();
          groupReady = true;
        }
        done = round();
      } catch (RuntimeException e) {
        Throwable cause = AsyncFailures.cause(e);
        if (String.valueOf(cause.getMessage()).startsWith("NOGROUP")) {
          groupReady = false;
        }
        logFailure(cause);
      }
      if (done == 0 && running.get()) {
        sleep(settings.pollInterval());
      }
    }
  }

  /** One round; returns how many deliveries it settled. Public for tests that step by hand. */
  public int round() {
    Instant now = clock.instant();
    outbox.promoteDue(now, settings.batch() * 4).toCompletableFuture().join();
    List<Outbox.Entry> entries = new ArrayList<>();
    if (Duration.between(lastClaim, now).compareTo(settings.claimIdle().dividedBy(2)) >= 0) {
      lastClaim = now;
      entries.addAll(
          outbox
              .claimAbandoned(consumer, settings.claimIdle(), settings.batch())
              .toCompletableFuture()
              .join());
    }
    if (entries.size() < settings.batch()) {
      entries.addAll(
          outbox.read(consumer, settings.batch() - entries.size()).toCompletableFuture().join());
    }
    List<CompletableFuture<Void>> settled = new ArrayList<>();
    for (Outbox.Entry e : entries) {
      settled.add(deliver(e));
    }
    CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).join();
    if (++rounds % STATUS_EVERY_ROUNDS == 0 || !entries.isEmpty()) {
      events.outbox(outbox.status(clock.instant()).toCompletableFuture().join());
    }
    return entries.size();
  }

  private CompletableFuture<Void> deliver(Outbox.Entry e) {
    long start = System.nanoTime();
    CompletableFuture<DeliveryOutcome> outcome;
    try {
      outcome =
          target
              .deliver(e.delivery())
              .toCompletableFuture()
              .exceptionally(
                  t ->
                      new DeliveryOutcome.Failed(
                          target.name() + ": " + AsyncFailures.cause(t).getClass().getSimpleName(),
                          false));
    } catch (RuntimeException t) {
      outcome =
          CompletableFuture.completedFuture(
              new DeliveryOutcome.Failed(
                  target.name() + ": " + t.getClass().getSimpleName(), false));
    }
    return outcome.thenCompose(
        o -> {
          Instant now = clock.instant();
          if (o instanceof DeliveryOutcome.Delivered d) {
            return outbox
                .acknowledge(e, d.reference().orElse(""), target.name(), now)
                .toCompletableFuture()
                .thenAccept(
                    fresh ->
                        events.delivery(
                            target.name(),
                            fresh ? "delivered" : "stale",
                            System.nanoTime() - start));
          }
          DeliveryOutcome.Failed f = (DeliveryOutcome.Failed) o;
          Instant retryAt = now.plus(backoff.after(e.delivery().attempt()));
          return outbox
              .fail(e, f.reason(), f.permanent(), settings.maxAttempts(), retryAt, now)
              .toCompletableFuture()
              .thenAccept(
                  r -> {
                    if (r == Outbox.FailResult.DEAD) {
                      LOG.warn(
                          "delivery {} gave up after attempt {}: {}",
                          e.delivery().idempotencyKey(),
                          e.delivery().attempt(),
                          f.reason());
                    }
                    events.delivery(
                        target.name(),
                        r.name().toLowerCase(java.util.Locale.ROOT),
                        System.nanoTime() - start);
                  });
        });
  }

  private void logFailure(Throwable cause) {
    long now = System.currentTimeMillis();
    if (now - lastFailureLog > 5_000) { // Redis down: one line every few seconds, not a flood
      lastFailureLog = now;
      LOG.warn("delivery round failed, will retry: {}", cause.toString());
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops after the current round (waits for it up to {@code timeout}). */
  public synchronized void stop(Duration timeout) {
    if (!running.getAndSet(false) || thread == null) {
      return;
    }
    thread.shutdown();
    try {
      if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
    }
  }

  /** Stops at once, mid-round: what is in flight stays unsettled, as after a crash. */
  public synchronized void halt() {
    running.set(false);
    if (thread != null) {
      thread.shutdownNow();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
