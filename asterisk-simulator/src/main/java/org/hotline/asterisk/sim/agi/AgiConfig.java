package org.hotline.asterisk.sim.agi;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * FastAGI client settings.
 *
 * @param connectTimeout how long to wait for the TCP connect (Asterisk: about 2 s); real time
 * @param idleTimeout how long a connected server may stay silent before the session is given up
 *     with AGISTATUS FAILURE; real time, a guard against a stuck gateway
 * @param hangupNoticeDelay delay of the unsolicited HANGUP line after {@code 200 result=-1}
 * @param asteriskVersion sent as agi_version
 * @param missingPrompts sound files that do not exist (GET DATA on them gives result=-1 at once)
 * @param promptSeconds how long an existing prompt plays, in simulated seconds
 */
public record AgiConfig(
    Duration connectTimeout,
    Duration idleTimeout,
    Duration hangupNoticeDelay,
    String asteriskVersion,
    Set<String> missingPrompts,
    double promptSeconds) {

  public AgiConfig {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(hangupNoticeDelay, "hangupNoticeDelay");
    Objects.requireNonNull(asteriskVersion, "asteriskVersion");
    missingPrompts = Set.copyOf(missingPrompts);
    if (promptSeconds < 0) {
      throw new IllegalArgumentException("promptSeconds < 0");
    }
  }

  public static AgiConfig defaults(String asteriskVersion) {
    return new AgiConfig(
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        Duration.ofMillis(40),
        asteriskVersion,
        Set.of("hotline/missing-prompt"),
        1.0);
  }
}
