package org.hotline.asterisk.sim.call;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the simulator did, readable from any thread for assertions. */
public final class CallCounters {
  final AtomicLong placed = new AtomicLong();
  final AtomicLong answered = new AtomicLong();
  final AtomicLong abandoned = new AtomicLong();
  final AtomicLong completed = new AtomicLong();
  final AtomicLong dials = new AtomicLong();
  final AtomicLong dialNoAnswer = new AtomicLong();
  final AtomicLong dialBusy = new AtomicLong();
  final AtomicLong dialCongestion = new AtomicLong();
  final AtomicLong dialUnavailable = new AtomicLong();
  final AtomicLong dialCancel = new AtomicLong();
  final AtomicLong agiSessions = new AtomicLong();
  final AtomicLong agiFailures = new AtomicLong();
  final AtomicLong originates = new AtomicLong();
  final AtomicLong holds = new AtomicLong();
  final AtomicLong redirectDrops = new AtomicLong();
  final AtomicLong midwayStarts = new AtomicLong();

  public void placed() {
    placed.incrementAndGet();
  }

  public void answered() {
    answered.incrementAndGet();
  }

  public void abandoned() {
    abandoned.incrementAndGet();
  }

  public void completed() {
    completed.incrementAndGet();
  }

  /** Counts a Dial outcome by its DIALSTATUS. */
  public void dial(String dialStatus) {
    dials.incrementAndGet();
    switch (dialStatus) {
      case "NOANSWER" -> dialNoAnswer.incrementAndGet();
      case "BUSY" -> dialBusy.incrementAndGet();
      case "CONGESTION" -> dialCongestion.incrementAndGet();
      case "CHANUNAVAIL" -> dialUnavailable.incrementAndGet();
      case "CANCEL" -> dialCancel.incrementAndGet();
      default -> {}
    }
  }

  public void agiSession(boolean failed) {
    agiSessions.incrementAndGet();
    if (failed) {
      agiFailures.incrementAndGet();
    }
  }

  public void originated() {
    originates.incrementAndGet();
  }

  public void held() {
    holds.incrementAndGet();
  }

  /** A Redirect landed between two applications and hung the channel up. */
  public void redirectDrop() {
    redirectDrops.incrementAndGet();
  }

  /** A Redirect landed between two applications and started its context midway. */
  public void midwayStart() {
    midwayStarts.incrementAndGet();
  }

  /** An immutable copy. */
  public CallStats snapshot() {
    return new CallStats(
        placed.get(),
        answered.get(),
        abandoned.get(),
        completed.get(),
        dials.get(),
        dialNoAnswer.get(),
        dialBusy.get(),
        dialCongestion.get(),
        dialUnavailable.get(),
        dialCancel.get(),
        agiSessions.get(),
        agiFailures.get(),
        originates.get(),
        holds.get(),
        redirectDrops.get(),
        midwayStarts.get());
  }
}
