package org.hotline.asterisk.sim.generator;

import io.vertx.core.Context;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.call.Keypads;
import org.hotline.asterisk.sim.dialplan.Originator;
import org.hotline.asterisk.sim.time.SimClock;

/**
 * Places incoming calls as a Poisson process in simulated time. The rate can change while it runs;
 * the next gap is drawn at each arrival, so a change applies from the next call on. All randomness
 * comes from one seeded {@link Random}, so a run is reproducible.
 */
public final class CallGenerator {
  private final Context context;
  private final SimClock clock;
  private final Originator originator;
  private final Random random;
  private final CallerNumbers numbers = new CallerNumbers();
  private final AtomicLong generated = new AtomicLong();
  private volatile TrafficProfile profile;
  private volatile double rate;
  private volatile boolean running;
  private long timer = -1;
  private long epoch;
  private double nextArrivalSimMillis = -1;

  public CallGenerator(
      Context context,
      SimClock clock,
      Originator originator,
      Random random,
      TrafficProfile profile) {
    this.context = context;
    this.clock = clock;
    this.originator = originator;
    this.random = random;
    this.profile = profile;
  }

  /** Starts (or restarts) arrivals at this many calls per simulated second. */
  public void start(double callsPerSecond) {
    check(callsPerSecond);
    context.runOnContext(
        v -> {
          rate = callsPerSecond;
          running = true;
          epoch++;
          nextArrivalSimMillis = -1;
          clock.cancel(timer);
          scheduleNext(epoch);
        });
  }

  /** Changes the arrival rate while running. */
  public void rate(double callsPerSecond) {
    check(callsPerSecond);
    rate = callsPerSecond;
  }

  public double rate() {
    return rate;
  }

  public void profile(TrafficProfile value) {
    this.profile = value;
  }

  public void stop() {
    context.runOnContext(
        v -> {
          running = false;
          epoch++;
          clock.cancel(timer);
        });
  }

  public boolean isRunning() {
    return running;
  }

  /** Calls this generator has placed. */
  public long generated() {
    return generated.get();
  }

  private static void check(double r) {
    if (!(r > 0) || Double.isInfinite(r)) {
      throw new IllegalArgumentException("rate must be positive: " + r);
    }
  }

  /**
   * Arrival times accumulate in simulated time and each timer places every call that is due, so
   * timer jitter and the 1 ms timer floor never thin out the process at high time scales. A timer
   * that fires before the next arrival is due (its delay was rounded) only waits again: redrawing
   * the gap then would favour short gaps and inflate the rate.
   */
  private void scheduleNext(long myEpoch) {
    if (nextArrivalSimMillis < 0) {
      nextArrivalSimMillis = clock.simNowMillis() + gapMillis();
    }
    timer =
        clock.scheduleMillis(
            nextArrivalSimMillis - clock.simNowMillis(),
            () -> {
              if (!running || epoch != myEpoch) {
                return;
              }
              long now = clock.simNowMillis();
              int burst = 0;
              while (nextArrivalSimMillis <= now && burst++ < 10_000) {
                arrive();
                nextArrivalSimMillis += gapMillis();
              }
              scheduleNext(myEpoch);
            });
  }

  private double gapMillis() {
    return -Math.log(1 - random.nextDouble()) / rate * 1000;
  }

  private void arrive() {
    TrafficProfile p = profile;
    String number = numbers.next(random, p);
    double patience = p.patience().sampleSeconds(random);
    CallSpec spec =
        new CallSpec(
            number,
            "",
            p.drawLine(random),
            patience > 0 ? patience : 0.001,
            Keypads.sequence(p.drawMenu(random), p.digitThinkSeconds()));
    generated.incrementAndGet();
    originator.placeIncoming(spec);
  }
}
