package org.hotline.gateway.config;

import java.time.Duration;

/**
 * The contexts of {@code config/asterisk/extensions.conf} the gateway sends callers to.
 *
 * @param seatRingTimeout how long Dial() rings a seat (SEAT_TIMEOUT)
 */
public record DialplanNames(
    String holdContext,
    String connectContext,
    String exten,
    int priority,
    Duration seatRingTimeout) {}
