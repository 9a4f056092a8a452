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
import org.hotline.cases.delivery.Delivery;
import org.hotline.cases.delivery.DeliveryOutcome;
import org.hotline.cases.delivery.DeliveryTarget;
import org.hotline.cases.metrics.CaseEvents;
import org.hotline.support.async.AsyncFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives deliveries on one thread of its own: each round claims the entries that are due (new ones,
 * retries whose time has come, and those of an instance whose lease ran out), hands them all to the
 * target at once (different cases, so order does not matter between them) and settles every answer
 * in a transaction. A round with nothing to do is followed by a pause of {@code pollInterval}.
 *
 * <p>Any number of instances may run workers on one database: a claim skips the rows another
 * instance holds, and settling makes a late or repeated answer harmless.
 */
public final class DeliveryWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  private static final int STATUS_EVERY_ROUNDS = 10;
  private static final java.time.Duration STATUS_AT_MOST_EVERY = java.time.Duration.ofSeconds(1);
  private Instant lastStatus = Instant.EPOCH;

  private final PgOutbox outbox;
  private final DeliveryTarget target;
  private final OutboxSettings settings;
  private final Backoff backoff;
  private final Clock clock;
  private final String consumer;
  private final CaseEvents events;
  private final AtomicBoolean running = new AtomicBoolean();
  private ExecutorService thread;
  private long rounds;
  private long lastFailureLog;

  public DeliveryWorker(
      PgOutbox outbox,
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
    while (running.get()) {
      int done = 0;
      try {
        done = round();
      } catch (RuntimeException e) {
        logFailure(AsyncFailures.cause(e));
      }
      if (done == 0 && running.get()) {
        sleep(settings.pollInterval());
      }
    }
  }

  /** One round; returns how many deliveries it settled. Public for tests that step by hand. */
  public int round() {
    List<Delivery> claimed =
        outbox
            .claim(consumer, settings.batch(), settings.claimIdle(), clock.instant())
            .toCompletableFuture()
            .join();
    List<CompletableFuture<Void>> settled = new ArrayList<>();
    for (Delivery d : claimed) {
      settled.add(deliver(d));
    }
    CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).join();
    // the status counts the whole outbox: not after every batch of a large backlog, but at once
    // when a backlog is worked off, so the meters settle
    Instant now = clock.instant();
    boolean drained = !claimed.isEmpty() && claimed.size() < settings.batch();
    boolean due = !claimed.isEmpty() && !now.isBefore(lastStatus.plus(STATUS_AT_MOST_EVERY));
    if (++rounds % STATUS_EVERY_ROUNDS == 0 || drained || due) {
      lastStatus = now;
      events.outbox(outbox.status(now).toCompletableFuture().join());
    }
    return claimed.size();
  }

  private CompletableFuture<Void> deliver(Delivery e) {
    long start = System.nanoTime();
    CompletableFuture<DeliveryOutcome> outcome;
    try {
      outcome =
          target
              .deliver(e)
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
          Instant retryAt = now.plus(backoff.after(e.attempt()));
          return outbox
              .fail(e, consumer, f.reason(), f.permanent(), settings.maxAttempts(), retryAt, now)
              .toCompletableFuture()
              .thenAccept(
                  r -> {
                    if (r == PgOutbox.FailResult.DEAD) {
                      LOG.warn(
                          "delivery {} gave up after attempt {}: {}",
                          e.idempotencyKey(),
                          e.attempt(),
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
    if (now - lastFailureLog
        > 5_000) { // the database down: one line every few seconds, not a flood
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
