package org.hotline.asterisk.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hotline.asterisk.sim.agi.AgiConfig;
import org.hotline.asterisk.sim.agi.FastAgiClient;
import org.hotline.asterisk.sim.ami.AmiConfig;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.AmiServer;
import org.hotline.asterisk.sim.ami.ManagerAccount;
import org.hotline.asterisk.sim.ami.ManagerConf;
import org.hotline.asterisk.sim.call.CallCounters;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.call.CallStats;
import org.hotline.asterisk.sim.call.Keypads;
import org.hotline.asterisk.sim.dialplan.ChanSpyApp;
import org.hotline.asterisk.sim.dialplan.Dialplan;
import org.hotline.asterisk.sim.dialplan.DialplanConfig;
import org.hotline.asterisk.sim.dialplan.DialplanSource;
import org.hotline.asterisk.sim.dialplan.ManagerActions;
import org.hotline.asterisk.sim.dialplan.Originator;
import org.hotline.asterisk.sim.dialplan.Pbx;
import org.hotline.asterisk.sim.exchange.Exchange;
import org.hotline.asterisk.sim.generator.CallGenerator;
import org.hotline.asterisk.sim.seat.SeatDirectory;
import org.hotline.asterisk.sim.time.SimClock;

/**
 * One simulated Asterisk: AMI server, exchange, dialplan, FastAGI client and call generator, all on
 * one Vert.x context so the model needs no locks. Methods may be called from any thread; those that
 * touch the model hop onto the context and return a Future.
 */
public final class AsteriskSimulator {
  private static final String VERSION = "22.10.1";
  private static final String LAB_CONTEXTS = DialplanSource.LAB_CONTEXTS_RESOURCE;

  private final Vertx vertx;
  private final Context context;
  private final SimulatorOptions options;
  private final SimClock clock;
  private final CallCounters counters = new CallCounters();
  private final SeatDirectory seats;
  private final AmiServer ami;
  private final Exchange exchange;
  private final Pbx pbx;
  private final FastAgiClient agiClient;
  private final Originator originator;
  private final CallGenerator generator;

  private AsteriskSimulator(Vertx vertx, Context context, SimulatorOptions o) {
    this.vertx = vertx;
    this.context = context;
    this.options = o;
    this.clock = new SimClock(vertx, o.timeScale());
    Random random = new Random(o.seed());
    this.seats = new SeatDirectory(o.seatDefault());
    this.ami =
        new AmiServer(
            vertx,
            new AmiConfig(
                o.amiHost(),
                o.amiPort(),
                o.amiUsername(),
                o.amiSecret(),
                o.writeTimeout(),
                8 * 1024 * 1024,
                Duration.ofSeconds(1),
                VERSION,
                o.systemName(),
                account(o)));
    ami.eventLag(o.amiEventLag());
    this.exchange = new Exchange(clock, o.systemName(), ami::publish);
    Dialplan dialplan =
        o.dialplan().parse().withContextsFrom(DialplanSource.resource(LAB_CONTEXTS).parse());
    DialplanConfig dp =
        new DialplanConfig(dialplan, o.appGap(), o.midwayShare(), o.originateAnswerSeconds());
    this.pbx = new Pbx(vertx, exchange, dp, globals(dialplan, o), seats, random, counters);
    AgiConfig agi = AgiConfig.defaults(VERSION);
    agi =
        new AgiConfig(
            agi.connectTimeout(),
            o.agiIdleTimeout(),
            agi.hangupNoticeDelay(),
            VERSION,
            agi.missingPrompts(),
            agi.promptSeconds());
    this.agiClient = new FastAgiClient(vertx, pbx, agi);
    pbx.agiClient(agiClient);
    Supplier<org.hotline.asterisk.sim.agi.Keypad> callee =
        () -> Keypads.sequence(o.calleeDigits(), 1.0);
    this.originator = new Originator(pbx, callee);
    new ManagerActions(pbx, originator).register(ami);
    ami.currentCalls(exchange::activeCalls);
    this.generator = new CallGenerator(context, clock, originator, random, o.traffic());
  }

  /** The AMI account: from the options' manager.conf, else read = all without filters. */
  static ManagerAccount account(SimulatorOptions o) {
    if (o.managerConf() == null) {
      return ManagerAccount.readAll(o.amiUsername());
    }
    return ManagerConf.parse(o.managerConf())
        .account(o.amiUsername())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "manager.conf has no [" + o.amiUsername() + "] account"));
  }

  /**
   * The globals the dialplan sees: its own [globals], GATEWAY_AGI from the options, HOTLINE_SERVER
   * from the system name (when set), then the options' explicit globals.
   */
  static Map<String, String> globals(Dialplan dialplan, SimulatorOptions o) {
    Map<String, String> g = new LinkedHashMap<>(dialplan.globals());
    g.put("GATEWAY_AGI", o.gatewayAgi());
    if (!o.systemName().isEmpty()) {
      g.put("HOTLINE_SERVER", o.systemName());
    }
    g.putAll(o.globals());
    return g;
  }

  /** Starts a simulator; the future completes once the AMI port listens. */
  public static Future<AsteriskSimulator> start(Vertx vertx, SimulatorOptions options) {
    Context ctx = vertx.getOrCreateContext();
    Promise<AsteriskSimulator> promise = Promise.promise();
    ctx.runOnContext(
        v -> {
          try {
            AsteriskSimulator sim = new AsteriskSimulator(vertx, ctx, options);
            sim.ami.listen().map(port -> sim).onComplete(promise);
          } catch (RuntimeException e) {
            promise.fail(e);
          }
        });
    return promise.future();
  }

  private <T> Future<T> onContext(Supplier<T> work) {
    Promise<T> p = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            p.complete(work.get());
          } catch (RuntimeException e) {
            p.fail(e);
          }
        });
    return p.future();
  }

  public int amiPort() {
    return ami.port();
  }

  public SimulatorOptions options() {
    return options;
  }

  /** Places one incoming call on the trunk; the future carries the caller's channel name. */
  public Future<String> placeCall(CallSpec spec) {
    return onContext(() -> originator.placeIncoming(spec).name());
  }

  /** The caller of this channel hangs up now (remote BYE). */
  public Future<Boolean> callerHangsUp(String channel) {
    return onContext(() -> originator.callerHangsUp(channel));
  }

  /** Scripts one seat ({@code seat036}, {@code PJSIP/seat036} or {@code Local/1001@agents}). */
  public SeatHandle seat(String id) {
    return new SeatHandle(seats, id);
  }

  public SeatDirectory seats() {
    return seats;
  }

  public CallGenerator generator() {
    return generator;
  }

  /** Changes the time scale while running. */
  public void timeScale(double value) {
    clock.setTimeScale(value);
  }

  public SimClock clock() {
    return clock;
  }

  /** A snapshot of the live channels. */
  public Future<List<ChannelInfo>> channels() {
    return onContext(
        () ->
            exchange.channels().stream()
                .map(
                    c ->
                        new ChannelInfo(
                            c.name(),
                            c.uniqueid(),
                            c.linkedid(),
                            c.state().text(),
                            c.context(),
                            c.priority(),
                            c.application(),
                            c.callerNum(),
                            c.bridge() != null))
                .toList());
  }

  /** Every ChanSpy the exchange has run (an Originate's or the dialplan's), oldest first. */
  public Future<List<ChanSpyApp.Spied>> spies() {
    return onContext(() -> pbx.spies().sessions());
  }

  /** Counters of what happened; safe from any thread. */
  public CallStats stats() {
    return counters.snapshot();
  }

  /** Every event the simulator raises also goes to this listener, on the simulator's context. */
  public void onEvent(Consumer<AmiMessage> listener) {
    context.runOnContext(v -> exchange.addListener(listener));
  }

  /**
   * Every AMI action frame a client sends from now on also goes to this listener, on the
   * simulator's context; the future completes once it listens.
   */
  public Future<Void> onAction(Consumer<AmiMessage> listener) {
    return onContext(
        () -> {
          ami.onAction(listener);
          return null;
        });
  }

  /** Failure hook: closes every AMI connection abruptly. */
  public Future<Void> dropAmiConnections() {
    return onContext(
        () -> {
          ami.dropAll();
          return null;
        });
  }

  /** Failure hook: writes these bytes as they are to every AMI client. */
  public Future<Void> sendRawToAmiClients(String raw) {
    return onContext(
        () -> {
          ami.sendRawToAll(Buffer.buffer(raw.getBytes(StandardCharsets.UTF_8)));
          return null;
        });
  }

  /** Failure hook: AMI refuses new connections for a while (the port is closed meanwhile). */
  public Future<Void> refuseAmiConnections(Duration duration) {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> ami.refuseConnectionsFor(duration).onComplete(p));
    return p.future();
  }

  /**
   * Failure hook: for this long every FastAGI connect fails at once, as if the gateway were down
   * (AGISTATUS=FAILURE; the shipped dialplan's hotline-retry asks again every 2 s).
   */
  public Future<Void> refuseFastAgi(Duration duration) {
    agiClient.refuseFor(duration);
    return Future.succeededFuture();
  }

  public int amiSessions() {
    return ami.sessionCount();
  }

  public Future<Void> close() {
    generator.stop();
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> ami.close().eventually(agiClient::close).onComplete(p));
    return p.future();
  }

  Vertx vertx() {
    return vertx;
  }
}
