package org.hotline.asterisk.sim.dialplan;

import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.hotline.asterisk.sim.agi.AgiHost;
import org.hotline.asterisk.sim.agi.FastAgiClient;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.call.CallCounters;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.Events;
import org.hotline.asterisk.sim.exchange.Exchange;
import org.hotline.asterisk.sim.exchange.HangupCause;
import org.hotline.asterisk.sim.seat.SeatDirectory;
import org.hotline.asterisk.sim.time.SimClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asterisk's dialplan loop over a parsed extensions.conf: for each priority it substitutes the
 * arguments, raises Newexten and runs the application. When an application returns, the next
 * priority starts only after a short real-time gap ({@link DialplanConfig#appGap}): Asterisk looks
 * the next priority up without the channel lock, and an AMI Redirect that lands in that gap hangs
 * the channel up (SoftHangupRequest, hang-up handlers, Hangup in the Redirect's context) or, for
 * {@link DialplanConfig#midwayShare} of them, starts the target context at the old priority + 1. A
 * Redirect while an application blocks (Wait, MusicOnHold, a ringing Dial, an open AGI session) is
 * honoured when it returns, as Asterisk's async goto is. Also runs the hang-up sequences
 * (SoftHangupRequest, hang-up handlers, Local peer, Hangup).
 */
public final class Pbx implements AgiHost {
  private static final Logger LOG = LoggerFactory.getLogger(Pbx.class);

  private final Vertx vertx;
  private final Exchange exchange;
  private final DialplanConfig config;
  private final Dialplan dialplan;
  private final Map<String, String> globals;
  private final SeatDirectory seats;
  private final Random random;
  private final CallCounters counters;
  private final Applications applications = new Applications();
  private final ConfBridgeApp conferences = new ConfBridgeApp(this);
  private final ChanSpyApp spies;

  /** Where a bridged Dial peer goes when it leaves its bridge (a Redirect's ExtraChannel). */
  private final Map<Channel, Position> afterBridge = new java.util.IdentityHashMap<>();

  private final Set<String> warned = new HashSet<>();
  private FastAgiClient agi;

  /**
   * @param globals the global variables, mutable (AMI Setvar without a channel, Set(GLOBAL(x)))
   */
  public Pbx(
      Vertx vertx,
      Exchange exchange,
      DialplanConfig config,
      Map<String, String> globals,
      SeatDirectory seats,
      Random random,
      CallCounters counters) {
    this.vertx = vertx;
    this.exchange = exchange;
    this.config = config;
    this.dialplan = config.dialplan();
    this.globals = globals;
    this.seats = seats;
    this.random = random;
    this.counters = counters;
    this.spies = new ChanSpyApp(this);
  }

  public void agiClient(FastAgiClient client) {
    this.agi = client;
  }

  FastAgiClient agiClient() {
    return agi;
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

  Dialplan dialplan() {
    return dialplan;
  }

  Applications applications() {
    return applications;
  }

  ConfBridgeApp conferences() {
    return conferences;
  }

  /** ChanSpy and every spy session it has run, for tests. */
  public ChanSpyApp spies() {
    return spies;
  }

  /** AMI ConfbridgeKick; false when there is no such conference or channel in it. */
  public boolean kickFromConference(String conference, String channel) {
    return conferences.kick(conference, channel);
  }

  /** True if Originate/Redirect may target this context. */
  public boolean contextExists(String context) {
    return dialplan.hasContext(context) || Dial.EMULATED_SEAT_CONTEXTS.contains(context);
  }

  /** True if the dialplan has this extension in this context. */
  public boolean extensionExists(String context, String exten) {
    return dialplan.hasExtension(context, exten);
  }

  public String global(String name) {
    return globals.getOrDefault(name, "");
  }

  public void setGlobal(String name, String value) {
    globals.put(name, value);
  }

  void warnOnce(String key, String message) {
    if (warned.add(key)) {
      LOG.warn("{}: {}", dialplan.name(), message);
    }
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
    return expand(channel, expression);
  }

  /** Substitutes ${...} and $[...] for a channel, as the dialplan does before Newexten. */
  public String expand(Channel c, String text) {
    return Substitution.expand(
        text,
        new Substitution.Scope() {
          @Override
          public String variable(String name) {
            return Pbx.this.variable(c, name);
          }

          @Override
          public String function(String name, String args) {
            return Pbx.this.function(c, name, args);
          }
        });
  }

  /** A channel variable, a builtin (CHANNEL, EXTEN, EPOCH...) or a global; unset is "". */
  String variable(Channel c, String name) {
    switch (name) {
      case "CHANNEL":
        return c.name();
      case "UNIQUEID":
        return c.uniqueid();
      case "CONTEXT":
        return c.context();
      case "EXTEN":
        return c.exten();
      case "PRIORITY":
        return Integer.toString(c.priority());
      case "EPOCH":
        return Long.toString(clock().simEpochSeconds());
      case "HANGUPCAUSE":
        return c.variables().getOrDefault("HANGUPCAUSE", "0");
      default:
        break;
    }
    String v = c.variables().get(name);
    if (v != null) {
      return v;
    }
    return globals.getOrDefault(name, "");
  }

  String function(Channel c, String name, String args) {
    switch (name.toUpperCase(Locale.ROOT)) {
      case "CALLERID":
        return switch (args.trim().toLowerCase(Locale.ROOT)) {
          case "num", "number" -> c.callerNum();
          case "name" -> c.callerName();
          case "all" -> Substitution.callerAll(c);
          default -> "";
        };
      case "RAND":
        {
          List<String> a = AppArgs.split(args);
          long lo =
              a.size() > 0 && Expression.isNumber(a.get(0).trim())
                  ? Long.parseLong(a.get(0).trim())
                  : 0;
          long hi =
              a.size() > 1 && Expression.isNumber(a.get(1).trim())
                  ? Long.parseLong(a.get(1).trim())
                  : Integer.MAX_VALUE;
          if (hi < lo) {
            long t = lo;
            lo = hi;
            hi = t;
          }
          return Long.toString(lo + (long) (random.nextDouble() * (hi - lo + 1)));
        }
      case "LEN":
        return Integer.toString(args.length());
      case "GLOBAL":
        return globals.getOrDefault(args.trim(), "");
      case "LOCAL":
        return c.variables().getOrDefault("LOCAL(" + args.trim() + ")", "");
      default:
        warnOnce("fn:" + name, "function " + name + "() is not simulated; it gives \"\"");
        return "";
    }
  }

  /** Starts a dialplan run on the channel at context,exten,priority (run it with execute). */
  Run start(Channel c, String context, String exten, int priority, Keypad keypad) {
    Run r = new Run(c, keypad);
    c.owner(r);
    c.position(context, exten, priority);
    return r;
  }

  /** Runs the priority where the channel stands now. */
  void execute(Run r) {
    Channel c = r.channel;
    runAt(r, new Position(c.context(), c.exten(), c.priority()));
  }

  /** Looks the priority up, raises Newexten, runs the application. */
  private void runAt(Run r, Position p) {
    Channel c = r.channel;
    if (c.isGone() || r.finished) {
      return;
    }
    if (r.hangupPending) {
      finishHangup(r);
      return;
    }
    Optional<Priority> found = dialplan.find(p.context(), p.exten(), p.priority());
    if (found.isEmpty()) {
      r.finalPosition = p;
      fallThrough(r);
      return;
    }
    Priority pr = found.get();
    c.position(p.context(), p.exten(), p.priority());
    String data = expand(c, pr.data());
    exchange.newexten(c, pr.app(), data);
    Outcome o = applications.run(this, r, pr.app(), data);
    switch (o.kind()) {
      case NEXT -> between(r, p.next());
      case JUMP -> between(r, o.target());
      default -> {
        // blocked (it calls appReturned later) or hanging up
      }
    }
  }

  /** A blocking application ended by itself (timer, FastAGI server closed, Dial over). */
  void appReturned(Run r, int generation) {
    if (r.generation != generation || r.finished) {
      return;
    }
    r.blocker = null;
    if (r.hangupPending) {
      unwind(r);
      return;
    }
    if (r.asyncGoto != null) {
      Position target = r.asyncGoto;
      r.asyncGoto = null;
      r.generation++;
      runAt(r, target);
      return;
    }
    Channel c = r.channel;
    between(r, new Position(c.context(), c.exten(), c.priority() + 1));
  }

  /** The application returned: the loop looks the next priority up after the gap. */
  private void between(Run r, Position next) {
    if (r.finished || r.channel.isGone()) {
      return;
    }
    r.between = true;
    r.next = next;
    int gen = r.generation;
    long gapMillis = config.appGap().toMillis();
    if (config.appGap().isZero()) {
      vertx.runOnContext(v -> afterGap(r, gen));
    } else {
      r.gapTimer = vertx.setTimer(Math.max(1, gapMillis), id -> afterGap(r, gen));
    }
  }

  private void afterGap(Run r, int gen) {
    if (r.generation != gen || !r.between || r.finished) {
      return;
    }
    r.between = false;
    r.gapTimer = -1;
    Position next = r.next;
    r.next = null;
    if (r.hangupPending) {
      finishHangup(r);
      return;
    }
    runAt(r, next);
  }

  private void cancelGap(Run r) {
    if (r.gapTimer >= 0) {
      vertx.cancelTimer(r.gapTimer);
    }
    r.gapTimer = -1;
    r.between = false;
    r.next = null;
  }

  /** Runs the task after the manager's latency: 1 ms, or one event-loop hop with a zero gap. */
  void later(Runnable task) {
    if (config.appGap().isZero()) {
      vertx.runOnContext(v -> task.run());
    } else {
      vertx.setTimer(1, id -> task.run());
    }
  }

  /**
   * AMI Redirect (async goto). Returns false if the channel runs no dialplan (it is then left
   * alone, as Asterisk leaves a channel it cannot goto).
   */
  public boolean redirect(Channel c, String context, String exten, int priority) {
    if (!(c.owner() instanceof Run r) || r.finished || r.hangupPending) {
      return false;
    }
    Position target = new Position(context, exten, priority);
    if (r.between) {
      raceRedirect(r, target);
      return true;
    }
    r.asyncGoto = target;
    Run.Blocker b = r.blocker;
    if (b == null) {
      r.asyncGoto = null;
      r.generation++;
      runAt(r, target);
      return true;
    }
    if (b.interrupt(false)) {
      r.blocker = null;
      r.asyncGoto = null;
      r.generation++;
      runAt(r, target);
    }
    return true;
  }

  /**
   * A Redirect with an ExtraChannel: both channels are moved as one action, as Asterisk's
   * action_redirect does (both async gotos are set before either bridge is left). A channel that
   * runs dialplan is redirected as by {@link #redirect}; a Dial's bridged peer (the seat's leg,
   * which runs no dialplan of its own) gets an after-bridge goto: when the caller's Dial leaves the
   * bridge, the peer is not hung up but starts the dialplan at its target. False when the first
   * channel could not be moved.
   */
  public boolean redirectBoth(Channel c, Position target, Channel extra, Position extraTarget) {
    boolean extraRuns = extra.owner() instanceof Run;
    if (!extraRuns && extra.bridge() != null) {
      afterBridge.put(extra, extraTarget);
    }
    boolean moved = redirect(c, target.context(), target.exten(), target.priority());
    afterBridge.remove(extra); // taken by the Dial when it applied
    if (extraRuns) {
      redirect(extra, extraTarget.context(), extraTarget.exten(), extraTarget.priority());
    }
    return moved;
  }

  /** The after-bridge goto of a Dial's peer, taken once; null when none was set. */
  Position takeAfterBridgeGoto(Channel peer) {
    return afterBridge.remove(peer);
  }

  /** A channel that left its bridge with an after-bridge goto starts the dialplan there. */
  void runAfterBridge(Channel c, Position target) {
    Run r = start(c, target.context(), target.exten(), target.priority(), Keypad.silent());
    later(() -> execute(r));
  }

  /** The Redirect landed while the loop was looking up the next priority without the lock. */
  private void raceRedirect(Run r, Position target) {
    cancelGap(r);
    r.generation++;
    Channel c = r.channel;
    Position midway = new Position(target.context(), target.exten(), c.priority() + 1);
    if (config.midwayShare() > 0
        && random.nextDouble() < config.midwayShare()
        && dialplan.find(midway.context(), midway.exten(), midway.priority()).isPresent()) {
      counters.midwayStart();
      LOG.debug("Redirect of {} landed between applications: starts {} midway", c, midway);
      runAt(r, midway);
      return;
    }
    counters.redirectDrop();
    LOG.debug("Redirect of {} to {} landed between applications: hung up", c, target);
    r.finalPosition = target;
    fallThrough(r);
  }

  /**
   * No such priority (the end of a context, or a Redirect that hit the lookup): with
   * autofallthrough the loop ends and the channel hangs up with SoftHangupRequest (Cause 16), its
   * hang-up handlers, and a Hangup without a cause, as recorded.
   */
  private void fallThrough(Run r) {
    Channel c = r.channel;
    clock().cancel(r.patienceTimer);
    if (!r.softEmitted) {
      exchange.softHangupRequest(c, HangupCause.NORMAL_CLEARING);
      r.softEmitted = true;
    }
    r.hangupPending = true;
    finishHangup(r);
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
    cancelGap(r);
    Run.Blocker b = r.blocker;
    if (b != null) {
      r.blocker = null;
      b.interrupt(true);
    } else {
      vertx.runOnContext(v -> unwind(r));
    }
  }

  /** Lets a blocker that ended because of a hang-up hand the channel back for tear-down. */
  void unwind(Run r) {
    r.blocker = null;
    if (!r.finished) {
      finishHangup(r);
    }
  }

  /** Hang-up handlers, the Local peer, then the Hangup event. */
  private void finishHangup(Run r) {
    if (r.finished) {
      return;
    }
    r.finished = true;
    cancelGap(r);
    Channel c = r.channel;
    if (!r.softEmitted) {
      exchange.softHangupRequest(c, HangupCause.NORMAL_CLEARING);
      r.softEmitted = true;
    }
    int cause = r.hangupCause;
    exchange.setVarQuietly(c, "HANGUPCAUSE", Integer.toString(cause));
    runHangupHandlers(r);
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
    if (r.finalPosition != null) {
      Position p = r.finalPosition;
      c.position(p.context(), p.exten(), p.priority());
    }
    exchange.destroy(c, cause);
    exchange.deviceIdleIfUnused(c.device());
    if (tellPeer) {
      driver(peer).hangupRequested(peer, cause, false);
    }
  }

  /**
   * Runs the pushed hang-up handlers as Gosub subroutines: HangupHandlerRun and LOCAL(ARGC) at the
   * channel's last position, then the handler's priorities (applications that return at once) up to
   * Return, which sets ARGC and GOSUB_RETVAL.
   */
  private void runHangupHandlers(Run r) {
    Channel c = r.channel;
    List<String> handlers = exchange.takeHangupHandlers(c);
    if (handlers.isEmpty()) {
      return;
    }
    Position saved = new Position(c.context(), c.exten(), c.priority());
    for (String handler : handlers) {
      exchange.emit(
          EventClass.DIALPLAN,
          Events.channelEvent("HangupHandlerRun", EventClass.DIALPLAN, c)
              .add("Handler", handler)
              .build());
      exchange.setVar(c, "LOCAL(ARGC)", "0");
      List<String> parts = AppArgs.split(handler);
      Position p =
          BasicApps.target(
              this,
              c,
              String.join(
                  ",",
                  parts.get(0).trim(),
                  parts.size() > 1 ? parts.get(1).trim() : "s",
                  parts.size() > 2 ? parts.get(2).trim() : "1"));
      for (int guard = 0; p != null && guard < 256; guard++) {
        Optional<Priority> found = dialplan.find(p.context(), p.exten(), p.priority());
        if (found.isEmpty()) {
          break;
        }
        Priority pr = found.get();
        c.position(p.context(), p.exten(), p.priority());
        String data = expand(c, pr.data());
        exchange.newexten(c, pr.app(), data);
        String app = pr.app().toLowerCase(Locale.ROOT);
        if (app.equals("return")) {
          exchange.setVar(c, "ARGC", "");
          exchange.setVar(c, "GOSUB_RETVAL", data);
          break;
        }
        Position next = p.next();
        if (Applications.SYNCHRONOUS.contains(app)) {
          Outcome o = applications.run(this, r, pr.app(), data);
          if (o.kind() == Outcome.Kind.JUMP) {
            next = o.target();
          }
        } else {
          warnOnce("handler:" + app, pr.app() + " in a hang-up handler is not run");
        }
        p = next;
      }
    }
    c.position(saved.context(), saved.exten(), saved.priority());
  }

  void startMixMonitor(Run r, String file) {
    r.mixMonitors++;
    exchange.setVar(r.channel, "MIXMONITOR_FILENAME", BasicApps.monitorPath(file));
    BasicApps.mixMonitorStart(this, r.channel);
  }

  /** StopMixMonitor: MixMonitorStop if the channel records; Asterisk sends none at hang-up. */
  boolean stopMixMonitor(Channel c) {
    if (c.owner() instanceof Run r && r.mixMonitors > 0) {
      r.mixMonitors = 0;
      exchange.emit(
          EventClass.CALL, Events.channelEvent("MixMonitorStop", EventClass.CALL, c).build());
      return true;
    }
    return false;
  }

  static double parseSeconds(String s) {
    return HoldApps.seconds(s);
  }
}
