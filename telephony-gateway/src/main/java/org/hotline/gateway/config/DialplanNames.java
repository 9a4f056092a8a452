package org.hotline.gateway.config;

import java.time.Duration;
import java.util.Set;

/**
 * The contexts of {@code config/asterisk/extensions.conf} the gateway follows and sends callers to.
 *
 * @param holdContext where queued callers wait inside one blocking application (MusicOnHold, or
 *     Wait without a music class): the only place a caller is redirected from
 * @param connectContext where a caller's Dial rings the chosen seat
 * @param exten and {@code priority}: where a redirect lands in those contexts
 * @param seatRingTimeout how long Dial() rings a seat (SEAT_TIMEOUT)
 * @param incomingContext where calls enter (the /incoming AGI)
 * @param retryContext where callers whose /incoming AGI failed ask again
 */
public record DialplanNames(
    String holdContext,
    String connectContext,
    String exten,
    int priority,
    Duration seatRingTimeout,
    String incomingContext,
    String retryContext) {

  /** With the shipped names of the incoming and retry contexts. */
  public DialplanNames(
      String holdContext,
      String connectContext,
      String exten,
      int priority,
      Duration seatRingTimeout) {
    this(
        holdContext,
        connectContext,
        exten,
        priority,
        seatRingTimeout,
        "hotline-in",
        "hotline-retry");
  }

  /** Every context a hotline caller's dialplan runs in. */
  public Set<String> contexts() {
    return Set.of(incomingContext, holdContext, retryContext, connectContext);
  }
}
