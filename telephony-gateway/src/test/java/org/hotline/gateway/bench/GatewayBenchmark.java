package org.hotline.gateway.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.SimulatorOptions;
import org.hotline.asterisk.sim.distribution.Distribution;
import org.hotline.asterisk.sim.generator.TrafficProfile;
import org.hotline.asterisk.sim.replay.ReplayServer;
import org.hotline.asterisk.sim.replay.Transcript;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.ami.AmiClient;
import org.hotline.gateway.ami.EventTranslator;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Role;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;

/**
 * Two measurements, each with its baseline in the same run:
 *
 * <ol>
 *   <li>AMI events per second through the gateway's whole event path (Asterisk-Java's reader, our
 *       listener, the hand-off to Vert.x, the channel-event handler and the seat-manager operations
 *       it starts) against Asterisk-Java's reader delivering the same recorded stream to a no-op
 *       listener;
 *   <li>calls per second routed end to end through the simulator (FastAGI /incoming, queueing and
 *       assignment on Redis, Setvar + Redirect, the seat answering) at 600 and 10,000 seats, with
 *       the time from AGI start to the queueing decision.
 * </ol>
 *
 * <p>Run: {@code mvn -B -Pbench -pl telephony-gateway -am verify -DskipTests}. Writes {@code
 * target/bench/gateway.md}.
 */
public final class GatewayBenchmark {

  /** The demo's call rate ({@code demo.rate}'s default). */
  private static final double POP_RATE = 2;

  private GatewayBenchmark() {}

  /**
   * Parts to run: {@code events}, {@code calls}, {@code cpu}, {@code pop}, {@code wallboard}, as
   * arguments or comma-separated in one (the pom passes {@code -Dbench.gateway}); {@code events},
   * {@code calls} and {@code cpu} when none is given.
   */
  public static void main(String[] args) throws Exception {
    Set<String> parts = new java.util.HashSet<>();
    for (String arg : args) {
      for (String part : arg.split(",")) {
        if (!part.isBlank()) {
          parts.add(part.strip());
        }
      }
    }
    if (parts.isEmpty()) {
      parts.addAll(Set.of("events", "calls", "cpu"));
    }
    Set<String> unknown = new java.util.TreeSet<>(parts);
    unknown.removeAll(Set.of("events", "calls", "cpu", "pop", "wallboard"));
    if (!unknown.isEmpty()) {
      System.err.println(
          "no such gateway benchmark: " + unknown + " (events, calls, cpu, pop, wallboard)");
      System.exit(2);
    }
    StringBuilder out = new StringBuilder();
    try (LocalRedis redis = LocalRedis.fromEnvironment()) {
      if (parts.contains("events")) {
        out.append(eventPath(redis.uri())).append('\n');
      }
      if (parts.contains("calls")) {
        out.append(endToEnd(redis.uri())).append('\n');
      }
      if (parts.contains("cpu")) {
        out.append(
            CpuPerCall.run(
                redis.uri(),
                List.of(
                    new CpuPerCall.Stream("whole stream (no eventfilter)", o -> o),
                    new CpuPerCall.Stream(
                        "shipped manager.conf eventfilter",
                        SimulatorOptions::withShippedManagerConf)),
                new double[] {20, 100}));
        out.append("\nWhere the gateway's CPU went (by thread):\n\n")
            .append(CpuPerCall.threadBreakdown());
      }
      if (parts.contains("wallboard")) {
        String board;
        try {
          board = WallboardBenchmark.run(redis.uri());
        } catch (Exception e) {
          e.printStackTrace();
          System.err.println("the wallboard benchmark failed: " + e.getMessage());
          System.exit(1);
          return;
        }
        Path boardFile = Path.of("target", "bench", "wallboard.md");
        Files.createDirectories(boardFile.getParent());
        Files.writeString(boardFile, board);
        System.out.println(board);
        System.out.println("written to " + boardFile.toAbsolutePath());
      }
      if (parts.contains("pop")) {
        String pop = ScreenPopBenchmark.run(redis.uri(), POP_RATE, 60, 240);
        Path popFile = Path.of("target", "bench", "pop.md");
        Files.createDirectories(popFile.getParent());
        Files.writeString(popFile, pop);
        System.out.println(pop);
        System.out.println("written to " + popFile.toAbsolutePath());
      }
    }
    if (out.isEmpty()) {
      System.exit(0); // only the pop or wallboard ran: gateway.md keeps its last run's figures
    }
    System.out.println(out);
    Path file = Path.of("target", "bench", "gateway.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out.toString());
    System.out.println("written to " + file.toAbsolutePath());
    System.exit(0);
  }

  // ---------------------------------------------------------------- 1. the event path

  private static final int REPEAT = 400;

  private static String eventPath(String redisUri) throws Exception {
    Transcript transcript;
    try (InputStream in =
        GatewayBenchmark.class.getResourceAsStream("/asterisk/external-acd-answered.ami")) {
      transcript = Transcript.parse(in.readAllBytes());
    }
    int perRound = transcript.events().size() * REPEAT;
    StringBuilder table = new StringBuilder();
    table
        .append("AMI event path: ")
        .append(perRound)
        .append(" events per round (external-acd-answered.ami × ")
        .append(REPEAT)
        .append(")\n\n");
    table.append(
        "| round | Asterisk-Java → no-op listener, events/s | gateway's whole path, events/s | ratio |\n");
    table.append("|---|---|---|---|\n");
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= 4; round++) {
      double baseline = baseline(transcript);
      double ours = gatewayPath(transcript, redisUri);
      double ratio = ours / baseline;
      if (round > 1) { // the first round warms the JIT for both
        ratios.add(ratio);
        table.append(
            String.format(
                Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", round - 1, baseline, ours, ratio));
      }
      System.out.printf(
          Locale.ROOT,
          "event path round %d: baseline %.0f/s, gateway %.0f/s, ratio %.2f%n",
          round,
          baseline,
          ours,
          ratio);
    }
    ratios.sort(Double::compare);
    table.append(
        String.format(
            Locale.ROOT, "%nmedian ratio: **%.2f** (aim ≥ 0.7)%n", ratios.get(ratios.size() / 2)));
    return table.toString();
  }

  /** Events/s Asterisk-Java delivers to a listener that only counts. */
  private static double baseline(Transcript transcript) throws Exception {
    Vertx vertx = Vertx.vertx();
    ReplayServer replay = new ReplayServer(vertx, transcript, 0, REPEAT);
    int port = replay.listen("127.0.0.1", 0).await(5, TimeUnit.SECONDS);
    long expected = deliveredCount(transcript) * REPEAT;
    AtomicLong seen = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    long[] start = new long[1];
    ManagerConnection c =
        new ManagerConnectionFactory("127.0.0.1", port, "hotline", "x").createManagerConnection();
    c.addEventListener(
        e -> {
          long n = seen.incrementAndGet();
          if (n == 1) {
            start[0] = System.nanoTime();
          }
          if (n == expected) {
            done.countDown();
          }
        });
    c.login();
    if (!done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("baseline saw " + seen.get() + " of " + expected);
    }
    double rate = expected / ((System.nanoTime() - start[0]) / 1e9);
    c.logoff();
    replay.close().await(5, TimeUnit.SECONDS);
    vertx.close().await(5, TimeUnit.SECONDS);
    return rate;
  }

  /** Events Asterisk-Java hands to listeners for one pass (it adds a DialEvent per DialBegin). */
  private static long deliveredCount(Transcript t) {
    long dialBegins = t.events().stream().filter(f -> f.startsWith("Event: DialBegin\r\n")).count();
    return t.events().size() + dialBegins;
  }

  /**
   * Events/s through a whole gateway: translated, handed to Vert.x, handled, Redis operations
   * started.
   */
  private static double gatewayPath(Transcript transcript, String redisUri) throws Exception {
    Vertx vertx = Vertx.vertx();
    ReplayServer replay = new ReplayServer(vertx, transcript, 0, REPEAT);
    int port = replay.listen("127.0.0.1", 0).await(5, TimeUnit.SECONDS);
    SeatManagerConfig seats =
        ConfigLoader.load(Path.of("..", "config"))
            .withCentreId("bench" + UUID.randomUUID().toString().substring(0, 6));
    GatewayConfig config =
        shipped()
            .withAsterisk(GatewayConfigLoader.single("ast1", "127.0.0.1", port, "hotline", "x"))
            .withAgi(AgiServerOptions.defaults().withHost("127.0.0.1").withPort(0))
            .withHttp("127.0.0.1", 0);
    long translatable = countTranslatable(transcript) * REPEAT;
    Gateway gateway =
        Gateway.start(vertx, config, seats, redisUri, java.util.Optional.empty(), Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    AmiClient ami = gateway.amiClients().get(0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (ami.eventsHandled() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    long start = System.nanoTime();
    while (ami.eventsHandled() < translatable && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    long elapsed = System.nanoTime() - start;
    if (ami.eventsHandled() < translatable) {
      throw new IllegalStateException(
          "gateway handled " + ami.eventsHandled() + " of " + translatable);
    }
    // rate of the events Asterisk-Java delivered, measured until the last one had been handled
    double rate = deliveredCount(transcript) * (double) REPEAT / (elapsed / 1e9);
    gateway.close().await(10, TimeUnit.SECONDS);
    replay.close().await(5, TimeUnit.SECONDS);
    vertx.close().await(5, TimeUnit.SECONDS);
    return rate;
  }

  /** The events the translator keeps: Newexten only in hotline contexts, not AppDial's. */
  private static long countTranslatable(Transcript t) {
    Set<String> kept = EventTranslator.TRANSLATED;
    Set<String> hotline = shipped().dialplan().contexts();
    return t.events().stream()
        .filter(f -> kept.contains(f.substring(7, f.indexOf("\r\n"))))
        .filter(
            f ->
                !f.startsWith("Event: Newexten\r\n")
                    || hotline.stream().anyMatch(c -> f.contains("\r\nContext: " + c + "\r\n"))
                        && !f.contains("\r\nApplication: AppDial"))
        .count();
  }

  static GatewayConfig shipped() {
    return GatewayConfigLoader.load(
        Path.of("..", "config", "gateway.yaml"), Map.of("HOTLINE_AMI_SECRET", "x")::get);
  }

  // ---------------------------------------------------------------- 2. calls end to end

  private static String endToEnd(String redisUri) throws Exception {
    StringBuilder table = new StringBuilder();
    table.append(
        "Calls end to end through the simulator (FastAGI → queue → assignment → Setvar/Redirect → seat answers)\n\n");
    table.append(
        "| seats | offered load, calls/s | routed, calls/s | routed ÷ offered | AGI start → decision p50 ms | p99 ms | offered at once |\n");
    table.append("|---|---|---|---|---|---|---|\n");
    for (int seats : new int[] {600, 10_000}) {
      for (double rate : new double[] {50, 100, 200}) {
        table.append(calls(redisUri, seats, rate)).append('\n');
      }
    }
    return table.toString();
  }

  private static String calls(String redisUri, int seatCount, double rate) throws Exception {
    Vertx vertx = Vertx.vertx();
    int agiPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      agiPort = s.getLocalPort();
    }
    String secret = UUID.randomUUID().toString();
    // seats answer at once and talk for a second: the floor's capacity is never the limit
    AsteriskSimulator sim =
        AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(secret, "127.0.0.1:" + agiPort)
                    .withSeed(1)
                    .withSeatDefault(
                        org.hotline.asterisk.sim.seat.SeatBehaviour.answering(
                            Distribution.fixed(0.05), Distribution.fixed(1)))
                    .withTraffic(
                        TrafficProfile.defaults()
                            .withPatience(Distribution.never())
                            .withIvr("1", 0)))
            .await(30, TimeUnit.SECONDS);
    List<Seat> seatList = new ArrayList<>();
    for (int i = 1; i <= seatCount; i++) {
      String id = String.format("%05d", i);
      seatList.add(new Seat(id, "Z", "1", "PJSIP/seat" + id));
    }
    SeatManagerConfig seats =
        ConfigLoader.load(Path.of("..", "config"))
            .withCentreId("bench" + UUID.randomUUID().toString().substring(0, 6))
            .withSeats(seatList);
    GatewayConfig config =
        shipped()
            .withAsterisk(
                GatewayConfigLoader.single("ast1", "127.0.0.1", sim.amiPort(), "hotline", secret))
            .withAgi(AgiServerOptions.defaults().withHost("127.0.0.1").withPort(agiPort))
            .withHttp("127.0.0.1", 0);
    Gateway gateway =
        Gateway.start(vertx, config, seats, redisUri, java.util.Optional.empty(), Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    while (!gateway.exchangesUp()) {
      Thread.sleep(20);
    }
    Random random = new Random(5);
    List<CompletableFuture<?>> logins = new ArrayList<>();
    for (int i = 0; i < seatCount; i++) {
      Map<String, Integer> skills = new HashMap<>();
      skills.put("general", 3 + random.nextInt(7));
      Agent agent =
          new Agent(String.format("b%05d", i + 1), "B", Role.AGENT, skills, Set.of("zh"), Set.of());
      String seat = seatList.get(i).id();
      logins.add(
          gateway
              .seats()
              .registerAgent(agent)
              .toCompletableFuture()
              .thenCompose(v -> gateway.seats().login(agent.id(), seat).toCompletableFuture()));
    }
    CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
    // agents finish wrap-up at once, so every agent is back for the next call
    vertx
        .eventBus()
        .<io.vertx.core.json.JsonObject>consumer(
            EventFeed.ADDRESS,
            m -> {
              if ("wrap".equals(m.body().getString("to"))) {
                gateway.seats().finishWrapUp(m.body().getString("agent"));
              }
            });
    Timer offered = gateway.metrics().get("hotline.agi.queueing").tag("offered", "true").timer();
    Timer waited = gateway.metrics().get("hotline.agi.queueing").tag("offered", "false").timer();
    // warm up, then measure a window
    sim.generator().start(rate);
    Thread.sleep(3000);
    long c0 = offered.count() + waited.count();
    long start = System.nanoTime();
    Thread.sleep(10_000);
    long c1 = offered.count() + waited.count();
    double seconds = (System.nanoTime() - start) / 1e9;
    HistogramSnapshot snapshot = offered.takeSnapshot();
    sim.generator().stop();
    double routed = (c1 - c0) / seconds;
    double p50 = percentile(snapshot, 0.5);
    double p99 = percentile(snapshot, 0.99);
    double atOnce = offered.count() / (double) Math.max(1, offered.count() + waited.count());
    System.out.printf(
        Locale.ROOT,
        "%d seats at %.0f/s: routed %.1f/s, p50 %.2f ms, p99 %.2f ms%n",
        seatCount,
        rate,
        routed,
        p50,
        p99);
    gateway.close().await(10, TimeUnit.SECONDS);
    sim.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    return String.format(
        Locale.ROOT,
        "| %,d | %.0f | %.1f | %.2f | %.1f | %.1f | %.0f%% |",
        seatCount,
        rate,
        routed,
        routed / rate,
        p50,
        p99,
        100 * atOnce);
  }

  private static double percentile(HistogramSnapshot snapshot, double p) {
    for (ValueAtPercentile v : snapshot.percentileValues()) {
      if (Math.abs(v.percentile() - p) < 1e-9) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }
}
