package org.hotline.asterisk.sim.dialplan;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.hotline.asterisk.sim.agi.AgiHost;
import org.hotline.asterisk.sim.agi.AgiRequest;
import org.hotline.asterisk.sim.agi.AgiSession;
import org.hotline.asterisk.sim.agi.AgiStatus;
import org.hotline.asterisk.sim.agi.FastAgiClient;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.call.CallCounters;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.ChannelState;
import org.hotline.asterisk.sim.exchange.Events;
import org.hotline.asterisk.sim.exchange.Exchange;
import org.hotline.asterisk.sim.exchange.HangupCause;
import org.hotline.asterisk.sim.seat.SeatDirectory;
import org.hotline.asterisk.sim.time.SimClock;

/**
 * Runs the fixed programs on channels, one step per priority, raising Newexten and each
 * application's events in the recorded order; handles Redirect (async goto) and the hang-up
 * sequences (SoftHangupRequest, hang-up handlers, Local peer, Hangup).
 */
public final class Pbx implements AgiHost {
  private enum Flow {
    NEXT,
    JUMPED,
    ASYNC
  }

  private final Vertx vertx;
  private final Exchange exchange;
  private final Contexts contexts;
  private final DialplanConfig config;
  private final SeatDirectory seats;
  private final Random random;
  private final CallCounters counters;
  private FastAgiClient agi;

  public Pbx(
      Vertx vertx,
      Exchange exchange,
      DialplanConfig config,
      SeatDirectory seats,
      Random random,
      CallCounters counters) {
    this.vertx = vertx;
    this.exchange = exchange;
    this.config = config;
    this.contexts = new Contexts(config);
    this.seats = seats;
    this.random = random;
    this.counters = counters;
  }

  public void agiClient(FastAgiClient client) {
    this.agi = client;
  }

  @Override
  public Exchange exchange() {
    return exchange;
  }

  SimClock clock() {
    return exchange.clock();
  }

  Vertx vertx() {
    return vertx;
  }

  SeatDirectory seats() {
    return seats;
  }

  Random random() {
    return random;
  }

  CallCounters counters() {
    return counters;
  }

  DialplanConfig config() {
    return config;
  }

  Contexts contexts() {
    return contexts;
  }

  /** True if Originate/Redirect may target this context. */
  public boolean contextExists(String context) {
    return contexts.exists(context);
  }

  @Override
  public Keypad keypad(Channel channel) {
    return channel.owner() instanceof Run r ? r.keypad : Keypad.silent();
  }

  @Override
  public void hangupFromAgi(Channel channel) {
    softHangup(channel, HangupCause.NORMAL_CLEARING);
  }

  @Override
  public String substitute(Channel channel, String expression) {
    return Substitution.expand(channel, expression, config.gatewayAgi());
  }

  /** Starts a dialplan run on the channel at context,exten,priority. */
  Run start(Channel c, String context, String exten, int priority, Keypad keypad) {
    Run r = new Run(c, keypad);
    c.owner(r);
    c.position(context, exten, priority);
    return r;
  }

  /** Runs steps until one blocks or the channel ends. */
  void execute(Run r) {
    Channel c = r.channel;
    while (true) {
      if (c.isGone() || r.finished) {
        return;
      }
      if (r.hangupPending) {
        finishHangup(r);
        return;
      }
      Optional<List<Step>> program = contexts.program(c.context());
      if (program.isEmpty() || c.priority() < 1 || c.priority() > program.get().size()) {
        softHangup(c, HangupCause.NORMAL_CLEARING);
        return;
      }
      Step step = program.get().get(c.priority() - 1);
      String data = step.data().apply(c);
      exchange.newexten(c, step.app(), data);
      Flow flow = runApp(r, step, data);
      if (flow == Flow.ASYNC) {
        return;
      }
      if (flow == Flow.NEXT) {
        c.position(c.context(), c.exten(), c.priority() + 1);
      }
    }
  }

  /** Continues after an async step, unless a Redirect moved the channel meanwhile. */
  void resume(Run r, int generation) {
    if (r.generation != generation || r.finished) {
      return;
    }
    r.blocker = null;
    if (!r.hangupPending) {
      Channel c = r.channel;
      c.position(c.context(), c.exten(), c.priority() + 1);
    }
    execute(r);
  }

  /** Lets a blocker that ended because of a hang-up hand the channel back for tear-down. */
  void unwind(Run r) {
    r.blocker = null;
    if (!r.finished) {
      finishHangup(r);
    }
  }

  private Flow runApp(Run r, Step step, String data) {
    Channel c = r.channel;
    switch (step.app()) {
      case "Answer":
        answer(r);
        return Flow.NEXT;
      case "Set":
        set(c, data);
        return Flow.NEXT;
      case "Goto":
        c.position(step.targetContext(), "s", step.targetPriority());
        return Flow.JUMPED;
      case "GotoIf":
        if (data.startsWith("1?")) {
          c.position(step.targetContext(), "s", step.targetPriority());
          return Flow.JUMPED;
        }
        return Flow.NEXT;
      case "Wait":
        return waitFor(r, parseSeconds(data));
      case "MusicOnHold":
        return musicOnHold(r, data);
      case "ExecIf":
        if (data.startsWith("1?")) {
          startMixMonitor(r);
        }
        return Flow.NEXT;
      case "MixMonitor":
        startMixMonitor(r);
        return Flow.NEXT;
      case "AGI":
        return agi(r, data);
      case "Dial":
        new Dial(this, r, data).start();
        return Flow.ASYNC;
      case "Hangup":
        softHangup(c, HangupCause.NORMAL_CLEARING);
        return Flow.ASYNC;
      default:
        return Flow.NEXT;
    }
  }

  private void answer(Run r) {
    Channel c = r.channel;
    if (c.state() == ChannelState.UP) {
      return;
    }
    if (r.answerHook != null) {
      Run.AnswerHook hook = r.answerHook;
      r.answerHook = null;
      hook.beforeAnswer();
      exchange.setState(c, ChannelState.UP);
      hook.afterAnswer();
    } else {
      exchange.setState(c, ChannelState.UP);
    }
  }

  private void set(Channel c, String data) {
    int eq = data.indexOf('=');
    if (eq <= 0) {
      return;
    }
    String name = data.substring(0, eq);
    String value = data.substring(eq + 1);
    if (name.equals("CHANNEL(hangup_handler_push)")) {
      exchange.pushHangupHandler(c, value);
    } else {
      exchange.setVar(c, name, value);
    }
  }

  private Flow waitFor(Run r, double seconds) {
    int gen = r.generation;
    long timer = clock().scheduleSeconds(seconds, () -> resume(r, gen));
    r.blocker =
        hangup -> {
          clock().cancel(timer);
          if (hangup) {
            unwind(r);
          }
        };
    return Flow.ASYNC;
  }

  private Flow musicOnHold(Run r, String data) {
    Channel c = r.channel;
    String[] parts = data.split(",");
    double secs = parts.length > 1 ? parseSeconds(parts[1]) : Double.POSITIVE_INFINITY;
    exchange.emit(
        EventClass.CALL,
        Events.channelEvent("MusicOnHoldStart", EventClass.CALL, c)
            .add("Class", parts[0].isEmpty() ? "default" : parts[0])
            .build());
    int gen = r.generation;
    long timer =
        Double.isInfinite(secs)
            ? -1
            : clock()
                .scheduleSeconds(
                    secs,
                    () -> {
                      if (r.generation == gen && !r.finished) {
                        stopMoh(c);
                        resume(r, gen);
                      }
                    });
    r.blocker =
        hangup -> {
          clock().cancel(timer);
          stopMoh(c);
          if (hangup) {
            unwind(r);
          }
        };
    return Flow.ASYNC;
  }

  private void stopMoh(Channel c) {
    exchange.emit(
        EventClass.CALL, Events.channelEvent("MusicOnHoldStop", EventClass.CALL, c).build());
  }

  void startMixMonitor(Run r) {
    if (r.mixMonitor) {
      return;
    }
    r.mixMonitor = true;
    exchange.emit(
        EventClass.CALL,
        Events.channelEvent("MixMonitorStart", EventClass.CALL, r.channel).build());
  }

  boolean stopMixMonitor(Channel c) {
    if (c.owner() instanceof Run r && r.mixMonitor) {
      r.mixMonitor = false;
      exchange.emit(
          EventClass.CALL, Events.channelEvent("MixMonitorStop", EventClass.CALL, c).build());
      return true;
    }
    return false;
  }

  private Flow agi(Run r, String data) {
    Channel c = r.channel;
    Optional<AgiRequest> req = AgiRequest.parse(data);
    if (req.isEmpty() || agi == null) {
      exchange.setVar(c, "AGISTATUS", AgiStatus.FAILURE.name());
      counters.agiSession(true);
      return Flow.NEXT;
    }
    int gen = r.generation;
    AgiSession[] session = new AgiSession[1];
    session[0] =
        agi.open(
            c,
            req.get(),
            status -> {
              counters.agiSession(status == AgiStatus.FAILURE);
              if (r.generation != gen || c.isGone()) {
                return;
              }
              exchange.setVar(c, "AGISTATUS", status.name());
              if (r.hangupPending) {
                unwind(r);
              } else {
                resume(r, gen);
              }
            });
    r.blocker =
        hangup -> {
          if (hangup) {
            session[0].channelHungUp();
          } else {
            session[0].abort();
          }
        };
    return Flow.ASYNC;
  }

  /**
   * AMI Redirect (async goto): ends what the channel is doing (a ringing Dial ends with CANCEL) and
   * continues at the new place. Returns false if the channel cannot be redirected.
   */
  public boolean redirect(Channel c, String context, String exten, int priority) {
    if (!(c.owner() instanceof Run r) || r.finished || r.hangupPending) {
      return false;
    }
    r.generation++;
    c.position(context, exten, priority);
    Run.Blocker b = r.blocker;
    r.blocker = null;
    if (b != null) {
      b.interrupt(false);
    }
    execute(r);
    return true;
  }

  /** SoftHangupRequest: AMI Hangup, the Hangup app, the end of a bridged Dial. */
  public void softHangup(Channel c, int cause) {
    if (c.isGone()) {
      return;
    }
    if (c.owner() instanceof Run r && (r.softEmitted || r.finished)) {
      return;
    }
    exchange.softHangupRequest(c, HangupCause.NORMAL_CLEARING);
    driver(c).hangupRequested(c, cause, true);
  }

  /** HangupRequest: the far end (remote BYE, a caller giving up) ends the channel. */
  public void remoteHangup(Channel c, int cause) {
    if (c.isGone() || c.hangupRequested()) {
      return;
    }
    exchange.hangupRequest(c, cause);
    driver(c).hangupRequested(c, cause, false);
  }

  private ChannelDriver driver(Channel c) {
    Object owner = c.owner();
    if (owner instanceof ChannelDriver d) {
      return d;
    }
    if (owner instanceof Run r) {
      return (ch, cause, soft) -> hangupRun(r, cause, soft);
    }
    return (ch, cause, soft) -> {
      exchange.destroy(ch, cause);
      exchange.deviceIdleIfUnused(ch.device());
    };
  }

  private void hangupRun(Run r, int cause, boolean soft) {
    if (r.finished) {
      return;
    }
    if (soft) {
      r.softEmitted = true;
    }
    if (r.hangupPending) {
      return;
    }
    r.hangupPending = true;
    r.hangupCause = cause;
    exchange.setVarQuietly(r.channel, "HANGUPCAUSE", Integer.toString(cause));
    clock().cancel(r.patienceTimer);
    Run.Blocker b = r.blocker;
    if (b != null) {
      r.blocker = null;
      b.interrupt(true);
    } else {
      vertx.runOnContext(v -> unwind(r));
    }
  }

  /** Hang-up handlers, the Local peer, then the Hangup event. */
  private void finishHangup(Run r) {
    if (r.finished) {
      return;
    }
    r.finished = true;
    Channel c = r.channel;
    if (!r.softEmitted) {
      exchange.softHangupRequest(c, HangupCause.NORMAL_CLEARING);
      r.softEmitted = true;
    }
    int cause = r.hangupCause;
    exchange.setVarQuietly(c, "HANGUPCAUSE", Integer.toString(cause));
    runHangupHandlers(c);
    stopMixMonitor(c);
    if (r.incoming) {
      if (r.everBridged) {
        counters.completed();
      } else {
        counters.abandoned();
      }
    }
    Channel peer = c.localPeer();
    boolean tellPeer = peer != null && !peer.isGone() && !peer.hangupRequested();
    if (tellPeer) {
      String dialStatus = c.variables().get("DIALSTATUS");
      if (dialStatus != null && !dialStatus.isEmpty()) {
        exchange.setVar(peer, "CHANLOCALSTATUS", dialStatus);
      }
      exchange.hangupRequest(peer, cause);
    }
    exchange.destroy(c, cause);
    exchange.deviceIdleIfUnused(c.device());
    if (tellPeer) {
      driver(peer).hangupRequested(peer, cause, false);
    }
  }

  private void runHangupHandlers(Channel c) {
    List<String> handlers = exchange.takeHangupHandlers(c);
    if (handlers.isEmpty()) {
      return;
    }
    String ctx = c.context();
    String exten = c.exten();
    int prio = c.priority();
    for (String handler : handlers) {
      exchange.emit(
          EventClass.DIALPLAN,
          Events.channelEvent("HangupHandlerRun", EventClass.DIALPLAN, c)
              .add("Handler", handler)
              .build());
      exchange.setVar(c, "LOCAL(ARGC)", "0");
      String[] target = handler.split(",");
      String hctx = target[0];
      Optional<List<Step>> program = contexts.program(hctx);
      if (program.isEmpty()) {
        continue;
      }
      int p = target.length > 2 ? parseInt(target[2], 1) : 1;
      for (int i = p; i <= program.get().size(); i++) {
        Step s = program.get().get(i - 1);
        c.position(hctx, target.length > 1 ? target[1] : "s", i);
        exchange.newexten(c, s.app(), s.data().apply(c));
        if (s.app().equals("Return")) {
          exchange.setVar(c, "ARGC", "");
          exchange.setVar(c, "GOSUB_RETVAL", "");
          break;
        }
      }
    }
    c.position(ctx, exten, prio);
  }

  static double parseSeconds(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int parseInt(String s, int dflt) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
