package org.hotline.asterisk.sim.dialplan;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.ChannelState;
import org.hotline.asterisk.sim.exchange.Events;
import org.hotline.asterisk.sim.exchange.HangupCause;

/** The applications that return at once: Answer, Set, Goto, GotoIf, ExecIf, Hangup, MixMonitor. */
final class BasicApps {
  /** Where MixMonitor puts relative file names (Asterisk's default monitor directory). */
  static final String MONITOR_DIR = "/var/spool/asterisk/monitor/";

  private BasicApps() {}

  static Outcome answer(Pbx pbx, Run r, String data) {
    Channel c = r.channel;
    if (c.state() == ChannelState.UP) {
      return Outcome.NEXT;
    }
    if (r.answerHook != null) {
      Run.AnswerHook hook = r.answerHook;
      r.answerHook = null;
      hook.beforeAnswer();
      pbx.exchange().setState(c, ChannelState.UP);
      hook.afterAnswer();
    } else {
      pbx.exchange().setState(c, ChannelState.UP);
    }
    return Outcome.NEXT;
  }

  /**
   * Set(NAME=value): {@code _}/{@code __} inheritance, CHANNEL(hangup_handler_push), CALLERID,
   * CONFBRIDGE(user,option).
   */
  static Outcome set(Pbx pbx, Run r, String data) {
    int eq = data.indexOf('=');
    if (eq <= 0) {
      pbx.warnOnce("set:" + data, "Set(" + data + ") needs NAME=value");
      return Outcome.NEXT;
    }
    String name = data.substring(0, eq).trim();
    String value = data.substring(eq + 1);
    Channel c = r.channel;
    String upper = name.toUpperCase(Locale.ROOT);
    if (upper.equals("CHANNEL(HANGUP_HANDLER_PUSH)")) {
      pbx.exchange().pushHangupHandler(c, value);
    } else if (upper.startsWith("CALLERID(")) {
      String what = upper.substring(9, upper.length() - 1);
      switch (what) {
        case "NUM", "NUMBER" -> pbx.exchange().setCallerId(c, value, c.callerName());
        case "NAME" -> pbx.exchange().setCallerId(c, c.callerNum(), value);
        default -> pbx.warnOnce("callerid:" + what, "CALLERID(" + what + ") is not simulated");
      }
    } else if (upper.startsWith("CONFBRIDGE(") && upper.endsWith(")")) {
      // a dynamic profile option (a datastore in Asterisk: no VarSet); ConfBridge reads it
      pbx.exchange()
          .setVarQuietly(c, ConfBridgeApp.optionKey(name.substring(11, name.length() - 1)), value);
    } else if (upper.startsWith("GLOBAL(") && upper.endsWith(")")) {
      pbx.setGlobal(name.substring(7, name.length() - 1), value);
    } else if (name.endsWith(")")) {
      pbx.warnOnce("setfn:" + name, "Set(" + name + "=...) is not simulated");
    } else {
      pbx.exchange().setVar(c, name, value);
    }
    return Outcome.NEXT;
  }

  static Outcome gotoApp(Pbx pbx, Run r, String data) {
    return jumpOrHangup(pbx, r, data);
  }

  static Outcome gotoIf(Pbx pbx, Run r, String data) {
    AppArgs.Conditional cond = AppArgs.gotoIf(data);
    String branch = AppArgs.condition(cond.condition()) ? cond.ifTrue() : cond.ifFalse();
    if (branch == null || branch.isBlank()) {
      return Outcome.NEXT;
    }
    return jumpOrHangup(pbx, r, branch);
  }

  static Outcome execIf(Pbx pbx, Run r, String data) {
    AppArgs.Conditional cond = AppArgs.execIf(data);
    String branch = AppArgs.condition(cond.condition()) ? cond.ifTrue() : cond.ifFalse();
    if (branch == null || branch.isBlank()) {
      return Outcome.NEXT;
    }
    String[] app = AppArgs.application(branch);
    return pbx.applications().run(pbx, r, app[0], app[1]);
  }

  private static Outcome jumpOrHangup(Pbx pbx, Run r, String target) {
    Position p = target(pbx, r.channel, target);
    if (p == null) {
      pbx.warnOnce("goto:" + target, "Goto(" + target + "): no such label; hanging up");
      pbx.softHangup(r.channel, HangupCause.NORMAL_CLEARING);
      return Outcome.ENDED;
    }
    return Outcome.jump(p);
  }

  /**
   * A Goto target: {@code prio|label}, {@code exten,prio|label} or {@code ctx,exten,prio|label}.
   */
  static Position target(Pbx pbx, Channel c, String spec) {
    List<String> parts = AppArgs.split(spec);
    String ctx = c.context();
    String exten = c.exten();
    String prio;
    if (parts.size() >= 3) {
      ctx = parts.get(0).trim();
      exten = parts.get(1).trim();
      prio = parts.get(2).trim();
    } else if (parts.size() == 2) {
      exten = parts.get(0).trim();
      prio = parts.get(1).trim();
    } else {
      prio = parts.get(0).trim();
    }
    if (Expression.isNumber(prio)) {
      int n = Integer.parseInt(prio);
      return n < 1 ? null : new Position(ctx, exten, n);
    }
    OptionalInt label = pbx.dialplan().label(ctx, exten, prio);
    return label.isPresent() ? new Position(ctx, exten, label.getAsInt()) : null;
  }

  static Outcome hangup(Pbx pbx, Run r, String data) {
    int cause = HangupCause.NORMAL_CLEARING;
    if (Expression.isNumber(data.trim())) {
      cause = Integer.parseInt(data.trim());
    }
    pbx.softHangup(r.channel, cause);
    return Outcome.ENDED;
  }

  static Outcome busy(Pbx pbx, Run r, String data) {
    return refuse(pbx, r, HangupCause.USER_BUSY);
  }

  static Outcome congestion(Pbx pbx, Run r, String data) {
    return refuse(pbx, r, HangupCause.CONGESTION);
  }

  /** Busy()/Congestion(): the indication, then (simplified) the hang-up at once. */
  private static Outcome refuse(Pbx pbx, Run r, int cause) {
    if (r.channel.state() != ChannelState.UP) {
      pbx.exchange().setState(r.channel, ChannelState.BUSY);
    }
    pbx.softHangup(r.channel, cause);
    return Outcome.ENDED;
  }

  /** Return() outside a hang-up handler or Gosub: the stack is empty, the channel hangs up. */
  static Outcome returnWithoutGosub(Pbx pbx, Run r, String data) {
    pbx.warnOnce("return", "Return() without Gosub: hanging up, as Asterisk does");
    pbx.softHangup(r.channel, HangupCause.NORMAL_CLEARING);
    return Outcome.ENDED;
  }

  /** MixMonitor(file[,options]): MIXMONITOR_FILENAME, then MixMonitorStart. */
  static Outcome mixMonitor(Pbx pbx, Run r, String data) {
    String file = AppArgs.split(data).get(0).trim();
    if (file.isEmpty()) {
      pbx.warnOnce("mixmonitor", "MixMonitor needs a file name");
      return Outcome.NEXT;
    }
    pbx.startMixMonitor(r, file);
    return Outcome.NEXT;
  }

  static Outcome stopMixMonitor(Pbx pbx, Run r, String data) {
    pbx.stopMixMonitor(r.channel);
    return Outcome.NEXT;
  }

  static String monitorPath(String file) {
    return file.startsWith("/") ? file : MONITOR_DIR + file;
  }

  /** MixMonitorStart as recorded: the channel snapshot only. */
  static void mixMonitorStart(Pbx pbx, Channel c) {
    pbx.exchange()
        .emit(EventClass.CALL, Events.channelEvent("MixMonitorStart", EventClass.CALL, c).build());
  }
}
