package org.hotline.staff.directory;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an admin edits about a person: everything in the directory but the password, the active flag
 * and the bookkeeping.
 *
 * @param id the sign-in name and the agent id in the seat manager, events and records
 * @param skills skill id to level (1 = novice .. 15), the seat manager's routing profile
 * @param languages languages the person takes calls in ({@code zh}, {@code en}, {@code yue})
 * @param districts districts served; empty means every district
 */
public record StaffProfile(
    String id,
    String name,
    Set<StaffRole> roles,
    Map<String, Integer> skills,
    Set<String> languages,
    Set<String> districts,
    String team) {

  /** The seat manager's agent id rule: ids appear in Redis keys and events. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private static final Pattern CODE = Pattern.compile("[a-z0-9_-]{1,40}");

  public StaffProfile {
    if (id == null || !ID.matcher(id).matches()) {
      throw new StaffException(
          StaffException.Code.INVALID_STAFF, "id", "1..64 letters, digits, '.', '_' or '-'");
    }
    if (name == null
        || name.isBlank()
        || name.length() > 100
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new StaffException(
          StaffException.Code.INVALID_STAFF, "name", "1..100 printable characters");
    }
    Objects.requireNonNull(roles, "roles");
    if (roles.isEmpty()) {
      throw new StaffException(StaffException.Code.INVALID_STAFF, "roles", "at least one role");
    }
    Objects.requireNonNull(skills, "skills");
    skills.forEach(
        (skill, level) -> {
          requireCode(skill, "skills");
          if (level == null || level < 1 || level > 15) {
            throw new StaffException(
                StaffException.Code.INVALID_STAFF, "skills", "levels are 1..15: " + skill);
          }
        });
    languages.forEach(l -> requireCode(l, "languages"));
    districts.forEach(d -> requireCode(d, "districts"));
    team = team == null ? "" : team.strip();
    if (team.length() > 60 || team.chars().anyMatch(Character::isISOControl)) {
      throw new StaffException(
          StaffException.Code.INVALID_STAFF, "team", "at most 60 printable characters");
    }
    roles = Set.copyOf(roles);
    skills = Map.copyOf(skills);
    languages = Set.copyOf(languages);
    districts = Set.copyOf(districts);
  }

  public boolean has(StaffRole role) {
    return roles.contains(role);
  }

  /** Whether the person takes calls, and so has a profile in the seat manager. */
  public boolean takesCalls() {
    return roles.stream().anyMatch(StaffRole::takesCalls);
  }

  private static void requireCode(String value, String field) {
    if (value == null || !CODE.matcher(value).matches()) {
      throw new StaffException(
          StaffException.Code.INVALID_STAFF,
          field,
          "lower-case letters, digits, '_' or '-', 1..40: " + value);
    }
  }
}
