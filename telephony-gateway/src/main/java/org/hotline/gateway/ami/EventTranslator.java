package org.hotline.gateway.ami;

import java.time.Instant;
import java.util.Date;
import org.asteriskjava.manager.event.AttendedTransferEvent;
import org.asteriskjava.manager.event.BlindTransferEvent;
import org.asteriskjava.manager.event.BridgeEnterEvent;
import org.asteriskjava.manager.event.BridgeLeaveEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.HangupRequestEvent;
import org.asteriskjava.manager.event.HoldEvent;
import org.asteriskjava.manager.event.LocalOptimizationEndEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.MixMonitorStartEvent;
import org.asteriskjava.manager.event.MixMonitorStopEvent;
import org.asteriskjava.manager.event.NewCallerIdEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.asteriskjava.manager.event.NewStateEvent;
import org.asteriskjava.manager.event.SoftHangupRequestEvent;
import org.asteriskjava.manager.event.UnholdEvent;
import org.hotline.gateway.channel.ChannelEvent;

/**
 * Asterisk-Java's event objects to {@link ChannelEvent}s. Dispatch is on the exact class: the
 * library also fires synthetic legacy events (a {@code DialEvent} beside every {@code
 * DialBeginEvent}, which extends it), and counting those would count a dial twice. Events we have
 * no use for give {@code null}.
 */
public final class EventTranslator {

  /** The AMI event types this translator turns into channel events (the rest are ignored). */
  public static final java.util.Set<String> TRANSLATED =
      java.util.Set.of(
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
          "Hangup");

  private final String server;
  private final java.util.function.Predicate<String> hotlineContext;

  /**
   * @param hotlineContext which dialplan contexts' steps to report (Newexten elsewhere is noise)
   */
  public EventTranslator(String server, java.util.function.Predicate<String> hotlineContext) {
    this.server = server;
    this.hotlineContext = hotlineContext;
  }

  /** The fact in {@code event}, or {@code null} when it is not one we use. */
  public ChannelEvent translate(ManagerEvent event) {
    Class<?> type = event.getClass();
    Instant at = at(event.getDateReceived());
    if (type == NewChannelEvent.class) {
      NewChannelEvent e = (NewChannelEvent) event;
      return new ChannelEvent.Created(
          server,
          e.getUniqueId(),
          e.getLinkedid(),
          e.getChannel(),
          nz(e.getCallerIdNum()),
          nz(e.getCallerIdName()),
          nz(e.getContext()),
          at);
    }
    if (type == NewCallerIdEvent.class) {
      NewCallerIdEvent e = (NewCallerIdEvent) event;
      return new ChannelEvent.CallerId(
          server, e.getUniqueId(), nz(e.getCallerIdNum()), nz(e.getCallerIdName()), at);
    }
    if (type == NewStateEvent.class) {
      NewStateEvent e = (NewStateEvent) event;
      Integer state = e.getChannelState();
      return new ChannelEvent.StateChanged(
          server, e.getUniqueId(), state == null ? -1 : state, nz(e.getChannelStateDesc()), at);
    }
    if (type == DialBeginEvent.class) {
      DialBeginEvent e = (DialBeginEvent) event;
      return new ChannelEvent.DialStarted(
          server,
          nz(e.getUniqueId()),
          e.getDestUniqueId(),
          nz(e.getDestChannel()),
          nz(e.getDialString()),
          at);
    }
    if (type == DialEndEvent.class) {
      DialEndEvent e = (DialEndEvent) event;
      return new ChannelEvent.DialEnded(
          server,
          nz(e.getUniqueId()),
          e.getDestUniqueId(),
          nz(e.getDestChannel()),
          nz(e.getDialStatus()),
          at);
    }
    if (type == BridgeEnterEvent.class) {
      BridgeEnterEvent e = (BridgeEnterEvent) event;
      return new ChannelEvent.BridgeEntered(
          server, e.getUniqueId(), nz(e.getBridgeUniqueId()), nz(e.getSwapuniqueid()), at);
    }
    if (type == BridgeLeaveEvent.class) {
      BridgeLeaveEvent e = (BridgeLeaveEvent) event;
      return new ChannelEvent.BridgeLeft(server, e.getUniqueId(), nz(e.getBridgeUniqueId()), at);
    }
    if (type == HoldEvent.class) {
      HoldEvent e = (HoldEvent) event;
      return new ChannelEvent.HoldChanged(server, e.getUniqueId(), true, at);
    }
    if (type == UnholdEvent.class) {
      UnholdEvent e = (UnholdEvent) event;
      return new ChannelEvent.HoldChanged(server, e.getUniqueId(), false, at);
    }
    if (type == BlindTransferEvent.class) {
      BlindTransferEvent e = (BlindTransferEvent) event;
      return new ChannelEvent.Transferred(
          server,
          nz(e.getTransfererUniqueId()),
          nz(e.getTransfereeUniqueId()),
          false,
          nz(e.getResult()),
          at);
    }
    if (type == AttendedTransferEvent.class) {
      AttendedTransferEvent e = (AttendedTransferEvent) event;
      return new ChannelEvent.Transferred(
          server,
          nz(e.getOrigTransfererUniqueid()),
          nz(e.getSecondTransfererUniqueid()),
          true,
          nz(e.getResult()),
          at);
    }
    if (type == LocalOptimizationEndEvent.class) {
      LocalOptimizationEndEvent e = (LocalOptimizationEndEvent) event;
      return new ChannelEvent.LocalOptimized(
          server, nz(e.getLocalOneUniqueid()), nz(e.getLocalTwoUniqueid()), at);
    }
    if (type == MixMonitorStartEvent.class) {
      return new ChannelEvent.Recording(
          server, ((MixMonitorStartEvent) event).getUniqueId(), true, at);
    }
    if (type == MixMonitorStopEvent.class) {
      return new ChannelEvent.Recording(
          server, ((MixMonitorStopEvent) event).getUniqueId(), false, at);
    }
    if (type == NewExtenEvent.class) {
      NewExtenEvent e = (NewExtenEvent) event;
      String context = nz(e.getContext());
      String application = nz(e.getApplication());
      if (!hotlineContext.test(context)
          || e.getUniqueId() == null
          || application.startsWith("AppDial")) {
        return null; // AppDial/AppDial2 mark a dialled or originated leg, not its dialplan
      }
      Integer priority = e.getPriority();
      return new ChannelEvent.DialplanStep(
          server,
          e.getUniqueId(),
          context,
          priority == null ? 0 : priority,
          application,
          nz(e.getAppData()),
          at);
    }
    if (type == SoftHangupRequestEvent.class) {
      SoftHangupRequestEvent e = (SoftHangupRequestEvent) event;
      Integer cause = e.getCause();
      return new ChannelEvent.SoftHangupRequested(
          server, e.getUniqueId(), cause == null ? 0 : cause, at);
    }
    if (type == HangupRequestEvent.class) {
      return new ChannelEvent.HangupRequested(
          server, ((HangupRequestEvent) event).getUniqueId(), at);
    }
    if (type == HangupEvent.class) {
      HangupEvent e = (HangupEvent) event;
      Integer cause = e.getCause();
      return new ChannelEvent.HungUp(
          server,
          e.getUniqueId(),
          nz(e.getLinkedId()),
          nz(e.getChannel()),
          cause == null ? 0 : cause,
          at);
    }
    return null;
  }

  private static Instant at(Date received) {
    return received == null ? Instant.now() : received.toInstant();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
