package org.hotline.gateway.channel;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.support.phone.PhoneMask;

/**
 * One call's life on an exchange, from its first leg to its last hang-up: every leg (keyed by
 * Uniqueid) of the call (keyed by Linkedid), every dial and its outcome, whether it was bridged,
 * holds and transfers, who hung up, and whether the exchange dropped the caller.
 */
public record CallLifecycle(
    String server,
    String linkedId,
    Instant started,
    Instant ended,
    List<Leg> legs,
    List<Dial> dials,
    boolean bridged,
    int holds,
    int transfers) {

  public CallLifecycle {
    legs = List.copyOf(legs);
    dials = List.copyOf(dials);
  }

  /** Who started a leg's hang-up. */
  public enum HangupBy {
    /**
     * Its far end (Asterisk's HangupRequest): the citizen's phone, a Local channel's other half.
     */
    FAR_END,
    /** The exchange itself (SoftHangupRequest): a dialplan Hangup(), an AMI Hangup, a fault. */
    EXCHANGE,
    UNKNOWN
  }

  /**
   * @param callerNumber the leg's caller id number as the exchange last gave it ("" if none)
   * @param cause the Q.850 hang-up cause (16 normal clearing)
   * @param requestedHangup whether this leg asked for the hang-up (who hung up first)
   * @param hangupBy who started this leg's hang-up
   * @param lastContext the hotline dialplan context the leg was last seen in ("" if never)
   * @param lastApplication the application it last ran there
   */
  public record Leg(
      String uniqueId,
      String channel,
      String callerNumber,
      Instant created,
      Instant hungUp,
      int cause,
      boolean bridged,
      boolean requestedHangup,
      HangupBy hangupBy,
      String lastContext,
      String lastApplication) {

    /** Never the caller's number in full: lifecycles end up in logs. */
    @Override
    public String toString() {
      return "Leg[" + uniqueId + " " + channel + " from " + PhoneMask.mask(callerNumber) + "]";
    }

    /**
     * Whether this leg ran the hotline dialplan: the caller's leg, whose uniqueid is the call's.
     */
    public boolean hotline() {
      return !lastContext.isEmpty();
    }
  }

  /** A dial from one leg to another; {@code status} is empty while it rang when the call ended. */
  public record Dial(String fromUniqueId, String toUniqueId, String destination, String status) {}

  /**
   * How a caller the exchange dropped was lost.
   *
   * @param stage {@code waiting} (no seat had rung) or {@code ringing} (seats rang, none answered)
   * @param reason {@code hold-limit} (the dialplan's maximum wait), {@code gateway} (the gateway
   *     asked for the hang-up), {@code exchange} (anything else: a Redirect between applications,
   *     an AMI Hangup, a fault)
   */
  public record Drop(String uniqueId, String stage, String reason) {}

  /** The leg that ran the hotline dialplan, if any. */
  public Optional<Leg> hotlineLeg() {
    return legs.stream().filter(Leg::hotline).findFirst();
  }

  /**
   * Present when the caller's leg ended without ever being bridged to a seat although the caller
   * did not hang up: the exchange (or the gateway) dropped them.
   *
   * @param connectContext the dialplan context whose Hangup() the gateway asks for
   */
  public Optional<Drop> drop(String connectContext) {
    Optional<Leg> caller = hotlineLeg();
    if (caller.isEmpty() || caller.get().bridged() || caller.get().hungUp() == null) {
      return Optional.empty();
    }
    Leg leg = caller.get();
    if (leg.hangupBy() != HangupBy.EXCHANGE) {
      return Optional.empty();
    }
    boolean rang = dials.stream().anyMatch(d -> d.fromUniqueId().equals(leg.uniqueId()));
    String reason = "exchange";
    if (leg.lastApplication().equals("Hangup")) {
      reason = leg.lastContext().equals(connectContext) ? "gateway" : "hold-limit";
    }
    return Optional.of(new Drop(leg.uniqueId(), rang ? "ringing" : "waiting", reason));
  }
}
