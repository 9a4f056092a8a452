package org.hotline.cases.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hotline.support.time.Durations;

/**
 * 督办.
 *
 * @param nearingAt share of the time limit after which a nearing-deadline alert is raised (0.8)
 * @param scanBatch timers (drafts past their wrap-up limit, deadlines near or past) handled per
 *     tick at most, the most urgent first
 * @param alertRetention alerts are kept this long for wallboards to read; the cases keep their
 *     overdue flag and history for ever
 * @param escalations 督办升级 after the deadline, in order: each when a further share of the time limit
 *     has passed since the deadline
 */
public record SupervisionSettings(
    double nearingAt, int scanBatch, Duration alertRetention, List<Escalation> escalations) {

  /** The levels a case may be escalated to; the wallboard names each. */
  public static final Set<String> LEVELS = Set.of("district", "city");

  /** After 25% of the time limit past the deadline to the district, after 100% to the city. */
  public static final List<Escalation> DEFAULT_ESCALATIONS =
      List.of(new Escalation(0.25, "district"), new Escalation(1.0, "city"));

  public static final SupervisionSettings DEFAULTS =
      new SupervisionSettings(0.8, 500, Duration.ofDays(7), DEFAULT_ESCALATIONS);

  public SupervisionSettings {
    if (!(nearingAt > 0 && nearingAt < 1)) {
      throw new IllegalArgumentException("nearingAt must be between 0 and 1: " + nearingAt);
    }
    if (scanBatch < 1) {
      throw new IllegalArgumentException("scanBatch must be at least 1");
    }
    Durations.positive(alertRetention, "alertRetention");
    escalations = List.copyOf(escalations);
    double last = 0;
    for (Escalation e : escalations) {
      if (!(e.after() > last)) {
        throw new IllegalArgumentException(
            "escalations must come later one after another, each after a positive share: "
                + e.after());
      }
      last = e.after();
    }
  }

  public SupervisionSettings(double nearingAt, int scanBatch, Duration alertRetention) {
    this(nearingAt, scanBatch, alertRetention, DEFAULT_ESCALATIONS);
  }

  /** Level {@code n} (1 for the first), if there is one. */
  public Optional<Escalation> escalation(int n) {
    return n >= 1 && n <= escalations.size()
        ? Optional.of(escalations.get(n - 1))
        : Optional.empty();
  }

  /**
   * One escalation level.
   *
   * @param after the share of the time limit past the deadline (0.25: a quarter of the limit later)
   * @param to {@code district} (区级督办) or {@code city} (市级督办)
   */
  public record Escalation(double after, String to) {
    public Escalation {
      if (!LEVELS.contains(to)) {
        throw new IllegalArgumentException("an escalation goes to one of " + LEVELS + ": " + to);
      }
      if (!(after > 0 && after <= 100)) {
        throw new IllegalArgumentException("an escalation's share must be positive: " + after);
      }
    }

    /** When it is due for a case with {@code deadline} and time limit {@code limit}. */
    public Instant dueAt(Instant deadline, Duration limit) {
      return deadline.plusMillis((long) (limit.toMillis() * after));
    }
  }
}
