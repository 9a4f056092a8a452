package org.hotline.gateway.switchboard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.channel.ChannelEvent;

/**
 * Turns channel events into seat-manager operations.
 *
 * <p>A hotline call's id is {@code server:uniqueid} of the caller's channel, so events on that leg
 * name the call directly. A seat's leg is learnt from the DialBegin that created it (its
 * destination), so hold and transfer on the seat's side find the call too. Every gateway instance
 * sees every event: the seat manager's operations are idempotent and refuse what already happened.
 */
public final class ChannelEventHandler implements Consumer<ChannelEvent> {

  /** Seat leg (server:uniqueid) to the call it serves. */
  private final Map<String, String> seatLegs = new ConcurrentHashMap<>();

  private final Switchboard switchboard;
  private final SeatDevices devices;

  public ChannelEventHandler(Switchboard switchboard) {
    this.switchboard = switchboard;
    this.devices = new SeatDevices(switchboard.seatConfig());
  }

  @Override
  public void accept(ChannelEvent event) {
    if (event instanceof ChannelEvent.DialStarted d) {
      if (!d.uniqueId().isEmpty() && !d.destUniqueId().isEmpty()) {
        seatLegs.put(
            key(d.server(), d.destUniqueId()), CallRecord.callIdOf(d.server(), d.uniqueId()));
      }
    } else if (event instanceof ChannelEvent.DialEnded d) {
      dialEnded(d);
    } else if (event instanceof ChannelEvent.HoldChanged h) {
      switchboard.hold(callOf(h.server(), h.uniqueId()), h.onHold());
    } else if (event instanceof ChannelEvent.Transferred t) {
      // the agent sent the caller elsewhere: the agent's part of the call is over
      String seatCall = seatLegs.get(key(t.server(), t.uniqueId()));
      if (seatCall != null) {
        switchboard.hangUp(seatCall);
      }
    } else if (event instanceof ChannelEvent.LocalOptimized l) {
      String call = seatLegs.remove(key(l.server(), l.uniqueId()));
      if (call != null) {
        seatLegs.put(key(l.server(), l.otherUniqueId()), call);
      }
    } else if (event instanceof ChannelEvent.HungUp h) {
      String seatCall = seatLegs.remove(key(h.server(), h.uniqueId()));
      if (seatCall == null) {
        // not a seat's leg: perhaps a caller's; the seat manager ignores channels it never saw
        switchboard.hangUp(CallRecord.callIdOf(h.server(), h.uniqueId()));
      }
    }
  }

  private void dialEnded(ChannelEvent.DialEnded d) {
    if (d.uniqueId().isEmpty()) {
      return; // an Originate's dial: no caller leg
    }
    String callId = CallRecord.callIdOf(d.server(), d.uniqueId());
    String seat = devices.seatOfChannel(d.destChannel()).orElse("");
    switch (d.status()) {
      case "ANSWER" -> switchboard.answered(callId, seat);
      case "CANCEL" -> {} // we redirected the caller away from the ringing seat ourselves
      default -> switchboard.dialFailed(callId, seat, d.status());
    }
    if (!d.status().equals("ANSWER") && !d.destUniqueId().isEmpty()) {
      seatLegs.remove(key(d.server(), d.destUniqueId()));
    }
  }

  private String callOf(String server, String uniqueId) {
    String seatCall = seatLegs.get(key(server, uniqueId));
    return seatCall != null ? seatCall : CallRecord.callIdOf(server, uniqueId);
  }

  private static String key(String server, String uniqueId) {
    return server + ":" + uniqueId;
  }
}
