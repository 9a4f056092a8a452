package org.hotline.gateway.wallboard;

import java.time.Duration;
import java.util.Set;

/**
 * The wallboard's alert thresholds ({@code gateway.yaml} {@code wallboard:}).
 *
 * @param serviceLevelTarget a queue whose service level today falls under this is flagged
 * @param waitingAlert a queue with more calls waiting (not yet ringing) than this is flagged
 * @param oldestWaitAlert a queue whose oldest caller has waited longer than this is flagged
 * @param pausedAlert a seat paused longer than this is flagged as stuck
 * @param talkAlert a seat on one call longer than this is flagged as stuck
 * @param officialSeats seats kept for visiting officials, marked on the floor
 * @param push how often changes are pushed to open boards (at most once per second)
 */
public record WallboardSettings(
    double serviceLevelTarget,
    int waitingAlert,
    Duration oldestWaitAlert,
    Duration pausedAlert,
    Duration talkAlert,
    Set<String> officialSeats,
    Duration push) {

  public WallboardSettings {
    if (!(serviceLevelTarget >= 0 && serviceLevelTarget <= 1)) {
      throw new IllegalArgumentException("wallboard serviceLevelTarget must be within [0,1]");
    }
    if (waitingAlert < 0) {
      throw new IllegalArgumentException("wallboard waitingAlert must be >= 0");
    }
    if (push.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("wallboard push must be at least 1s");
    }
    officialSeats = Set.copyOf(officialSeats);
  }

  /** 80 % target, 10 waiting, 60 s oldest wait, 30 min paused, 20 min on one call, pushed 1/s. */
  public static WallboardSettings defaults() {
    return new WallboardSettings(
        0.8,
        10,
        Duration.ofSeconds(60),
        Duration.ofMinutes(30),
        Duration.ofMinutes(20),
        Set.of(),
        Duration.ofSeconds(1));
  }
}
