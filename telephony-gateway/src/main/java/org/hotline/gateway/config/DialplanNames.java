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

  /**
   * Where calls out of the centre start (callbacks): the agent's seat is Originated into it with
   * the resident's number as the extension. Not one of {@link #contexts()}: nothing in it is a
   * waiting caller.
   */
  public static final String CALLBACK_CONTEXT = "hotline-callback";

  /**
   * Three-way calls: the caller (exten {@code caller}), the agent's seat leg ({@code seat}) and an
   * outside unit ({@code unit}) meet in ConfBridge(${HOTLINE_CONFERENCE}). Not one of {@link
   * #contexts()}: nobody in it waits in line, and callers are never redirected from it.
   */
  public static final String CONFERENCE_CONTEXT = "hotline-conference";

  /**
   * Where a caller past their queue's maximum wait is asked whether they want a callback (an AGI
   * reads their key) and then returns to hold, is connected, or leaves with a callback booked.
   */
  public static final String CALLBACK_OFFER_CONTEXT = "hotline-callback-offer";

  /**
   * Where a supervisor's own seat goes to listen, whisper or barge: ChanSpy(${SPY_TARGET},
   * ${SPY_OPTIONS}). Not one of {@link #contexts()}: no caller is ever in it.
   */
  public static final String SPY_CONTEXT = "hotline-spy";

  /**
   * Return visits (回访): the resident, called through the trunk, answers into it and the {@code
   * /returnvisit} AGI asks the survey. Not one of {@link #contexts()}: nobody in it waits in line.
   */
  public static final String VISIT_CONTEXT = "hotline-visit";

  /** Every context a hotline caller's dialplan runs in. */
  public Set<String> contexts() {
    return Set.of(
        incomingContext, holdContext, retryContext, connectContext, CALLBACK_OFFER_CONTEXT);
  }
}
