package org.hotline.demo;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.SimulatorOptions;
import org.hotline.asterisk.sim.distribution.Distribution;
import org.hotline.asterisk.sim.generator.TrafficProfile;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.app.MeteredVertx;
import org.hotline.gateway.cases.CaseBridges;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.stats.LiveStatistics;
import org.hotline.seat.stats.QueueStatistics;

/**
 * {@code mvn -B -q -pl demo exec:exec}: Redis (REDIS_URL, else one started here), PostgreSQL
 * (DATABASE_URL, else one started here) with the city's record, the Asterisk simulator with 600
 * seats and a realistic load, the gateway between them, and 600 simulated agents. Prints a progress
 * line every five seconds; Ctrl-C stops everything.
 *
 * <p>Options (system properties): {@code hotline.config} the configuration directory, {@code
 * demo.rate} calls per second (default 2), {@code demo.speed} time-scale of the simulated people
 * (default 1: real time), {@code demo.http} the HTTP port (default 8080, or a free one).
 */
public final class Demo {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Demo() {}

  public static void main(String[] args) {
    try {
      run();
    } catch (Exception e) {
      System.err.println("the demo could not start: " + e);
      e.printStackTrace();
      System.exit(1); // Vert.x and Redis threads would keep a half-started demo alive
    }
  }

  private static void run() throws Exception {
    Path configDir = configDir();
    double rate = Double.parseDouble(System.getProperty("demo.rate", "2"));
    double speed = Double.parseDouble(System.getProperty("demo.speed", "1"));
    System.out.println("Hotline 12345 demo — a simulated 600-seat call centre / 模拟600坐席呼叫中心");
    System.out.println("configuration: " + configDir.toAbsolutePath().normalize());

    LocalRedis redis = LocalRedis.fromEnvironment();
    System.out.println(
        "Redis: " + redis.uri() + (redis.owned() ? " (started for the demo)" : " (REDIS_URL)"));
    SeatManagerConfig seats = ConfigLoader.load(configDir).withCentreId("demo");
    clearDemoKeys(redis.uri());
    DemoDatabase record = DemoDatabase.open();
    System.out.println(record.describe());

    // metered: /metrics shows the JVM's and Vert.x's HTTP meters as in production
    MeteredVertx metered = MeteredVertx.create();
    Vertx vertx = metered.vertx();
    int agiPort = freePort();
    String secret = UUID.randomUUID().toString(); // the simulator's AMI secret, never stored
    SimulatorOptions simOptions =
        SimulatorOptions.defaults(secret, "127.0.0.1:" + agiPort)
            .withSeed(12345)
            .withTimeScale(speed)
            .withSeatDefault(
                SeatBehaviour.answering(
                        Distribution.uniform(1.5, 5), Distribution.logNormal(90, 0.6))
                    .withFailureShares(0.03, 0.01, 0.003, 0.002)
                    .withHold(0.15, Distribution.uniform(10, 40))
                    .withCallerEnding(0.4))
            .withTraffic(
                TrafficProfile.defaults()
                    .withPatience(Distribution.exponential(120))
                    .withRepeatCallers(0.2, 2000)
                    // every line of gateway.yaml and every menu choice, in a plausible mix
                    .withLines(
                        Map.of("12345", 0.85, "1234501", 0.07, "1234503", 0.06, "1234502", 0.02))
                    .withMenu(Map.of("1", 0.80, "2", 0.03, "3", 0.05, "9", 0.10, "", 0.02)));
    AsteriskSimulator sim = AsteriskSimulator.start(vertx, simOptions).await(30, TimeUnit.SECONDS);

    int httpPort = Integer.getInteger("demo.http", 8080);
    if (!portFree(httpPort)) {
      httpPort = freePort();
    }
    GatewayConfig config =
        GatewayConfigLoader.load(
                configDir.resolve("gateway.yaml"), Map.of("HOTLINE_AMI_SECRET", secret)::get)
            .withAsterisk(
                GatewayConfigLoader.single("ast1", "127.0.0.1", sim.amiPort(), "hotline", secret))
            .withAgi(AgiServerOptions.defaults().withHost("127.0.0.1").withPort(agiPort))
            .withHttp("127.0.0.1", httpPort);
    String metricsToken = UUID.randomUUID().toString(); // this run's, as Prometheus would hold one
    config = config.withAccess(config.access().withMetricsToken(metricsToken));
    Path dispatchFile = Path.of("target", "dispatch", "cases.jsonl").toAbsolutePath();
    Files.createDirectories(dispatchFile.getParent());
    CaseBridges.Opened cases =
        CaseBridges.openForCentre(configDir, record.db, "demo", dispatchFile, Clock.systemUTC());
    cases.metrics().bindTo(metered.registry());
    Gateway gateway =
        Gateway.start(
                metered,
                config,
                seats,
                redis.uri(),
                Optional.of(cases.bridge()),
                Optional.of(record.db),
                Clock.systemUTC())
            .await(60, TimeUnit.SECONDS);
    while (!gateway.exchangesUp()) {
      Thread.sleep(50);
    }

    Floor floor = new Floor(vertx, gateway.switchboard(), cases, speed);
    // the last two seats stay free: a visitor goes on duty there from the agent desktop
    List<Seat> all = seats.seats();
    List<Seat> visitors = all.subList(all.size() - 2, all.size());
    floor.staff(all.subList(0, all.size() - 2)).get(120, TimeUnit.SECONDS);
    String password = DemoStaff.enrol(gateway.staff().orElseThrow(), floor.roster());
    // the visitors' accounts take calls at the free seats: the seat manager must know them now
    gateway.syncStaffProfiles().toCompletableFuture().get(60, TimeUnit.SECONDS);
    floor.work();
    sim.generator().start(rate);

    String base = "http://localhost:" + gateway.httpPort();
    System.out.println();
    System.out.println(
        (all.size() - 2)
            + " agents logged in; calls arrive at "
            + rate
            + "/s (Poisson). Seats "
            + visitors.get(0).id()
            + " and "
            + visitors.get(1).id()
            + " are free for you.");
    System.out.println("  sign in          " + base + "/signin/   (English: ?lang=en)");
    System.out.println(
        "                   as "
            + String.join(", ", DemoStaff.ACCOUNTS)
            + ", password "
            + password
            + "  (made for this run)");
    System.out.println("  live statistics  " + base + "/api/statistics   (supervisor, manager)");
    System.out.println(
        "  metrics          curl -H 'Authorization: Bearer "
            + metricsToken
            + "' "
            + base
            + "/metrics");
    System.out.println("  health           " + base + "/health");
    System.out.println(
        "  screen pop       " + base + "/api/callers/{number}/history   (supervisor; audited)");
    System.out.println(
        "  dispatch outbox  " + base + "/api/outbox   (cases go to " + dispatchFile + ")");
    System.out.println(
        "  wallboard        "
            + base
            + "/wallboard/   (supervisor, manager: the live floor, pushed once a second)");
    System.out.println(
        "  reports          "
            + base
            + "/reports/   (supervisor, manager: intervals, agents, the city's monthly rates)");
    System.out.println(
        "  agent desktop    "
            + base
            + "/desktop/?seat="
            + visitors.get(0).id()
            + "   (as supervisor: go on duty, the simulated phone answers)");
    System.out.println(
        "  officials        "
            + base
            + "/guests/   (supervisor: a guest session at seat "
            + visitors.get(1).id()
            + ", coach 'supervisor'; its code or QR link signs the official in at /guest/)");
    System.out.println("Ctrl-C stops the demo.");
    System.out.println();

    long progress =
        vertx.setPeriodic(
            5000,
            id ->
                gateway
                    .seats()
                    .statistics()
                    .thenCombine(
                        cases.bridge().outboxStatus(),
                        (stats, outbox) -> progressLine(stats, sim) + casesPart(floor, outbox))
                    .thenAccept(System.out::println));

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nstopping…");
                  vertx.cancelTimer(progress);
                  sim.generator().stop();
                  try {
                    gateway.close().await(10, TimeUnit.SECONDS);
                    sim.close().await(10, TimeUnit.SECONDS);
                    metered.close().await(10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.out.println("shutdown: " + e);
                  }
                  redis.close();
                  record.close();
                  stopped.countDown();
                },
                "demo-stop"));
    stopped.await();
  }

  private static String casesPart(Floor floor, OutboxStatus outbox) {
    return String.format(
        " | cases %d (outbox %d pending)", floor.formsSubmitted(), outbox.pending());
  }

  static String progressLine(LiveStatistics s, AsteriskSimulator sim) {
    long waiting = 0, offered = 0, answered = 0, abandoned = 0, shortAbandoned = 0, inSl = 0;
    long waitMs = 0;
    long oldest = 0;
    for (QueueStatistics q : s.queues()) {
      waiting += q.waiting();
      offered += q.offered();
      answered += q.answered();
      abandoned += q.abandoned();
      shortAbandoned += q.shortAbandoned();
      inSl += q.answeredInServiceLevel();
      waitMs += q.totalWait().toMillis();
      oldest = Math.max(oldest, q.oldestWait().toSeconds());
    }
    String sl =
        answered + abandoned == 0
            ? "  -  "
            : String.format("%4.1f%%", 100.0 * inSl / (answered + abandoned));
    String asa = answered == 0 ? "-" : String.format("%.1fs", waitMs / 1000.0 / answered);
    return String.format(
            "%s  waiting %3d (oldest %3ds) | offered %5d answered %5d abandoned %4d (+%d short) | SL %s ASA %s"
                + " | agents: %d available, %d ringing, %d talking, %d wrap-up, %d paused | placed %d",
            LocalTime.now().format(CLOCK),
            waiting,
            oldest,
            offered,
            answered,
            abandoned,
            shortAbandoned,
            sl,
            asa,
            s.floorIn(AgentState.AVAILABLE),
            s.floorIn(AgentState.OFFERED),
            s.floorIn(AgentState.ON_CALL),
            s.floorIn(AgentState.WRAP_UP),
            s.floorIn(AgentState.PAUSED),
            sim.stats().placed())
        + offeredByQueue(s);
  }

  /** Calls offered per queue: every line and menu choice reaches its queue. */
  private static String offeredByQueue(LiveStatistics s) {
    StringBuilder out = new StringBuilder(" | by queue:");
    for (QueueStatistics q : s.queues()) {
      out.append(' ').append(q.queueId()).append(' ').append(q.offered());
    }
    return out.toString();
  }

  private static Path configDir() {
    String configured = System.getProperty("hotline.config");
    if (configured != null) {
      return Path.of(configured);
    }
    Path here = Path.of("config");
    return Files.isDirectory(here) ? here : Path.of("..", "config");
  }

  /** The demo's centre starts empty each run (its keys only; nothing else in that Redis). */
  private static void clearDemoKeys(String uri) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page =
            c.sync().scan(cursor, ScanArgs.Builder.matches("hotline:{demo}:*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          c.sync().del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return s.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
