package org.hotline.asterisk.sim.dialplan;

import java.util.Objects;

/**
 * Dialplan settings.
 *
 * @param profile which extensions.conf to emulate
 * @param holdMode how hotline-hold waits
 * @param maxHoldSeconds when hotline-hold gives up and hangs up (simulated seconds)
 * @param gatewayAgi the GATEWAY_AGI global, {@code host:port} of the gateway's FastAGI server
 * @param originateAnswerSeconds how long an originated far end (resident) rings before answering
 * @param originateTalkSeconds how long an originated Local far end stays up after answering
 * @param hotlineServer the HOTLINE_SERVER global the gateway profile passes to its AGI scripts
 *     (config/asterisk/extensions.conf), so a gateway fed by several servers knows the caller's;
 *     empty leaves the argument out
 */
public record DialplanConfig(
    DialplanProfile profile,
    HoldMode holdMode,
    int maxHoldSeconds,
    String gatewayAgi,
    double originateAnswerSeconds,
    double originateTalkSeconds,
    String hotlineServer) {

  public DialplanConfig {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(holdMode, "holdMode");
    Objects.requireNonNull(gatewayAgi, "gatewayAgi");
    Objects.requireNonNull(hotlineServer, "hotlineServer");
    if (maxHoldSeconds < 1) {
      throw new IllegalArgumentException("maxHoldSeconds must be >= 1");
    }
    if (originateAnswerSeconds < 0 || originateTalkSeconds < 0) {
      throw new IllegalArgumentException("originate durations must be >= 0");
    }
  }
}
