package org.hotline.gateway.ami;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.config.DialplanNames;
import org.hotline.gateway.switchboard.Telephony;

/**
 * Connects callers to seats the way {@code config/asterisk/extensions.conf} expects: Setvar
 * SEAT_DEVICE, SEAT_TIMEOUT and HOTLINE_RECORDING on the caller's channel, then Redirect it to the
 * connect context, whose Dial rings the seat (and whose MixMonitor records from the answer). The
 * actions are sent back to back; Asterisk runs them in order.
 */
public final class AmiTelephony implements Telephony {

  private static final java.time.Duration CALL_OUT_RING = java.time.Duration.ofSeconds(30);

  /** How long an outside unit's line (or a consulted supervisor's phone) rings. */
  private static final java.time.Duration UNIT_RING = java.time.Duration.ofSeconds(45);

  private final Map<String, AmiClient> servers = new ConcurrentHashMap<>();
  private final DialplanNames dialplan;

  public AmiTelephony(DialplanNames dialplan) {
    this.dialplan = dialplan;
  }

  public void add(AmiClient client) {
    servers.put(client.server(), client);
  }

  public Map<String, AmiClient> servers() {
    return Map.copyOf(servers);
  }

  @Override
  public Future<Void> connect(CallRecord call, String device, String recording) {
    AmiClient ami = servers.get(call.server());
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + call.server()));
    }
    List<Future<?>> steps = new ArrayList<>();
    steps.add(ami.send(new SetVarAction(call.channel(), "SEAT_DEVICE", device)));
    steps.add(
        ami.send(
            new SetVarAction(
                call.channel(),
                "SEAT_TIMEOUT",
                Long.toString(dialplan.seatRingTimeout().toSeconds()))));
    steps.add(ami.send(new SetVarAction(call.channel(), "HOTLINE_RECORDING", recording)));
    steps.add(redirect(ami, call, dialplan.connectContext()));
    return Future.all(steps).<Void>mapEmpty().recover(e -> Future.failedFuture(gone(call, e)));
  }

  @Override
  public Future<Void> pullBack(CallRecord call) {
    AmiClient ami = servers.get(call.server());
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + call.server()));
    }
    return redirect(ami, call, dialplan.holdContext())
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(gone(call, e)));
  }

  /**
   * Setvar HOTLINE_QUEUE, then Redirect the caller to the hold context. Asked only while the caller
   * is in its connect context's answered Dial ({@code DialplanPositions.talkingSafely}): Asterisk's
   * async goto pulls a bridged channel out of its bridge (BridgeLeave), the seat's leg is hung up,
   * and the Dial's aftermath (the /dialresult AGI) never runs: the caller goes straight to hold.
   */
  @Override
  public Future<Void> transfer(CallRecord call, String queueId) {
    AmiClient ami = servers.get(call.server());
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + call.server()));
    }
    Future<?> noted = ami.send(new SetVarAction(call.channel(), "HOTLINE_QUEUE", queueId));
    Future<?> moved = redirect(ami, call, dialplan.holdContext());
    return Future.all(noted, moved)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(gone(call, e)));
  }

  @Override
  public Future<java.util.Optional<String>> variable(String server, String channel, String name) {
    AmiClient ami = servers.get(server);
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + server));
    }
    return ami.send(new org.asteriskjava.manager.action.GetVarAction(channel, name))
        .map(
            r ->
                r instanceof org.asteriskjava.manager.response.GetVarResponse v
                        && v.getValue() != null
                        && !v.getValue().isEmpty()
                    ? java.util.Optional.of(v.getValue())
                    : java.util.Optional.<String>empty());
  }

  @Override
  public Future<Void> offerCallback(CallRecord call) {
    AmiClient ami = servers.get(call.server());
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + call.server()));
    }
    return redirect(ami, call, DialplanNames.CALLBACK_OFFER_CONTEXT)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(gone(call, e)));
  }

  @Override
  public Future<Void> callOut(
      String device, String number, String callerId, Map<String, String> variables) {
    AmiClient ami = servers.values().stream().filter(AmiClient::connected).findFirst().orElse(null);
    if (ami == null) {
      return Future.failedFuture(new AmiException("no exchange is connected"));
    }
    OriginateAction originate = new OriginateAction();
    originate.setChannel(device);
    originate.setContext(DialplanNames.CALLBACK_CONTEXT);
    originate.setExten(number);
    originate.setPriority(1);
    originate.setCallerId(callerId);
    // the agent has this long to pick up their own phone
    originate.setTimeout(CALL_OUT_RING.toMillis());
    // async: the answer comes at once; the seat's ringing is not held in an action slot
    originate.setAsync(true);
    originate.setVariables(new LinkedHashMap<>(variables));
    return ami.send(originate).mapEmpty();
  }

  /** Originate (Async) of PJSIP/number@trunk into hotline-visit,s,1. */
  @Override
  public Future<Void> callResident(
      String number, String callerId, Map<String, String> variables, java.time.Duration ring) {
    AmiClient ami = servers.values().stream().filter(AmiClient::connected).findFirst().orElse(null);
    if (ami == null) {
      return Future.failedFuture(new AmiException("no exchange is connected"));
    }
    OriginateAction originate = new OriginateAction();
    // ADAPT in extensions.conf: the trunk
    originate.setChannel("PJSIP/" + number + "@trunk");
    originate.setContext(DialplanNames.VISIT_CONTEXT);
    originate.setExten("s");
    originate.setPriority(1);
    originate.setCallerId(callerId);
    originate.setTimeout(ring.toMillis());
    originate.setAsync(true);
    Map<String, String> all = new java.util.LinkedHashMap<>(variables);
    all.put("HOTLINE_SERVER", ami.server());
    originate.setVariables(all);
    return ami.send(originate).mapEmpty();
  }

  /**
   * Setvar HOTLINE_CONFERENCE on both legs, then one Redirect with ExtraChannel: Asterisk sets both
   * async gotos before either leaves the Dial's bridge, so the seat's leg (which runs no dialplan)
   * starts hotline-conference,seat instead of being hung up, and the caller's Dial aftermath never
   * runs (docs.asterisk.org, Asterisk 22 AMI action Redirect: ExtraChannel, ExtraContext,
   * ExtraExten, ExtraPriority).
   */
  @Override
  public Future<Void> moveToConference(CallRecord call, String seatChannel, String room) {
    return moveBoth(call, "caller", room, seatChannel, room);
  }

  /**
   * As {@link #moveToConference}, but the caller goes to hotline-conference,held: a room of their
   * own (quiet, music while alone), where they hear nothing of the consultation and wait inside
   * ConfBridge, one blocking application, until redirected back.
   */
  @Override
  public Future<Void> moveToConsult(
      CallRecord call, String seatChannel, String holdRoom, String room) {
    return moveBoth(call, "held", holdRoom, seatChannel, room);
  }

  private Future<Void> moveBoth(
      CallRecord call, String callerExten, String callerRoom, String seatChannel, String room) {
    AmiClient ami = servers.get(call.server());
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + call.server()));
    }
    Future<?> caller = ami.send(new SetVarAction(call.channel(), "HOTLINE_CONFERENCE", callerRoom));
    Future<?> seat = ami.send(new SetVarAction(seatChannel, "HOTLINE_CONFERENCE", room));
    RedirectAction both =
        new RedirectAction(call.channel(), DialplanNames.CONFERENCE_CONTEXT, callerExten, 1);
    both.setExtraChannel(seatChannel);
    both.setExtraContext(DialplanNames.CONFERENCE_CONTEXT);
    both.setExtraExten("seat");
    both.setExtraPriority(1);
    Future<?> moved = ami.send(both);
    return Future.all(caller, seat, moved)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(gone(call, e)));
  }

  /**
   * Setvar HOTLINE_CONFERENCE, then Redirect: asked only while a ConfbridgeJoin has shown the
   * channel inside ConfBridge (one blocking application), which the async goto ends.
   */
  @Override
  public Future<Void> moveWithinConference(
      String server, String channel, String exten, String room) {
    AmiClient ami = servers.get(server);
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + server));
    }
    Future<?> noted = ami.send(new SetVarAction(channel, "HOTLINE_CONFERENCE", room));
    Future<?> moved =
        ami.send(new RedirectAction(channel, DialplanNames.CONFERENCE_CONTEXT, exten, 1));
    return Future.all(noted, moved).mapEmpty();
  }

  /** Originate (Async) of PJSIP/number@trunk into hotline-conference,unit. */
  @Override
  public Future<Void> callIntoConference(
      String server, String number, String callerId, String room, Map<String, String> variables) {
    // ADAPT in extensions.conf: the trunk
    return originateInto(server, "PJSIP/" + number + "@trunk", "unit", callerId, room, variables);
  }

  /** Originate (Async) of the supervisor's own seat device into hotline-conference,supervisor. */
  @Override
  public Future<Void> callSeatIntoConference(
      String server, String device, String callerId, String room, Map<String, String> variables) {
    return originateInto(server, device, "supervisor", callerId, room, variables);
  }

  private Future<Void> originateInto(
      String server,
      String channel,
      String exten,
      String callerId,
      String room,
      Map<String, String> variables) {
    AmiClient ami = servers.get(server);
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + server));
    }
    OriginateAction originate = new OriginateAction();
    originate.setChannel(channel);
    originate.setContext(DialplanNames.CONFERENCE_CONTEXT);
    originate.setExten(exten);
    originate.setPriority(1);
    originate.setCallerId(callerId);
    originate.setTimeout(UNIT_RING.toMillis());
    originate.setAsync(true);
    Map<String, String> all = new java.util.LinkedHashMap<>(variables);
    all.put("HOTLINE_CONFERENCE", room);
    originate.setVariables(all);
    return ami.send(originate).mapEmpty();
  }

  @Override
  public Future<Void> spyOn(
      String server,
      String device,
      String callerId,
      String channelId,
      Map<String, String> variables) {
    AmiClient ami = servers.get(server);
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + server));
    }
    OriginateAction originate = new OriginateAction();
    originate.setChannel(device);
    originate.setContext(DialplanNames.SPY_CONTEXT);
    originate.setExten("s");
    originate.setPriority(1);
    originate.setCallerId(callerId);
    originate.setTimeout(UNIT_RING.toMillis());
    originate.setAsync(true);
    // the spy's leg gets an id the gateway knows before any event names it (Asterisk 12+)
    originate.setChannelId(channelId);
    originate.setVariables(new java.util.LinkedHashMap<>(variables));
    return ami.send(originate).mapEmpty();
  }

  @Override
  public Future<Void> hangUpChannel(String server, String channel) {
    AmiClient ami = servers.get(server);
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + server));
    }
    return ami.send(new HangupAction(channel)).mapEmpty();
  }

  @Override
  public Future<Void> kickFromConference(String server, String room, String channel) {
    AmiClient ami = servers.get(server);
    if (ami == null) {
      return Future.failedFuture(new AmiException("no AMI connection to server " + server));
    }
    return ami.send(new org.asteriskjava.manager.action.ConfbridgeKickAction(room, channel))
        .mapEmpty();
  }

  private Future<?> redirect(AmiClient ami, CallRecord call, String context) {
    return ami.send(
        new RedirectAction(call.channel(), context, dialplan.exten(), dialplan.priority()));
  }

  /** Asterisk says "Channel does not exist" / "No such channel" for a channel that hung up. */
  private static Throwable gone(CallRecord call, Throwable e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof AmiException
        && (message.contains("does not exist") || message.contains("no such channel"))) {
      return new Telephony.ChannelGoneException(call.callId());
    }
    return e;
  }
}
