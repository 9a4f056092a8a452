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
 * @param withdrawn calls taken back from a ringing seat without the telephony having reported it
 *     (offer time-out, the agent logged out): the caller must be pulled back from that seat, unless
 *     the same decision offers the call to another seat
 */
public record Decision(
    String outcome, List<Offer> offers, List<String> maxWaitReached, List<String> withdrawn) {
  public Decision {
    offers = List.copyOf(offers);
    maxWaitReached = List.copyOf(maxWaitReached);
    withdrawn = List.copyOf(withdrawn);
  }
}
