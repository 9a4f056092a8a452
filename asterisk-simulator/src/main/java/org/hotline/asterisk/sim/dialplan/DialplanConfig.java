package org.hotline.asterisk.sim.dialplan;

import java.time.Duration;
import java.util.Objects;

/**
 * Dialplan settings.
 *
 * @param dialplan the parsed extensions.conf the simulator runs
 * @param appGap real time between an application's return and the next priority (the window in
 *     which an AMI Redirect races Asterisk's dialplan loop); zero hops once through the event loop
 * @param midwayShare share of Redirects landing in that window that start the target context at the
 *     old priority + 1 (when it exists) instead of hanging the channel up
 * @param originateAnswerSeconds how long an originated PJSIP far end rings before answering
 */
public record DialplanConfig(
    Dialplan dialplan, Duration appGap, double midwayShare, double originateAnswerSeconds) {

  public DialplanConfig {
    Objects.requireNonNull(dialplan, "dialplan");
    Objects.requireNonNull(appGap, "appGap");
    if (appGap.isNegative()) {
      throw new IllegalArgumentException("appGap must be >= 0");
    }
    if (midwayShare < 0 || midwayShare > 1) {
      throw new IllegalArgumentException("midwayShare must be within [0,1]");
    }
    if (originateAnswerSeconds < 0) {
      throw new IllegalArgumentException("originateAnswerSeconds must be >= 0");
    }
  }
}
