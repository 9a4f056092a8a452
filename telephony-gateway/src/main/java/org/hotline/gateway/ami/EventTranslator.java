package org.hotline.gateway.ami;

import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import org.hotline.gateway.channel.ChannelEvent;

/**
 * AMI event frames to {@link ChannelEvent}s, straight from the headers Asterisk 22 sends (see the
 * recordings in {@code shared/asterisk}): no event object is built for an event the gateway reads,
 * and events it has no use for give {@code null}. Values that do not parse become neutral (-1, 0,
 * empty) rather than failing the frame.
 */
public final class EventTranslator {

  /** The AMI event types this translator turns into channel events (the rest are ignored). */
  public static final Set<String> TRANSLATED =
      Set.of(
          "Newchannel",
          "NewCallerid",
          "Newstate",
          "DialBegin",
          "DialEnd",
          "BridgeEnter",
          "BridgeLeave",
          "Hold",
          "Unhold",
          "BlindTransfer",
          "AttendedTransfer",
          "LocalOptimizationEnd",
          "MixMonitorStart",
          "MixMonitorStop",
          "HangupRequest",
          "SoftHangupRequest",
          "Newexten",
          "Hangup",
          "ConfbridgeJoin",
          "ConfbridgeLeave",
          "ChanSpyStart",
          "ChanSpyStop");

  private final String server;
  private final Predicate<String> hotlineContext;

  /**
   * @param hotlineContext which dialplan contexts' steps to report (Newexten elsewhere is noise)
   */
  public EventTranslator(String server, Predicate<String> hotlineContext) {
    this.server = server;
    this.hotlineContext = hotlineContext;
  }

  /** The fact in {@code frame} received {@code at}, or {@code null} when it is not one we use. */
  public ChannelEvent translate(AmiFrame frame, Instant at) {
    String uniqueId = frame.get("Uniqueid");
    switch (frame.event()) {
      case "Newchannel":
        return new ChannelEvent.Created(
            server,
            uniqueId,
            frame.get("Linkedid"),
            frame.get("Channel"),
            frame.get("CallerIDNum"),
            frame.get("CallerIDName"),
            frame.get("Context"),
            at);
      case "NewCallerid":
        return new ChannelEvent.CallerId(
            server, uniqueId, frame.get("CallerIDNum"), frame.get("CallerIDName"), at);
      case "Newstate":
        return new ChannelEvent.StateChanged(
            server,
            uniqueId,
            integer(frame.get("ChannelState"), -1),
            frame.get("ChannelStateDesc"),
            at);
      case "DialBegin":
        return new ChannelEvent.DialStarted(
            server,
            uniqueId,
            frame.get("DestUniqueid"),
            frame.get("DestChannel"),
            frame.get("DialString"),
            at);
      case "DialEnd":
        return new ChannelEvent.DialEnded(
            server,
            uniqueId,
            frame.get("DestUniqueid"),
            frame.get("DestChannel"),
            frame.get("DialStatus"),
            at);
      case "BridgeEnter":
        return new ChannelEvent.BridgeEntered(
            server, uniqueId, frame.get("BridgeUniqueid"), frame.get("SwapUniqueid"), at);
      case "BridgeLeave":
        return new ChannelEvent.BridgeLeft(server, uniqueId, frame.get("BridgeUniqueid"), at);
      case "Hold":
        return new ChannelEvent.HoldChanged(server, uniqueId, true, at);
      case "Unhold":
        return new ChannelEvent.HoldChanged(server, uniqueId, false, at);
      case "BlindTransfer":
        return new ChannelEvent.Transferred(
            server,
            frame.get("TransfererUniqueid"),
            frame.get("TransfereeUniqueid"),
            false,
            frame.get("Result"),
            at);
      case "AttendedTransfer":
        return new ChannelEvent.Transferred(
            server,
            frame.get("OrigTransfererUniqueid"),
            frame.get("SecondTransfererUniqueid"),
            true,
            frame.get("Result"),
            at);
      case "LocalOptimizationEnd":
        return new ChannelEvent.LocalOptimized(
            server, frame.get("LocalOneUniqueid"), frame.get("LocalTwoUniqueid"), at);
      case "MixMonitorStart":
        return new ChannelEvent.Recording(server, uniqueId, true, at);
      case "MixMonitorStop":
        return new ChannelEvent.Recording(server, uniqueId, false, at);
      case "HangupRequest":
        return new ChannelEvent.HangupRequested(server, uniqueId, at);
      case "SoftHangupRequest":
        return new ChannelEvent.SoftHangupRequested(
            server, uniqueId, integer(frame.get("Cause"), 0), at);
      case "Newexten":
        return step(frame, uniqueId, at);
      case "ConfbridgeJoin", "ConfbridgeLeave":
        return new ChannelEvent.ConferenceChanged(
            server,
            uniqueId,
            frame.get("Conference"),
            frame.get("Channel"),
            frame.get("Exten"),
            frame.event().equals("ConfbridgeJoin"),
            at);
      case "ChanSpyStart":
        return new ChannelEvent.SpyStarted(
            server,
            frame.get("SpyerUniqueid"),
            frame.get("SpyerChannel"),
            frame.get("SpyeeChannel"),
            frame.get("SpyeeUniqueid"),
            frame.get("SpyeeLinkedid"),
            at);
      case "ChanSpyStop":
        return new ChannelEvent.SpyStopped(
            server,
            frame.get("SpyerUniqueid"),
            frame.get("SpyeeChannel"),
            frame.get("SpyeeLinkedid"),
            at);
      case "Hangup":
        return new ChannelEvent.HungUp(
            server,
            uniqueId,
            frame.get("Linkedid"),
            frame.get("Channel"),
            integer(frame.get("Cause"), 0),
            at);
      default:
        return null;
    }
  }

  private ChannelEvent step(AmiFrame frame, String uniqueId, Instant at) {
    String context = frame.get("Context");
    String application = frame.get("Application");
    if (!hotlineContext.test(context) || uniqueId.isEmpty() || application.startsWith("AppDial")) {
      return null; // AppDial/AppDial2 mark a dialled or originated leg, not its dialplan
    }
    return new ChannelEvent.DialplanStep(
        server,
        uniqueId,
        context,
        integer(frame.get("Priority"), 0),
        application,
        frame.get("AppData"),
        at);
  }

  private static int integer(String value, int otherwise) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
