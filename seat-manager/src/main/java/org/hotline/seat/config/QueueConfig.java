package org.hotline.seat.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A queue: calls waiting for one kind of agent.
 *
 * @param id short id used in keys and metrics tags ({@code [a-z0-9_-]+})
 * @param languages languages this queue's calls may ask for; the first is the default. An agent
 *     takes a call only in a language they speak.
 * @param skills required skills and the lowest level accepted at first
 * @param districtRequired whether at first only agents serving the call's district may take it
 * @param serviceLevelThreshold a call answered within this wait counts as within service level
 * @param shortAbandonThreshold callers who hang up within this are short abandons, out of rates
 * @param wrapUpLimit after-call work ends by itself after this
 * @param maxWait after this wait the call is reported (the gateway offers a callback)
 * @param escalation widening steps, ordered by time
 */
public record QueueConfig(
    String id,
    LocalizedName name,
    List<String> languages,
    Map<String, Integer> skills,
    boolean districtRequired,
    Duration serviceLevelThreshold,
    Duration shortAbandonThreshold,
    Duration wrapUpLimit,
    Duration maxWait,
    List<EscalationStep> escalation) {

  /** Ids of queues, skills, languages and districts: they appear in Redis keys and bucket names. */
  public static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,40}");

  public QueueConfig {
    requireId(id, "queue id");
    Objects.requireNonNull(name, "name");
    if (languages.isEmpty()) {
      throw new IllegalArgumentException("queue " + id + " has no language");
    }
    languages.forEach(l -> requireId(l, "language of queue " + id));
    languages = List.copyOf(languages);
    skills.forEach(
        (skill, level) -> {
          requireId(skill, "skill of queue " + id);
          if (level < 0 || level > 15) {
            throw new IllegalArgumentException("skill level must be 0..15: " + skill + "=" + level);
          }
        });
    skills = Map.copyOf(skills);
    requirePositive(serviceLevelThreshold, "serviceLevelThreshold of " + id);
    requirePositive(shortAbandonThreshold, "shortAbandonThreshold of " + id);
    requirePositive(wrapUpLimit, "wrapUpLimit of " + id);
    requirePositive(maxWait, "maxWait of " + id);
    List<EscalationStep> sorted = new ArrayList<>(escalation);
    sorted.sort(Comparator.comparing(EscalationStep::after));
    for (EscalationStep step : sorted) {
      if (step.overflow().contains(id)) {
        throw new IllegalArgumentException("queue " + id + " overflows into itself");
      }
    }
    escalation = List.copyOf(sorted);
  }

  static void requireId(String value, String what) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must match " + ID + ": " + value);
    }
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
