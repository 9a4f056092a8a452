package org.hotline.asterisk.sim.time;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Schedules simulated delays on Vert.x timers, divided by the time-scale factor. It also keeps a
 * simulated "now" so durations Asterisk reports (DIALEDTIME, Duration, Seconds) are in simulated
 * seconds. Network timeouts are not scaled: they protect real sockets.
 */
public final class SimClock {
  private final Vertx vertx;
  private final long startEpochMillis = System.currentTimeMillis();
  private volatile double scale;
  private long realAnchorNanos = System.nanoTime();
  private double simAnchorMillis;

  public SimClock(Vertx vertx, double timeScale) {
    this.vertx = vertx;
    setTimeScale(timeScale);
  }

  /** Changes the factor while running; simulated now stays continuous. */
  public synchronized void setTimeScale(double timeScale) {
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be positive: " + timeScale);
    }
    simAnchorMillis = simNowMillisUnsynced();
    realAnchorNanos = System.nanoTime();
    scale = timeScale;
  }

  public double timeScale() {
    return scale;
  }

  /** Simulated milliseconds since the clock was created. */
  public synchronized long simNowMillis() {
    return (long) simNowMillisUnsynced();
  }

  private double simNowMillisUnsynced() {
    if (scale == 0) {
      return 0;
    }
    return simAnchorMillis + (System.nanoTime() - realAnchorNanos) / 1e6 * scale;
  }

  /** Wall-clock epoch seconds shifted by simulated time, for Uniqueids and timestamps. */
  public long epochSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  /** ${EPOCH}: the wall clock when the simulator started plus the simulated time since. */
  public long simEpochSeconds() {
    return (startEpochMillis + simNowMillis()) / 1000;
  }

  /** Runs the task after a simulated delay; returns the timer id for {@link #cancel}. */
  public long schedule(Duration simDelay, Runnable task) {
    return scheduleMillis(simDelay.toNanos() / 1e6, task);
  }

  /** Runs the task after a simulated delay in milliseconds. */
  public long scheduleMillis(double simMillis, Runnable task) {
    long real = Math.max(1, Math.round(Math.max(0, simMillis) / scale));
    return vertx.setTimer(real, id -> task.run());
  }

  public long scheduleSeconds(double simSeconds, Runnable task) {
    return scheduleMillis(simSeconds * 1000, task);
  }

  public void cancel(long timerId) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }
}
