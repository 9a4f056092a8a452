package org.hotline.seat.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A person who may log in at a seat.
 *
 * @param skills skill id to level (1 = novice .. 10 = expert)
 * @param languages languages the agent takes calls in, e.g. {@code zh}, {@code en}, {@code yue}
 * @param districts districts the agent serves; empty means every district
 */
public record Agent(
    String id,
    String name,
    Role role,
    Map<String, Integer> skills,
    Set<String> languages,
    Set<String> districts) {

  /** Agent ids appear in keys and events; no separators, no spaces. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private static final Pattern CODE = Pattern.compile("[a-z0-9_-]{1,40}");

  public Agent {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("agent id must match " + ID + ": " + id);
    }
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("agent name must be 1..100 printable characters");
    }
    Objects.requireNonNull(role, "role");
    skills.forEach(
        (skill, level) -> {
          requireCode(skill, "skill");
          if (level == null || level < 1 || level > 15) {
            throw new IllegalArgumentException("skill level must be 1..15: " + skill);
          }
        });
    languages.forEach(l -> requireCode(l, "language"));
    districts.forEach(d -> requireCode(d, "district"));
    skills = Map.copyOf(skills);
    languages = Set.copyOf(languages);
    districts = Set.copyOf(districts);
  }

  private static void requireCode(String value, String what) {
    if (value == null || !CODE.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must match " + CODE + ": " + value);
    }
  }
}
