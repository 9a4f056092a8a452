package org.hotline.gateway.officials;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Visiting officials (领导干部接听): the officials' line's district menu and what a guest session may be.
 *
 * @param districtMenu the prompt asking which district a call is about, with the keys of each
 * @param generalSkill a guest official's level in the general queue's skill, so ordinary calls can
 *     reach them too; empty keeps them to the officials' line
 * @param longestSession the longest window a supervisor may give a guest session
 * @param earlySignIn how long before the window opens the code already works (the official sits
 *     down a few minutes early for the photographers); zero means only inside the window
 */
public record OfficialsSettings(
    DistrictMenu districtMenu,
    Optional<Integer> generalSkill,
    Duration longestSession,
    Duration earlySignIn) {

  /** The menu's prompt, how long it waits, and the key(s) pressed for each district id. */
  public record DistrictMenu(String prompt, Duration timeout, Map<String, String> choices) {
    public DistrictMenu {
      choices = Map.copyOf(choices);
    }

    /** How many keys a choice takes (the longest key). */
    public int digits() {
      return choices.keySet().stream().mapToInt(String::length).max().orElse(1);
    }

    /** The district a choice names; empty for nothing pressed or an unknown key. */
    public Optional<String> district(String pressed) {
      return pressed == null ? Optional.empty() : Optional.ofNullable(choices.get(pressed));
    }
  }

  public OfficialsSettings {
    generalSkill.ifPresent(
        level -> {
          if (level < 1 || level > 15) {
            throw new IllegalArgumentException("officials.generalSkill must be 1..15");
          }
        });
    if (longestSession.isNegative() || longestSession.isZero()) {
      throw new IllegalArgumentException("officials.longestSession must be positive");
    }
    if (earlySignIn.isNegative()) {
      throw new IllegalArgumentException("officials.earlySignIn must not be negative");
    }
  }

  public static OfficialsSettings defaults() {
    return new OfficialsSettings(
        new DistrictMenu("hotline/choose-district", Duration.ofSeconds(6), Map.of()),
        Optional.empty(),
        Duration.ofHours(8),
        Duration.ofMinutes(15));
  }
}
