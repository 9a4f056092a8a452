package org.hotline.asterisk.sim.dialplan;

import java.util.Optional;
import java.util.Set;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.exchange.Bridge;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.ChannelState;
import org.hotline.asterisk.sim.exchange.Events;
import org.hotline.asterisk.sim.exchange.Exchange;
import org.hotline.asterisk.sim.exchange.HangupCause;
import org.hotline.asterisk.sim.seat.Device;
import org.hotline.asterisk.sim.seat.SeatOutcome;
import org.hotline.asterisk.sim.seat.SeatPlan;

/**
 * Dial(${SEAT_DEVICE},${SEAT_TIMEOUT}) from the caller's channel to one seat. A PJSIP seat is one
 * channel; a Local seat is a ;1/;2 pair whose ;2 shows the far end's dialplan (NoOp, Answer, Wait,
 * Hangup) as the lab's agents contexts did. Event order follows the recordings for ANSWER,
 * NOANSWER, BUSY, CONGESTION, CHANUNAVAIL and CANCEL.
 */
final class Dial implements ChannelDriver {
  /** Contexts whose Local seats Dial emulates from the seat's behaviour; others: CHANUNAVAIL. */
  static final Set<String> EMULATED_SEAT_CONTEXTS =
      Set.of("agents", "agents-noanswer", "agents-busy", "agents-congestion");

  private enum Phase {
    RINGING,
    BRIDGED,
    DONE
  }

  private final Pbx pbx;
  private final Exchange ex;
  private final Run run;
  private final Channel caller;
  private final String dialString;
  private final double timeoutSeconds;
  private final int generation;
  private final long startedSim;
  private Device device;
  private SeatPlan plan;
  private Channel dest;
  private Channel far;
  private Bridge bridge;
  private Phase phase = Phase.RINGING;
  private long timer = -1;
  private long talkTimer = -1;
  private long holdTimer = -1;
  private int farPriority;

  Dial(Pbx pbx, Run run, String appData) {
    this.pbx = pbx;
    this.ex = pbx.exchange();
    this.run = run;
    this.caller = run.channel;
    String[] parts = appData.split(",", -1);
    this.dialString = parts[0];
    double t = parts.length > 1 ? Pbx.parseSeconds(parts[1]) : 0;
    this.timeoutSeconds = t > 0 ? t : Double.POSITIVE_INFINITY;
    this.generation = run.generation;
    this.startedSim = pbx.clock().simNowMillis();
  }

  void start() {
    for (String v :
        new String[] {
          "DIALSTATUS", "DIALEDPEERNUMBER", "DIALEDPEERNAME", "ANSWEREDTIME", "ANSWEREDTIME_MS",
          "DIALEDTIME", "DIALEDTIME_MS", "RINGTIME", "RINGTIME_MS", "PROGRESSTIME",
          "PROGRESSTIME_MS"
        }) {
      ex.setVar(caller, v, "");
    }
    run.blocker = this::interrupt;
    Optional<Device> parsed = Device.parse(dialString);
    if (parsed.isEmpty()
        || (parsed.get().tech().equals("PJSIP") && !pbx.seats().exists(parsed.get()))) {
      finishWithoutChannel("CHANUNAVAIL");
      return;
    }
    device = parsed.get();
    plan = pbx.seats().behaviour(device).plan(pbx.random());
    if (device.tech().equals("Local")) {
      startLocal();
    } else if (plan.outcome() == SeatOutcome.UNAVAILABLE) {
      finishWithoutChannel("CHANUNAVAIL");
    } else {
      startPjsip();
    }
  }

  private void finishWithoutChannel(String status) {
    phase = Phase.DONE;
    ex.setVar(caller, "DIALSTATUS", status);
    pbx.counters().dial(status);
    continueCaller();
  }

  private void startPjsip() {
    String ep = device.resource();
    dest =
        ex.newChannel(
            "PJSIP",
            "PJSIP/" + ep + "-" + ex.nextChannelSequence(),
            device.name(),
            ChannelState.DOWN,
            "default",
            "s",
            caller.linkedid());
    dest.owner(this);
    ex.inheritVariables(caller, dest);
    ex.setVar(dest, "DIALEDPEERNUMBER", ep);
    ex.presetIds(dest, caller.callerNum(), caller.callerName());
    ex.presetConnected(dest, caller.callerNum(), caller.callerName());
    ex.newexten(dest, "AppDial", "(Outgoing Line)");
    ex.setCallerId(dest, caller.callerNum(), caller.callerName());
    ex.setConnectedLine(dest, caller.callerNum(), caller.callerName());
    dialBegin();
    switch (plan.outcome()) {
      case BUSY -> {
        ex.setState(dest, ChannelState.BUSY);
        failed("BUSY", HangupCause.USER_BUSY);
      }
      case CONGESTION -> failed("CONGESTION", HangupCause.CONGESTION);
      default -> ringing();
    }
  }

  private void startLocal() {
    if (!EMULATED_SEAT_CONTEXTS.contains(device.context())) {
      Channel[] pair = ex.newLocalPair(device.exten(), device.context(), caller.linkedid());
      dest = pair[0];
      far = pair[1];
      dest.owner(this);
      far.owner(this);
      localSetupEvents();
      ex.destroy(far, HangupCause.UNKNOWN, false);
      ex.destroy(dest, HangupCause.UNKNOWN, false);
      phase = Phase.DONE;
      ex.setVar(caller, "DIALSTATUS", "CHANUNAVAIL");
      pbx.counters().dial("CHANUNAVAIL");
      ex.deviceState(device.name(), "INVALID");
      ex.deviceState(device.name(), "INVALID");
      continueCaller();
      return;
    }
    Channel[] pair = ex.newLocalPair(device.exten(), device.context(), caller.linkedid());
    dest = pair[0];
    far = pair[1];
    dest.owner(this);
    far.owner(this);
    localSetupEvents();
    ex.emit(EventClass.CALL, localBridge().build());
    dialBegin();
    String who = device.exten();
    switch (plan.outcome()) {
      case BUSY, CONGESTION -> {
        boolean busy = plan.outcome() == SeatOutcome.BUSY;
        farStep("NoOp", "Seat " + who + (busy ? " is busy" : " is unreachable"));
        farStep(busy ? "Busy" : "Congestion", "");
        ex.setState(far, ChannelState.BUSY);
        failed(busy ? "BUSY" : "CONGESTION", busy ? HangupCause.USER_BUSY : HangupCause.CONGESTION);
      }
      case NO_ANSWER, UNAVAILABLE -> {
        farStep("NoOp", "Seat " + who + " rings, nobody answers");
        farStep("Ringing", "");
        ex.setState(dest, ChannelState.RINGING);
        farStep("Wait", "30");
        ringing();
      }
      default -> {
        farStep("NoOp", "Agent " + who + " picks up " + Substitution.callerAll(caller));
        if (plan.answerDelaySeconds() > 0) {
          farStep("Ringing", "");
          ex.setState(dest, ChannelState.RINGING);
          farStep("Wait", Long.toString(Math.round(plan.answerDelaySeconds())));
          ringing();
        } else {
          answer();
        }
      }
    }
  }

  private void localSetupEvents() {
    ex.inheritVariables(caller, dest);
    ex.inheritVariables(caller, far);
    ex.setVar(dest, "DIALEDPEERNUMBER", device.dialString());
    ex.presetIds(dest, caller.exten(), caller.callerName());
    ex.presetConnected(dest, caller.callerNum(), caller.callerName());
    dest.exten(caller.exten());
    ex.newexten(dest, "AppDial", "(Outgoing Line)");
    ex.setCallerId(dest, dest.callerNum(), dest.callerName());
    ex.setConnectedLine(dest, dest.connectedNum(), dest.connectedName());
    ex.setVar(far, "DIALEDPEERNUMBER", device.dialString());
    ex.presetConnected(far, caller.exten(), caller.callerName());
    ex.setCallerId(far, caller.callerNum(), caller.callerName());
    ex.setConnectedLine(far, far.connectedNum(), far.connectedName());
  }

  private AmiMessage.Builder localBridge() {
    AmiMessage.Builder b = Events.head("LocalBridge", EventClass.CALL);
    Events.snapshot(b, "LocalOne", dest);
    Events.snapshot(b, "LocalTwo", far);
    return b.add("Context", far.context())
        .add("Exten", far.exten())
        .add("LocalOptimization", "Yes");
  }

  private void farStep(String app, String data) {
    far.position(far.context(), far.exten(), ++farPriority);
    ex.newexten(far, app, data);
  }

  private AmiMessage.Builder callerAndDest(String type) {
    AmiMessage.Builder b = Events.channelEvent(type, EventClass.CALL, caller);
    Events.snapshot(b, "Dest", dest);
    return b;
  }

  private void dialBegin() {
    ex.emit(
        EventClass.CALL, callerAndDest("DialBegin").add("DialString", device.dialString()).build());
  }

  private void dialEnd(String status) {
    ex.emit(EventClass.CALL, callerAndDest("DialEnd").add("DialStatus", status).build());
  }

  /** The seat is ringing: RINGING, then answer, or NOANSWER at the timeout. */
  private void ringing() {
    if (device.tech().equals("PJSIP")) {
      ex.setState(dest, ChannelState.RINGING);
    }
    long ringMs = Math.max(0, pbx.clock().simNowMillis() - startedSim);
    ex.setVar(caller, "RINGTIME", Long.toString(ringMs / 1000));
    ex.setVar(caller, "RINGTIME_MS", Long.toString(Math.max(1, ringMs)));
    ex.emit(EventClass.CALL, callerAndDest("DialState").add("DialStatus", "RINGING").build());
    boolean answers = plan.outcome() == SeatOutcome.ANSWER;
    if (answers && plan.answerDelaySeconds() < timeoutSeconds) {
      timer = pbx.clock().scheduleSeconds(plan.answerDelaySeconds(), this::answer);
    } else if (!Double.isInfinite(timeoutSeconds)) {
      timer = pbx.clock().scheduleSeconds(timeoutSeconds, this::noAnswer);
    }
  }

  private void answer() {
    if (phase != Phase.RINGING) {
      return;
    }
    phase = Phase.BRIDGED;
    if (far != null) {
      farStep("Answer", "");
      ex.setState(far, ChannelState.UP);
    }
    ex.setState(dest, ChannelState.UP);
    ex.setVar(caller, "DIALSTATUS", "ANSWER");
    ex.setVar(caller, "DIALEDPEERNAME", dest.name());
    ex.setVar(caller, "DIALEDPEERNUMBER", device.dialString());
    dest.exten("");
    dialEnd("ANSWER");
    pbx.counters().dial("ANSWER");
    if (!run.everBridged) {
      run.everBridged = true;
      if (run.incoming) {
        pbx.counters().answered();
      }
    }
    pbx.clock().cancel(run.patienceTimer);
    bridge = ex.createBridge();
    ex.newexten(dest, "AppDial", "(Outgoing Line)");
    ex.enterBridge(bridge, dest);
    ex.enterBridge(bridge, caller);
    ex.setVar(dest, "BRIDGEPEER", caller.name());
    ex.setVar(caller, "BRIDGEPEER", dest.name());
    if (far != null) {
      farStep("Wait", Long.toString(Math.round(plan.talkSeconds())));
    }
    talkTimer = pbx.clock().scheduleSeconds(plan.talkSeconds(), this::talkOver);
    if (plan.holdAtSeconds() >= 0 && far == null) {
      holdTimer = pbx.clock().scheduleSeconds(plan.holdAtSeconds(), this::hold);
    }
  }

  private void hold() {
    if (phase != Phase.BRIDGED) {
      return;
    }
    pbx.counters().held();
    ex.emit(
        EventClass.CALL,
        Events.channelEvent("Hold", EventClass.CALL, dest).add("MusicClass", "default").build());
    ex.emit(
        EventClass.CALL,
        Events.channelEvent("MusicOnHoldStart", EventClass.CALL, caller)
            .add("Class", "default")
            .build());
    holdTimer =
        pbx.clock()
            .scheduleSeconds(
                plan.holdSeconds(),
                () -> {
                  if (phase == Phase.BRIDGED) {
                    ex.emit(
                        EventClass.CALL,
                        Events.channelEvent("Unhold", EventClass.CALL, dest).build());
                    ex.emit(
                        EventClass.CALL,
                        Events.channelEvent("MusicOnHoldStop", EventClass.CALL, caller).build());
                  }
                });
  }

  /** Talk time is up: the seat hangs up, or the caller does. */
  private void talkOver() {
    if (phase != Phase.BRIDGED) {
      return;
    }
    if (plan.callerEnds()) {
      pbx.remoteHangup(caller, HangupCause.NORMAL_CLEARING);
      return;
    }
    if (far != null) {
      farStep("Hangup", "");
      ex.softHangupRequest(far, HangupCause.NORMAL_CLEARING);
      ex.hangupRequest(dest, HangupCause.NORMAL_CLEARING);
      ex.destroy(far, HangupCause.NORMAL_CLEARING);
      far = null;
      destGone(HangupCause.NORMAL_CLEARING);
    } else {
      pbx.remoteHangup(dest, HangupCause.NORMAL_CLEARING);
    }
  }

  /** The bridged seat is gone: leave the bridge, set the times, hang up the caller (no g). */
  private void destGone(int cause) {
    phase = Phase.DONE;
    cancelTimers();
    ex.setVar(dest, "BRIDGEPEER", "");
    ex.setVar(caller, "BRIDGEPEER", "");
    ex.leaveBridge(dest);
    ex.destroy(dest, cause);
    ex.deviceIdleIfUnused(dest.device());
    ex.leaveBridge(caller);
    ex.destroyBridge(bridge);
    setTimes();
    ex.setVar(caller, "DIALSTATUS", "ANSWER");
    run.blocker = null;
    pbx.softHangup(caller, HangupCause.NORMAL_CLEARING);
  }

  private void setTimes() {
    long now = pbx.clock().simNowMillis();
    long answered = caller.answeredAtSimMillis() < 0 ? now : caller.answeredAtSimMillis();
    long answeredMs = Math.max(0, now - answered);
    long dialedMs = Math.max(0, now - caller.createdAtSimMillis());
    ex.setVar(caller, "ANSWEREDTIME", Long.toString(answeredMs / 1000));
    ex.setVar(caller, "ANSWEREDTIME_MS", Long.toString(answeredMs));
    ex.setVar(caller, "DIALEDTIME", Long.toString(dialedMs / 1000));
    ex.setVar(caller, "DIALEDTIME_MS", Long.toString(dialedMs));
  }

  private void noAnswer() {
    if (phase != Phase.RINGING) {
      return;
    }
    phase = Phase.DONE;
    dialEnd("NOANSWER");
    pbx.counters().dial("NOANSWER");
    if (far != null) {
      Channel f = far;
      ex.hangupRequest(f, HangupCause.UNKNOWN);
      ex.destroy(dest, HangupCause.UNKNOWN);
      ex.setVar(caller, "DIALSTATUS", "NOANSWER");
      pbx.vertx()
          .runOnContext(
              v -> {
                ex.softHangupRequest(f, HangupCause.NORMAL_CLEARING);
                ex.destroy(f, HangupCause.UNKNOWN);
                ex.deviceIdleIfUnused(f.device());
              });
    } else {
      ex.destroy(dest, HangupCause.UNKNOWN);
      ex.deviceIdleIfUnused(dest.device());
      ex.setVar(caller, "DIALSTATUS", "NOANSWER");
    }
    continueCaller();
  }

  /** BUSY or CONGESTION right after DialBegin. */
  private void failed(String status, int farCause) {
    phase = Phase.DONE;
    dialEnd(status);
    pbx.counters().dial(status);
    if (far != null) {
      ex.hangupRequest(far, HangupCause.UNKNOWN);
      ex.destroy(dest, HangupCause.UNKNOWN);
      ex.softHangupRequest(far, HangupCause.NORMAL_CLEARING);
      ex.destroy(far, farCause);
      ex.deviceIdleIfUnused(far.device());
    } else {
      ex.destroy(dest, farCause);
      ex.deviceIdleIfUnused(dest.device());
    }
    ex.setVar(caller, "DIALSTATUS", status);
    continueCaller();
  }

  /** Dial is cut short while ringing: Redirect or the caller hanging up. */
  private void cancel() {
    phase = Phase.DONE;
    cancelTimers();
    dialEnd("CANCEL");
    pbx.counters().dial("CANCEL");
    if (far != null) {
      ex.hangupRequest(far, HangupCause.NORMAL_CLEARING);
      ex.destroy(dest, HangupCause.NORMAL_CLEARING);
      ex.setVar(caller, "DIALSTATUS", "CANCEL");
      ex.softHangupRequest(far, HangupCause.NORMAL_CLEARING);
      ex.destroy(far, HangupCause.NORMAL_CLEARING);
      ex.deviceIdleIfUnused(far.device());
    } else {
      ex.destroy(dest, HangupCause.NORMAL_CLEARING);
      ex.deviceIdleIfUnused(dest.device());
      ex.setVar(caller, "DIALSTATUS", "CANCEL");
    }
  }

  /** The caller's run was redirected or hung up while this Dial blocked it. */
  private boolean interrupt(boolean hangup) {
    if (phase == Phase.RINGING) {
      cancel();
    } else if (phase == Phase.BRIDGED) {
      phase = Phase.DONE;
      cancelTimers();
      ex.setVar(dest, "BRIDGEPEER", "");
      ex.setVar(caller, "BRIDGEPEER", "");
      ex.leaveBridge(caller);
      ex.leaveBridge(dest);
      ex.destroyBridge(bridge);
      Position peerGoto = hangup || far != null ? null : pbx.takeAfterBridgeGoto(dest);
      if (peerGoto != null) {
        // moved along with the caller (Redirect's ExtraChannel): the seat's leg lives on
        pbx.runAfterBridge(dest, peerGoto);
      } else if (far != null) {
        ex.hangupRequest(far, HangupCause.NORMAL_CLEARING);
        ex.destroy(dest, HangupCause.NORMAL_CLEARING);
        ex.softHangupRequest(far, HangupCause.NORMAL_CLEARING);
        ex.destroy(far, HangupCause.NORMAL_CLEARING);
        ex.deviceIdleIfUnused(far.device());
      } else {
        ex.destroy(dest, HangupCause.NORMAL_CLEARING);
        ex.deviceIdleIfUnused(dest.device());
      }
      setTimes();
      ex.setVar(caller, "DIALSTATUS", "ANSWER");
    }
    if (hangup) {
      pbx.unwind(run);
    }
    return true;
  }

  /** A seat leg was hung up from outside (its phone, or AMI Hangup on it). */
  @Override
  public void hangupRequested(Channel channel, int cause, boolean soft) {
    if (phase == Phase.DONE) {
      return;
    }
    if (channel == far) {
      ex.hangupRequest(dest, cause);
      ex.destroy(far, cause);
      far = null;
    }
    if (phase == Phase.BRIDGED) {
      destGone(cause);
      return;
    }
    phase = Phase.DONE;
    cancelTimers();
    dialEnd("NOANSWER");
    pbx.counters().dial("NOANSWER");
    if (far != null) {
      ex.hangupRequest(far, cause);
      ex.destroy(far, cause);
    }
    ex.destroy(dest, cause);
    ex.deviceIdleIfUnused(dest.device());
    ex.setVar(caller, "DIALSTATUS", "NOANSWER");
    continueCaller();
  }

  private void cancelTimers() {
    pbx.clock().cancel(timer);
    pbx.clock().cancel(talkTimer);
    pbx.clock().cancel(holdTimer);
  }

  /** Dial returned without a bridge: the caller goes on to the next priority. */
  private void continueCaller() {
    cancelTimers();
    pbx.appReturned(run, generation);
  }
}
