package org.hotline.gateway.e2e;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.SimulatorOptions;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.app.MeteredVertx;
import org.hotline.gateway.cases.CaseBridges;
import org.hotline.gateway.config.DialplanNames;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.gateway.config.LineConfig;
import org.hotline.gateway.testing.TestDatabases;
import org.hotline.pg.support.Database;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Role;
import org.hotline.seat.config.LocalizedName;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;

/**
 * The simulated exchange and a real gateway on the test Redis, through the real wire protocols: the
 * simulator's AMI server and FastAGI client, the gateway's AMI client and FastAGI server.
 */
final class Harness {

  final Vertx vertx;
  private final List<Vertx> others = new ArrayList<>();
  private final Optional<MeteredVertx> metered;
  final AsteriskSimulator sim;
  Gateway gateway;
  SeatManagerConfig seatConfig;
  final CaseBridge cases;

  /** The key the dispatch system signs its status updates with, in tests. */
  static final byte[] INBOUND_KEY =
      "test-inbound-key-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  final Database db;
  final Path dispatched;
  private final GatewayConfig config;
  private final String redisUri;

  private Harness(
      Vertx vertx,
      Optional<MeteredVertx> metered,
      AsteriskSimulator sim,
      Gateway gateway,
      SeatManagerConfig seatConfig,
      CaseBridge cases,
      Database db,
      Path dispatched,
      GatewayConfig config,
      String redisUri) {
    this.vertx = vertx;
    this.metered = metered;
    this.cases = cases;
    this.db = db;
    this.dispatched = dispatched;
    this.sim = sim;
    this.gateway = gateway;
    this.seatConfig = seatConfig;
    this.config = config;
    this.redisUri = redisUri;
  }

  /** Stops the gateway (the exchange keeps its calls); {@link #startGateway} starts another. */
  void stopGateway() throws Exception {
    gateway.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * A new gateway instance on the same exchange, Redis and city record, for {@code seats}' centre
   * (without the case bridge, which the first instance closed).
   */
  void startGateway(SeatManagerConfig seats) throws Exception {
    seatConfig = seats;
    gateway =
        Gateway.start(
                vertx,
                config,
                seats,
                redisUri,
                Optional.empty(),
                Optional.of(db),
                Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    await("AMI connected", Duration.ofSeconds(15), gateway::exchangesUp);
  }

  /**
   * One more gateway instance beside {@link #gateway}, on the same exchange, Redis and city record,
   * in a Vert.x of its own (as another process: its own event bus), with its own FastAGI port,
   * which the exchange does not use. The caller closes the gateway; {@link #close} its Vert.x.
   */
  Gateway anotherGateway() throws Exception {
    Vertx own = Vertx.vertx();
    others.add(own);
    Gateway other =
        Gateway.start(
                own,
                config.withAgi(config.agi().withPort(freePort())),
                seatConfig,
                redisUri,
                Optional.empty(),
                Optional.of(db),
                Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    await("AMI connected", Duration.ofSeconds(15), other::exchangesUp);
    return other;
  }

  /** Queues general (zh, skill general) and english (en, skill general); seats 001..010. */
  static SeatManagerConfig seatConfig() {
    List<Seat> seats = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      String id = String.format("%03d", i);
      seats.add(new Seat(id, "A", "1", "PJSIP/seat" + id));
    }
    return new SeatManagerConfig(
        "e2e" + UUID.randomUUID().toString().substring(0, 8),
        ZoneId.of("Asia/Shanghai"),
        Duration.ofSeconds(20),
        List.of("chaoyang", "haidian"),
        List.of(queue("general", "zh"), queue("english", "en")),
        List.of(
            new PauseReason("break", new LocalizedName("小休", "Break"), true),
            new PauseReason("technical", new LocalizedName("技术故障", "Technical"), true),
            new PauseReason(PauseReason.NO_ANSWER, new LocalizedName("未接听", "No answer"), false)),
        seats);
  }

  private static QueueConfig queue(String id, String language) {
    return new QueueConfig(
        id,
        new LocalizedName(id, id),
        List.of(language),
        Map.of("general", 1),
        false,
        Duration.ofSeconds(20),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(10),
        List.of());
  }

  static Harness start(UnaryOperator<SimulatorOptions> simulator, Duration seatRingTimeout)
      throws Exception {
    return start(simulator, seatRingTimeout, LocalRedis.shared().uri());
  }

  static Harness start(
      UnaryOperator<SimulatorOptions> simulator, Duration seatRingTimeout, String redisUri)
      throws Exception {
    return start(simulator, seatRingTimeout, redisUri, UnaryOperator.identity());
  }

  /** As above, with the gateway's configuration changed by {@code configure}. */
  static Harness start(
      UnaryOperator<SimulatorOptions> simulator,
      Duration seatRingTimeout,
      String redisUri,
      UnaryOperator<GatewayConfig> configure)
      throws Exception {
    return start(simulator, seatRingTimeout, redisUri, configure, UnaryOperator.identity());
  }

  /** As above, with the seat manager's configuration (queues, seats) changed by {@code seating}. */
  static Harness start(
      UnaryOperator<SimulatorOptions> simulator,
      Duration seatRingTimeout,
      String redisUri,
      UnaryOperator<GatewayConfig> configure,
      UnaryOperator<SeatManagerConfig> seating)
      throws Exception {
    return start(
        simulator,
        seatRingTimeout,
        redisUri,
        configure,
        seating,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * With return visits made as {@code visits} says (short timings, another window) and signed
   * status updates accepted under {@link #INBOUND_KEY}.
   */
  static Harness startWithVisits(
      UnaryOperator<SimulatorOptions> simulator, ReturnVisitPolicy visits) throws Exception {
    return start(
        simulator,
        Duration.ofSeconds(20),
        LocalRedis.shared().uri(),
        UnaryOperator.identity(),
        UnaryOperator.identity(),
        Optional.empty(),
        Optional.of(visits));
  }

  /**
   * As production starts it: on a Vert.x reporting into the gateway's registry (JVM and HTTP server
   * meters), with the case bridge's meters bound to it. The simulator shares that Vert.x.
   */
  static Harness startMetered(
      UnaryOperator<SimulatorOptions> simulator,
      Duration seatRingTimeout,
      UnaryOperator<GatewayConfig> configure)
      throws Exception {
    return start(
        simulator,
        seatRingTimeout,
        LocalRedis.shared().uri(),
        configure,
        UnaryOperator.identity(),
        Optional.of(MeteredVertx.create()),
        Optional.empty());
  }

  private static Harness start(
      UnaryOperator<SimulatorOptions> simulator,
      Duration seatRingTimeout,
      String redisUri,
      UnaryOperator<GatewayConfig> configure,
      UnaryOperator<SeatManagerConfig> seating,
      Optional<MeteredVertx> metered,
      Optional<ReturnVisitPolicy> visits)
      throws Exception {
    Vertx vertx = metered.map(MeteredVertx::vertx).orElseGet(Vertx::vertx);
    int agiPort = freePort();
    String secret = UUID.randomUUID().toString();
    AsteriskSimulator sim =
        AsteriskSimulator.start(
                vertx,
                // the shipped manager.conf: its read classes, event filters and write classes
                simulator.apply(
                    SimulatorOptions.defaults(secret, "127.0.0.1:" + agiPort)
                        .withShippedManagerConf()))
            .await(10, TimeUnit.SECONDS);
    SeatManagerConfig seats = seating.apply(seatConfig());
    GatewayConfig shipped =
        GatewayConfigLoader.load(
            Path.of("..", "config", "gateway.yaml"), Map.of("HOTLINE_AMI_SECRET", "unused")::get);
    GatewayConfig config =
        new GatewayConfig(
            GatewayConfigLoader.single("ast1", "127.0.0.1", sim.amiPort(), "hotline", secret),
            AgiServerOptions.defaults().withHost("127.0.0.1").withPort(agiPort),
            "127.0.0.1",
            0,
            new DialplanNames("hotline-hold", "hotline-connect", "s", 1, seatRingTimeout),
            "hotline",
            shipped.ivr(),
            Map.of(
                "default", new LineConfig(false, Optional.of("general"), 0),
                "12345", new LineConfig(true, Optional.empty(), 0)),
            Duration.ofMillis(100));
    config =
        configure.apply(
            config.withUnits(shipped.units()).withConfigDirectory(shipped.configDirectory()));
    Path dispatched = Files.createTempFile("hotline-dispatch-", ".jsonl");
    Database db = TestDatabases.connect(TestDatabases.fresh(seats.centreId()));
    CaseBridges.Opened cases =
        CaseBridges.openForCentre(
            Path.of("..", "config"),
            db,
            seats.centreId(),
            dispatched,
            Clock.systemUTC(),
            b -> visits.map(b::returnVisits).orElse(b).inboundKey(INBOUND_KEY));
    metered.ifPresent(m -> cases.metrics().bindTo(m.registry()));
    Optional<CaseBridge> bridge = Optional.of(cases.bridge());
    Clock clock = Clock.systemUTC();
    Gateway gateway =
        (metered.isPresent()
                ? Gateway.start(
                    metered.get(), config, seats, redisUri, bridge, Optional.of(db), clock)
                : Gateway.start(vertx, config, seats, redisUri, bridge, Optional.of(db), clock))
            .await(30, TimeUnit.SECONDS);
    Harness h =
        new Harness(
            vertx, metered, sim, gateway, seats, cases.bridge(), db, dispatched, config, redisUri);
    h.await("AMI connected", Duration.ofSeconds(15), gateway::exchangesUp);
    return h;
  }

  void agent(String id, String seat, String language) {
    gateway
        .seats()
        .registerAgent(
            new Agent(
                id,
                "Agent " + id,
                Role.AGENT,
                Map.of("general", 5),
                java.util.Set.of(language),
                java.util.Set.of()))
        .toCompletableFuture()
        .join();
    // through the switchboard, as the HTTP API does: an offer the login makes is carried out
    gateway
        .switchboard()
        .run(gateway.seats().login(id, seat))
        .toCompletionStage()
        .toCompletableFuture()
        .join();
  }

  /** The seat manager's view of a call. */
  java.util.Optional<org.hotline.seat.api.CallView> call(String callId) {
    return gateway.seats().call(callId).toCompletableFuture().join();
  }

  org.hotline.seat.api.AgentState state(String agent) {
    return gateway.seats().status(agent).toCompletableFuture().join().state();
  }

  /**
   * {@code agent} signs in at {@code seat} (which answers at once and talks long), a caller rings
   * in and is answered there: the call's id.
   */
  String answeredCall(
      org.hotline.gateway.testing.StaffClient agent, String agentId, String seat, String number)
      throws Exception {
    sim.seat("seat" + seat).behave(org.hotline.asterisk.sim.seat.SeatBehaviour.answering(0.2, 600));
    var login = agent.post("/api/agents/" + agentId + "/login", "{\"seat\":\"" + seat + "\"}");
    if (login.status() != 200) {
      throw new AssertionError("login: " + login.body());
    }
    String channel =
        sim.placeCall(
                new org.hotline.asterisk.sim.call.CallSpec(
                    number,
                    "",
                    "10000",
                    Double.POSITIVE_INFINITY,
                    org.hotline.asterisk.sim.agi.Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    String callId =
        "ast1:"
            + sim.channels().await(5, TimeUnit.SECONDS).stream()
                .filter(c -> c.name().equals(channel))
                .findFirst()
                .orElseThrow()
                .uniqueid();
    await(
        agentId + " talks to the caller",
        Duration.ofSeconds(30),
        () ->
            call(callId)
                .map(
                    v ->
                        v.state() == org.hotline.seat.api.CallState.CONNECTED
                            && v.agentId().equals(java.util.Optional.of(agentId))
                            && v.answeredAt().isPresent())
                .orElse(false));
    return callId;
  }

  /** The simulator's channels now. */
  java.util.List<org.hotline.asterisk.sim.ChannelInfo> channels() {
    try {
      return sim.channels().await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The name of the caller's channel of {@code callId} ("ast1:uniqueid"). */
  String channelOf(String callId) {
    String unique = callId.substring(callId.indexOf(':') + 1);
    return channels().stream()
        .filter(c -> c.uniqueid().equals(unique))
        .findFirst()
        .orElseThrow()
        .name();
  }

  void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  void close() throws Exception {
    for (Vertx other : others) {
      other.close().await(10, TimeUnit.SECONDS);
    }
    gateway.close().await(10, TimeUnit.SECONDS);
    sim.close().await(10, TimeUnit.SECONDS);
    if (metered.isPresent()) {
      metered.get().close().await(10, TimeUnit.SECONDS);
    } else {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    db.close();
  }
}
