package org.hotline.gateway.logging;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warnings of one kind limited: at most {@code perInterval} lines per key in each interval; the
 * rest are counted and reported as one {@code suppressed N similar warnings} line when the interval
 * is over (at the key's next warning or at {@link #flush}, whichever comes first). A key names the
 * kind and its source, e.g. {@code "endless environment from 10.0.0.7"}; it is our text, not a
 * peer's. Keys are bounded: past {@link #MAX_KEYS} new keys share one.
 */
public final class RateLimitedLog {

  /** Keys tracked at once; a flood from many sources shares the key {@code "(other sources)"}. */
  public static final int MAX_KEYS = 1024;

  private final Logger log;
  private final int perInterval;
  private final long intervalNanos;
  private final Duration interval;
  private final LongSupplier nanoClock;
  private final Map<String, Window> windows = new LinkedHashMap<>();

  private static final class Window {
    final long start;
    int logged;
    long suppressed;

    Window(long start) {
      this.start = start;
    }
  }

  public RateLimitedLog(Logger log, int perInterval, Duration interval) {
    this(log, perInterval, interval, System::nanoTime);
  }

  /**
   * @param nanoClock {@link System#nanoTime} but in tests
   */
  public RateLimitedLog(Logger log, int perInterval, Duration interval, LongSupplier nanoClock) {
    if (perInterval < 1 || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("at least one warning per positive interval");
    }
    this.log = log;
    this.perInterval = perInterval;
    this.interval = interval;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  /** The interval, e.g. for a timer that calls {@link #flush}. */
  public Duration interval() {
    return interval;
  }

  /**
   * Logs a WARN line unless {@code key} has had its share in this interval. Peer text among {@code
   * args} must already be {@link LogSafe#text escaped}.
   */
  public void warn(String key, String format, Object... args) {
    boolean emit;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      Window w = windows.get(key);
      if (w != null && now - w.start >= intervalNanos) {
        report(key, w);
        windows.remove(key);
        w = null;
      }
      if (w == null) {
        if (windows.size() >= MAX_KEYS) {
          flush();
        }
        if (windows.size() >= MAX_KEYS && !key.equals("(other sources)")) {
          warnShared(format, args);
          return;
        }
        w = new Window(now);
        windows.put(key, w);
      }
      emit = w.logged < perInterval;
      if (emit) {
        w.logged++;
      } else {
        w.suppressed++;
      }
    }
    if (emit) {
      log.warn(format, args);
    }
  }

  private void warnShared(String format, Object... args) {
    warn("(other sources)", format, args);
  }

  /** Reports and forgets every key whose interval is over. */
  public synchronized void flush() {
    long now = nanoClock.getAsLong();
    for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Window> e = it.next();
      if (now - e.getValue().start >= intervalNanos) {
        report(e.getKey(), e.getValue());
        it.remove();
      }
    }
  }

  private void report(String key, Window w) {
    if (w.suppressed > 0) {
      long ms = interval.toMillis();
      log.warn(
          "{}: suppressed {} similar warnings in {}",
          key,
          w.suppressed,
          ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms");
    }
  }
}
