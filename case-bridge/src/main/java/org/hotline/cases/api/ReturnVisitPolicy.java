package org.hotline.cases.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When and how return visits are made ({@code cases.yaml}, {@code returnVisits:}).
 *
 * @param windowStart no call before this local time (the centre's zone)
 * @param windowEnd nor at or after this one; a visit due outside waits for the next window
 * @param delay the visit is due this long after the resolution
 * @param maxAttempts after this many attempts without answers the visit is given up (unreachable)
 * @param retryAfter an unanswered attempt is tried again this long after (moved into the window)
 * @param mode who calls: the exchange with a recorded survey, or agents as outbound tasks
 * @param ringTimeout how long the resident's phone rings on an automated call
 * @param claimHold how long an instance or agent holds a visit it took (the call and the survey)
 * @param prompts the sound files of the automated survey
 */
public record ReturnVisitPolicy(
    LocalTime windowStart,
    LocalTime windowEnd,
    Duration delay,
    int maxAttempts,
    Duration retryAfter,
    Mode mode,
    Duration ringTimeout,
    Duration claimHold,
    Prompts prompts) {

  public static final ReturnVisitPolicy DEFAULTS =
      new ReturnVisitPolicy(
          LocalTime.of(9, 0),
          LocalTime.of(20, 0),
          Duration.ofHours(2),
          3,
          Duration.ofHours(2),
          Mode.AUTO,
          Duration.ofSeconds(30),
          Duration.ofMinutes(5),
          Prompts.DEFAULTS);

  public ReturnVisitPolicy {
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    if (!windowStart.isBefore(windowEnd)) {
      throw new IllegalArgumentException("the calling window must start before it ends");
    }
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or more");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    positive(retryAfter, "retryAfter");
    positive(ringTimeout, "ringTimeout");
    positive(claimHold, "claimHold");
    if (claimHold.compareTo(ringTimeout) <= 0) {
      throw new IllegalArgumentException("claimHold must be longer than ringTimeout");
    }
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(prompts, "prompts");
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** Who makes the visits. */
  public enum Mode {
    /** An automated call with a keypad survey. */
    AUTO,
    /** Offered to agents as outbound tasks ({@code /api/visits}). */
    AGENT
  }

  /**
   * The survey's sound files; each has a fallback recording played when the named one is missing
   * (Asterisk answers GET DATA on a missing file with {@code result=-1} at once).
   */
  public record Prompts(
      String intro,
      String satisfaction,
      String resolved,
      String thanks,
      String introFallback,
      String satisfactionFallback,
      String resolvedFallback,
      String thanksFallback) {

    public static final Prompts DEFAULTS =
        new Prompts(
            "hotline/survey-intro",
            "hotline/survey-satisfaction",
            "hotline/survey-resolved",
            "hotline/survey-thanks",
            "hotline/survey-recorded-intro",
            "hotline/survey-recorded-satisfaction",
            "hotline/survey-recorded-resolved",
            "hotline/survey-recorded-thanks");

    public Prompts {
      for (String p :
          new String[] {
            intro,
            satisfaction,
            resolved,
            thanks,
            introFallback,
            satisfactionFallback,
            resolvedFallback,
            thanksFallback
          }) {
        if (p == null || !p.matches("[A-Za-z0-9_/-]{1,100}")) {
          throw new IllegalArgumentException("a prompt is a sound file name: " + p);
        }
      }
    }
  }

  public ReturnVisitPolicy withWindow(LocalTime start, LocalTime end) {
    return new ReturnVisitPolicy(
        start, end, delay, maxAttempts, retryAfter, mode, ringTimeout, claimHold, prompts);
  }

  public ReturnVisitPolicy withTiming(
      Duration newDelay, int attempts, Duration retry, Duration ring, Duration hold) {
    return new ReturnVisitPolicy(
        windowStart, windowEnd, newDelay, attempts, retry, mode, ring, hold, prompts);
  }

  public ReturnVisitPolicy withPrompts(Prompts newPrompts) {
    return new ReturnVisitPolicy(
        windowStart,
        windowEnd,
        delay,
        maxAttempts,
        retryAfter,
        mode,
        ringTimeout,
        claimHold,
        newPrompts);
  }

  public ReturnVisitPolicy withMode(Mode newMode) {
    return new ReturnVisitPolicy(
        windowStart,
        windowEnd,
        delay,
        maxAttempts,
        retryAfter,
        newMode,
        ringTimeout,
        claimHold,
        prompts);
  }

  /** Whether a call may be made at {@code t}. */
  public boolean inWindow(Instant t, ZoneId zone) {
    LocalTime local = t.atZone(zone).toLocalTime();
    return !local.isBefore(windowStart) && local.isBefore(windowEnd);
  }

  /** The first moment at or after {@code earliest} inside the calling window. */
  public Instant nextCall(Instant earliest, ZoneId zone) {
    ZonedDateTime t = earliest.atZone(zone);
    LocalTime local = t.toLocalTime();
    if (local.isBefore(windowStart)) {
      return t.toLocalDate().atTime(windowStart).atZone(zone).toInstant();
    }
    if (!local.isBefore(windowEnd)) {
      return t.toLocalDate().plusDays(1).atTime(windowStart).atZone(zone).toInstant();
    }
    return earliest;
  }
}
