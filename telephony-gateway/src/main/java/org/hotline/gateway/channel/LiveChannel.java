package org.hotline.gateway.channel;

import java.time.Duration;

/**
 * A channel the exchange reports as existing now (from CoreShowChannels): where its dialplan is,
 * what it runs, and how long it has existed.
 */
public record LiveChannel(
    String server,
    String uniqueId,
    String linkedId,
    String channel,
    String bridgeId,
    String application,
    String applicationData,
    String context,
    int priority,
    String callerNumber,
    Duration age) {

  /** Asterisk's {@code Duration: HH:MM:SS} (hours may exceed 24); zero when unreadable. */
  public static Duration parseAge(String hms) {
    if (hms == null) {
      return Duration.ZERO;
    }
    String[] parts = hms.trim().split(":");
    if (parts.length != 3) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofHours(Long.parseLong(parts[0]))
          .plusMinutes(Long.parseLong(parts[1]))
          .plusSeconds(Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }
}
