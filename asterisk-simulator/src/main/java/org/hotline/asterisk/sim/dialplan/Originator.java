package org.hotline.asterisk.sim.dialplan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.AmiServer;
import org.hotline.asterisk.sim.ami.AmiSession;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.call.Keypads;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.ChannelState;
import org.hotline.asterisk.sim.exchange.Events;
import org.hotline.asterisk.sim.exchange.Exchange;
import org.hotline.asterisk.sim.exchange.HangupCause;
import org.hotline.asterisk.sim.seat.Device;
import org.hotline.asterisk.sim.seat.SeatOutcome;
import org.hotline.asterisk.sim.seat.SeatPlan;

/**
 * Where calls come from: incoming trunk calls ({@code PJSIP/trunk-...} into from-trunk with the
 * dialled number, or hotline-in when the dialplan has no from-trunk for it) and AMI Originate of
 * {@code Local/...} or {@code PJSIP/...} into a context or an application, with the Originate
 * response and the later OriginateResponse event as recorded.
 */
public final class Originator {
  /** Where a trunk's inbound calls land in the shipped extensions.conf. */
  static final String TRUNK_CONTEXT = "from-trunk";

  private static final Pattern CALLER_ID = Pattern.compile("\\s*\"?([^\"<]*)\"?\\s*<([^>]*)>\\s*");

  private final Pbx pbx;
  private final Exchange ex;
  private final Supplier<Keypad> calleeKeypad;

  public Originator(Pbx pbx, Supplier<Keypad> calleeKeypad) {
    this.pbx = pbx;
    this.ex = pbx.exchange();
    this.calleeKeypad = calleeKeypad;
  }

  /**
   * An incoming call on the trunk. It enters from-trunk at the dialled number (so the dialplan sets
   * HOTLINE_DNID as on a real trunk) when that extension exists, else hotline-in,s,1.
   */
  public Channel placeIncoming(CallSpec spec) {
    boolean trunk = pbx.extensionExists(TRUNK_CONTEXT, spec.dnid());
    String context = trunk ? TRUNK_CONTEXT : "hotline-in";
    String exten = trunk ? spec.dnid() : "s";
    Channel c =
        ex.newChannel(
            "PJSIP",
            "PJSIP/trunk-" + ex.nextChannelSequence(),
            "PJSIP/trunk",
            ChannelState.RING,
            context,
            exten,
            null,
            spec.callerNum(),
            spec.callerName());
    c.dnid(spec.dnid());
    Run r = pbx.start(c, context, exten, 1, spec.keypad());
    r.incoming = true;
    pbx.counters().placed();
    if (!Double.isInfinite(spec.patienceSeconds())) {
      r.patienceTimer =
          pbx.clock()
              .scheduleSeconds(
                  spec.patienceSeconds(),
                  () -> {
                    if (!r.everBridged && !c.isGone()) {
                      pbx.remoteHangup(c, HangupCause.NORMAL_CLEARING);
                    }
                  });
    }
    pbx.execute(r);
    return c;
  }

  /** The caller ends an incoming call now (as if the trunk sent BYE). */
  public boolean callerHangsUp(String channelName) {
    return ex.find(channelName)
        .map(
            c -> {
              pbx.remoteHangup(c, HangupCause.NORMAL_CLEARING);
              return true;
            })
        .orElse(false);
  }

  /** AMI Originate. */
  public void originate(AmiSession session, AmiMessage action) {
    String channel = action.value("Channel");
    if (channel.isEmpty()) {
      session.send(AmiServer.error(action, "Channel not specified"));
      return;
    }
    String app = action.value("Application");
    String context = action.value("Context");
    String exten = action.value("Exten");
    String priority = action.value("Priority");
    if (app.isEmpty() && (context.isEmpty() || exten.isEmpty() || priority.isEmpty())) {
      session.send(
          AmiServer.error(action, "Originate with 'Exten' requires 'Context' and 'Priority'"));
      return;
    }
    if (app.isEmpty() && !pbx.contextExists(context)) {
      session.send(AmiServer.error(action, "Extension does not exist."));
      return;
    }
    String[] cid = parseCallerId(action.value("CallerID"));
    boolean async = action.value("Async").equalsIgnoreCase("true");
    pbx.counters().originated();
    Target target =
        new Target(
            app,
            action.value("Data"),
            context,
            exten,
            Math.max(1, parseInt(priority)),
            action.value("ActionID"),
            cid[0],
            cid[1],
            variables(action),
            session,
            async ? null : action,
            timeoutSeconds(action.value("Timeout")),
            action.value("ChannelId"));
    if (async) {
      session.send(AmiServer.success(action, "Originate successfully queued"));
    }
    if (channel.startsWith("Local/")) {
      originateLocal(channel, target);
    } else if (channel.startsWith("PJSIP/")) {
      originatePjsip(channel, target);
    } else {
      fail(target, channel, 0);
    }
  }

  /** What the originated call connects to once answered. */
  private record Target(
      String app,
      String data,
      String context,
      String exten,
      int priority,
      String actionId,
      String callerNum,
      String callerName,
      List<String[]> variables,
      AmiSession session,
      AmiMessage syncAction,
      double timeoutSeconds,
      String channelId) {}

  /** {@code Variable: A=1} headers (repeated, or comma-separated) of an Originate. */
  private static List<String[]> variables(AmiMessage action) {
    List<String[]> out = new ArrayList<>();
    for (String v : action.values("Variable")) {
      for (String part : v.split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          out.add(new String[] {part.substring(0, eq).trim(), part.substring(eq + 1)});
        }
      }
    }
    return out;
  }

  private void setVariables(Channel c, Target t) {
    for (String[] v : t.variables()) {
      ex.setVar(c, v[0], v[1]);
    }
  }

  private void originateLocal(String dial, Target t) {
    String rest = dial.substring("Local/".length()).replace("/n", "");
    int at = rest.indexOf('@');
    if (at <= 0 || !pbx.contextExists(rest.substring(at + 1))) {
      fail(t, dial, 0);
      return;
    }
    String exten = rest.substring(0, at);
    String ctx = rest.substring(at + 1);
    Channel[] pair = ex.newLocalPair(exten, ctx, null);
    Channel one = pair[0];
    Channel two = pair[1];
    ex.newexten(one, "AppDial2", "(Outgoing Line)");
    setVariables(one, t);
    ex.setCallerId(one, t.callerNum(), t.callerName());
    ex.setConnectedLine(one, t.callerNum(), t.callerName());
    setVariables(two, t);
    ex.presetConnected(two, t.callerNum(), t.callerName());
    ex.setCallerId(two, t.callerNum(), t.callerName());
    ex.setConnectedLine(two, t.callerNum(), t.callerName());
    AmiMessage.Builder lb = Events.head("LocalBridge", EventClass.CALL);
    Events.snapshot(lb, "LocalOne", one);
    Events.snapshot(lb, "LocalTwo", two);
    ex.emit(
        EventClass.CALL,
        lb.add("Context", ctx).add("Exten", exten).add("LocalOptimization", "Yes").build());
    dialBegin(one, exten + "@" + ctx);
    Run r2 = pbx.start(two, ctx, exten, 1, Keypad.silent());
    one.owner((ChannelDriver) (ch, cause, soft) -> ex.destroy(ch, cause));
    r2.answerHook =
        new Run.AnswerHook() {
          @Override
          public void beforeAnswer() {
            ex.setState(one, ChannelState.UP);
            dialEnd(one, "ANSWER");
            succeeded(t, one);
          }

          @Override
          public void afterAnswer() {
            connect(one, t);
          }
        };
    pbx.execute(r2);
  }

  private void originatePjsip(String dial, Target t) {
    String resource = dial.substring("PJSIP/".length());
    String endpoint =
        resource.contains("@") ? resource.substring(resource.indexOf('@') + 1) : resource;
    Channel c =
        ex.newChannel(
            "PJSIP",
            "PJSIP/" + endpoint + "-" + ex.nextChannelSequence(),
            "PJSIP/" + endpoint,
            ChannelState.DOWN,
            "default",
            "s",
            null,
            t.callerNum(),
            t.callerName(),
            t.channelId());
    c.dnid(resource);
    setVariables(c, t);
    boolean[] done = {false};
    c.owner(
        (ChannelDriver)
            (ch, cause, soft) -> {
              if (!done[0]) {
                done[0] = true;
                dialEnd(c, "CANCEL");
                ex.destroy(c, cause);
                fail(t, dial, 1);
              }
            });
    dialBegin(c, resource);
    ex.setState(c, ChannelState.RINGING);
    double answerAfter = pbx.config().originateAnswerSeconds();
    java.util.Optional<Device> device = Device.parse(dial);
    if (device.isPresent() && pbx.seats().outsidePhone(device.get())) {
      // an outside phone answers (or not) as its behaviour says; one that never answers rings
      // until the Originate's Timeout: OriginateResponse Failure, Reason 3 (no answer)
      SeatPlan plan = pbx.seats().behaviour(device.get()).plan(pbx.random());
      if (plan.outcome() != SeatOutcome.ANSWER) {
        pbx.clock()
            .scheduleSeconds(
                t.timeoutSeconds(),
                () -> {
                  if (!done[0] && !c.isGone()) {
                    done[0] = true;
                    dialEnd(c, "NOANSWER");
                    ex.destroy(c, HangupCause.NO_ANSWER);
                    fail(t, dial, 3);
                  }
                });
        return;
      }
      answerAfter = plan.answerDelaySeconds();
    }
    pbx.clock()
        .scheduleSeconds(
            answerAfter,
            () -> {
              if (done[0] || c.isGone()) {
                return;
              }
              done[0] = true;
              ex.setState(c, ChannelState.UP);
              dialEnd(c, "ANSWER");
              succeeded(t, c);
              connect(
                  c,
                  t,
                  device
                      .flatMap(d -> pbx.seats().keysOf(d))
                      .map(keys -> Keypads.sequence(keys, 1.0))
                      .orElseGet(calleeKeypad));
            });
  }

  /** Runs the originated channel's context or application after answer. */
  private void connect(Channel c, Target t) {
    connect(c, t, calleeKeypad.get());
  }

  private void connect(Channel c, Target t, Keypad keypad) {
    Run r;
    if (t.app().equalsIgnoreCase("ChanSpy")) {
      // no Newexten for an originated application (the recording); it ends the channel
      r = pbx.start(c, c.context(), c.exten(), c.priority(), calleeKeypad.get());
      r.applicationOnly = true;
      pbx.spies().run(r, t.data());
      return;
    }
    if (!t.app().isEmpty()) {
      r = pbx.start(c, c.context(), c.exten(), c.priority(), keypad);
      ex.newexten(c, t.app(), t.data());
      double secs = t.app().equalsIgnoreCase("Wait") ? Pbx.parseSeconds(t.data()) : -1;
      long timer =
          secs >= 0
              ? pbx.clock()
                  .scheduleSeconds(secs, () -> pbx.softHangup(c, HangupCause.NORMAL_CLEARING))
              : -1;
      r.blocker =
          hangup -> {
            pbx.clock().cancel(timer);
            if (hangup) {
              pbx.unwind(r);
            }
            return true;
          };
      return;
    }
    r = pbx.start(c, t.context(), t.exten(), t.priority(), keypad);
    pbx.execute(r);
  }

  private void dialBegin(Channel dest, String dialString) {
    AmiMessage.Builder b = Events.head("DialBegin", EventClass.CALL);
    Events.snapshot(b, "Dest", dest);
    ex.emit(EventClass.CALL, b.add("DialString", dialString).build());
  }

  private void dialEnd(Channel dest, String status) {
    AmiMessage.Builder b = Events.head("DialEnd", EventClass.CALL);
    Events.snapshot(b, "Dest", dest);
    ex.emit(EventClass.CALL, b.add("DialStatus", status).build());
  }

  private void succeeded(Target t, Channel c) {
    AmiMessage.Builder b =
        Events.head("OriginateResponse", EventClass.CALL)
            .add("ActionID", t.actionId())
            .add("Response", "Success")
            .add("Channel", c.name());
    if (t.app().isEmpty()) {
      b.add("Context", t.context()).add("Exten", t.exten());
    } else {
      b.add("Application", t.app()).add("Data", t.data());
    }
    ex.emit(
        EventClass.CALL,
        b.add("Reason", 4)
            .add("Uniqueid", c.uniqueid())
            .add("CallerIDNum", t.callerNum())
            .add("CallerIDName", t.callerName())
            .build());
    if (t.syncAction() != null) {
      t.session().send(AmiServer.success(t.syncAction(), "Originate successfully queued"));
    }
  }

  private void fail(Target t, String dial, int reason) {
    AmiMessage.Builder b =
        Events.head("OriginateResponse", EventClass.CALL)
            .add("ActionID", t.actionId())
            .add("Response", "Failure")
            .add("Channel", dial);
    if (t.app().isEmpty()) {
      b.add("Context", t.context()).add("Exten", t.exten());
    } else {
      b.add("Application", t.app()).add("Data", t.data());
    }
    ex.emit(
        EventClass.CALL,
        b.add("Reason", reason)
            .add("Uniqueid", "<null>")
            .add("CallerIDNum", t.callerNum())
            .add("CallerIDName", t.callerName())
            .build());
    if (t.syncAction() != null) {
      t.session().send(AmiServer.error(t.syncAction(), "Originate failed"));
    }
  }

  /** {@code "Name" <number>} or a bare number. */
  static String[] parseCallerId(String value) {
    Matcher m = CALLER_ID.matcher(value);
    if (m.matches()) {
      return new String[] {m.group(2).trim(), m.group(1).trim()};
    }
    String v = value.trim();
    return new String[] {v.isEmpty() ? "<unknown>" : v, v.isEmpty() ? "<unknown>" : ""};
  }

  /** Originate's Timeout (ms, default 30 s) in seconds. */
  private static double timeoutSeconds(String ms) {
    try {
      return ms.isBlank() ? 30 : Math.max(0.001, Long.parseLong(ms.trim()) / 1000.0);
    } catch (NumberFormatException e) {
      return 30;
    }
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
