package org.hotline.cases.bench;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** Closed-loop timing: {@code inFlight} operations outstanding at any time, each one timed. */
final class Latency {

  private Latency() {}

  /** The latencies of one run and its wall time. */
  record Sample(long[] nanos, long wallNanos) {
    double perSecond() {
      return nanos.length / (wallNanos / 1e9);
    }

    double micros(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1000.0;
    }

    double meanMicros() {
      return Arrays.stream(nanos).average().orElse(0) / 1000.0;
    }

    /** The operations of one parity (0: even, 1: odd), with the whole run's wall time. */
    Sample part(int parity) {
      long[] mine = new long[(nanos.length + 1 - parity) / 2];
      for (int i = parity, k = 0; i < nanos.length; i += 2, k++) {
        mine[k] = nanos[i];
      }
      return new Sample(mine, wallNanos);
    }

    double millis(double p) {
      return micros(p) / 1000.0;
    }
  }

  /**
   * Runs {@code count} operations, starting the next as soon as one of {@code inFlight} completes;
   * fails if any operation failed (a benchmark of failures measures nothing).
   */
  static Sample closedLoop(int count, int inFlight, IntFunction<CompletionStage<?>> op)
      throws InterruptedException {
    long[] nanos = new long[count];
    Semaphore slots = new Semaphore(inFlight);
    CompletableFuture<?>[] all = new CompletableFuture<?>[count];
    long wall = System.nanoTime();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      int at = i;
      long start = System.nanoTime();
      CompletableFuture<?> f;
      try {
        f = op.apply(i).toCompletableFuture();
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
      all[i] =
          f.whenComplete(
              (r, e) -> {
                nanos[at] = System.nanoTime() - start;
                slots.release();
              });
    }
    CompletableFuture.allOf(all).join();
    return new Sample(nanos, System.nanoTime() - wall);
  }
}
