package org.hotline.seat.api;

import java.util.List;

/**
 * What an accepted operation did.
 *
 * @param outcome a word for operations with several outcomes: for {@code hangUp} one of {@code
 *     abandoned}, {@code short-abandon}, {@code finished}, {@code already-ended}; {@code unchanged}
 *     for a repeated request that changed nothing; empty otherwise
 * @param offers calls the operation assigned to seats (usually none or one); the caller connects
 *     them
 * @param maxWaitReached calls that have just waited longer than their queue's maximum (from {@code
 *     tick})
 */
public record Decision(String outcome, List<Offer> offers, List<String> maxWaitReached) {
  public Decision {
    offers = List.copyOf(offers);
    maxWaitReached = List.copyOf(maxWaitReached);
  }
}
