package org.hotline.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.SimulatorOptions;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.distribution.Distribution;
import org.hotline.asterisk.sim.generator.TrafficProfile;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.CallFacts;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.cases.CaseBridges;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.gateway.testing.TestDatabases;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Role;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;

/**
 * Screen-pop latency: from the seat manager's assignment decision (the offer event's {@code at},
 * the epoch millisecond the gateway passed the decision script) to the {@code event} frame and the
 * {@code pop} frame arriving at the agent's WebSocket client. The demo's floor: 600 seats of the
 * shipped configuration, the demo's callers (lines, menu, repeat callers, patience) and seats
 * (answer delay, talk time, failures, hold), agents who end wrap-up after 10–50 s and come back
 * after a no-answer pause; the city record in PostgreSQL, so each pop is audited and reads the
 * caller's history. Every agent has a session and one desktop socket open (Vert.x {@link
 * WebSocketClient} on its own Vert.x instance in this JVM: one clock for both ends).
 *
 * <p>Baseline in the same run: the same path on the same floor, idle, one call at a time (the
 * caller hangs up once the pop has arrived, so the next call meets an idle gateway), after 20 such
 * calls that warm the path up. Half the baseline callers have history (a case seeded for them),
 * half have none.
 */
final class ScreenPopBenchmark {

  private static final int IDLE_CALLS = 80;
  private static final int IDLE_WARM_UP = 20;
  private static final String LOOPBACK = "127.0.0.1";

  /** One offer as the agent's desktop saw it; times in epoch microseconds. */
  private static final class Offer {
    final String callId;
    final long decidedMs;
    final long streamMs;
    final long eventAtClient;
    volatile long onBus;
    volatile long popAtClient;
    volatile boolean history;

    Offer(String callId, long decidedMs, long streamMs, long eventAtClient) {
      this.callId = callId;
      this.decidedMs = decidedMs;
      this.streamMs = streamMs;
      this.eventAtClient = eventAtClient;
    }

    double eventMs() {
      return (eventAtClient - decidedMs * 1000) / 1000.0;
    }

    double popMs() {
      return (popAtClient - decidedMs * 1000) / 1000.0;
    }
  }

  /** Every offer whose pop reached a desktop, in the order the pops arrived. */
  private final ConcurrentLinkedQueue<Offer> offers = new ConcurrentLinkedQueue<>();

  /** When each offer (by stream entry id) was published on the gateway's event bus. */
  private final Map<String, Long> busArrival = new ConcurrentHashMap<>();

  private ScreenPopBenchmark() {}

  static String run(String redisUri, double rate, int warmUpSeconds, int measuredSeconds)
      throws Exception {
    return new ScreenPopBenchmark().measure(redisUri, rate, warmUpSeconds, measuredSeconds);
  }

  private String measure(String redisUri, double rate, int warmUpSeconds, int measuredSeconds)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    int agiPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      agiPort = s.getLocalPort();
    }
    String secret = UUID.randomUUID().toString();
    AsteriskSimulator sim =
        AsteriskSimulator.start(vertx, demoFloor(secret, agiPort)).await(30, TimeUnit.SECONDS);
    String centre = "pop" + UUID.randomUUID().toString().substring(0, 6);
    SeatManagerConfig seats = ConfigLoader.load(Path.of("..", "config")).withCentreId(centre);
    LocalPostgres pg = LocalPostgres.shared();
    // the demo's pool settings (the default size), on a fresh migrated database
    Database db =
        Database.connect(
            DatabaseSettings.of(TestDatabases.fresh(centre), pg.user(), pg.password(), "popbench"));
    Path dispatched = Files.createTempFile("hotline-popbench-", ".jsonl");
    CaseBridges.Opened cases =
        CaseBridges.openForCentre(
            Path.of("..", "config"), db, centre, dispatched, Clock.systemUTC());
    GatewayConfig config =
        GatewayBenchmark.shipped()
            .withAsterisk(
                GatewayConfigLoader.single("ast1", LOOPBACK, sim.amiPort(), "hotline", secret))
            .withAgi(AgiServerOptions.defaults().withHost(LOOPBACK).withPort(agiPort))
            .withHttp(LOOPBACK, 0);
    Gateway gateway =
        Gateway.start(
                vertx,
                config,
                seats,
                redisUri,
                Optional.of(cases.bridge()),
                Optional.of(db),
                Clock.systemUTC())
            .await(60, TimeUnit.SECONDS);
    while (!gateway.exchangesUp()) {
      Thread.sleep(50);
    }
    // when each offer was published on the gateway's event bus: splits the path in two
    vertx
        .eventBus()
        .<JsonObject>localConsumer(
            EventFeed.ADDRESS,
            m -> {
              if ("offer".equals(m.body().getString("kind"))) {
                busArrival.put(m.body().getString("id"), nowMicros());
              }
            });
    List<Agent> agents = staffTheFloor(gateway, seats.seats());
    List<String> cookies = sessions(gateway, agents);
    Vertx desktops = Vertx.vertx();
    WebSocketClient client =
        desktops.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1000));
    connect(client, gateway.httpPort(), cookies);
    workTheFloor(vertx, gateway);
    System.out.printf(Locale.ROOT, "pop: %d agents signed in, %d sockets%n", agents.size(), 600);

    List<String> withHistory = seedHistory(cases, IDLE_CALLS / 2);
    List<Offer> idle = idleCalls(sim, withHistory);
    System.out.printf(Locale.ROOT, "pop: idle baseline, %d offers%n", idle.size());

    sim.generator().start(rate);
    Thread.sleep(warmUpSeconds * 1000L);
    long from = System.currentTimeMillis();
    Thread.sleep(measuredSeconds * 1000L);
    long to = System.currentTimeMillis();
    sim.generator().stop();
    Thread.sleep(2000); // the last pops of the window arrive
    List<Offer> loaded = new ArrayList<>();
    for (Offer o : offers) {
      if (o.decidedMs >= from && o.decidedMs < to) {
        loaded.add(o);
      }
    }
    System.out.printf(Locale.ROOT, "pop: under load, %d offers%n", loaded.size());
    String report = report(idle, loaded, rate, warmUpSeconds, measuredSeconds);

    desktops.close().await(10, TimeUnit.SECONDS);
    gateway.close().await(10, TimeUnit.SECONDS);
    sim.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    db.close();
    return report;
  }

  /** {@code Demo}'s simulator: its seed, seats and callers. */
  private static SimulatorOptions demoFloor(String secret, int agiPort) {
    return SimulatorOptions.defaults(secret, LOOPBACK + ":" + agiPort)
        .withSeed(12345)
        .withSeatDefault(
            SeatBehaviour.answering(Distribution.uniform(1.5, 5), Distribution.logNormal(90, 0.6))
                .withFailureShares(0.03, 0.01, 0.003, 0.002)
                .withHold(0.15, Distribution.uniform(10, 40))
                .withCallerEnding(0.4))
        .withTraffic(
            TrafficProfile.defaults()
                .withPatience(Distribution.exponential(120))
                .withRepeatCallers(0.2, 2000)
                .withLines(Map.of("12345", 0.85, "1234501", 0.07, "1234503", 0.06, "1234502", 0.02))
                .withMenu(Map.of("1", 0.80, "2", 0.03, "3", 0.05, "9", 0.10, "", 0.02)));
  }

  /** One agent per seat, with the demo floor's mix of skills and languages, logged in. */
  private static List<Agent> staffTheFloor(Gateway gateway, List<Seat> seats) throws Exception {
    Random random = new Random(2026);
    List<String> districts = gateway.switchboard().seatConfig().districts();
    List<Agent> agents = new ArrayList<>();
    List<CompletableFuture<?>> logins = new ArrayList<>();
    for (int i = 0; i < seats.size(); i++) {
      Map<String, Integer> skills = new HashMap<>();
      skills.put("general", 2 + random.nextInt(8));
      Set<String> languages = new HashSet<>(Set.of("zh"));
      maybe(random, 0.15, () -> skills.put("elderly_care", 3 + random.nextInt(6)));
      maybe(random, 0.10, () -> languages.add("en"));
      maybe(random, 0.05, () -> languages.add(random.nextBoolean() ? "yue" : "wuu"));
      maybe(random, 0.20, () -> skills.put("business", 2 + random.nextInt(8)));
      maybe(random, 0.25, () -> skills.put("utilities", 2 + random.nextInt(8)));
      Role role = Role.AGENT;
      Set<String> served = Set.of();
      if (i % 40 == 39) { // the demo's visiting officials, one district each
        role = Role.OFFICIAL;
        skills.put("official_line", 1);
        served = Set.of(districts.get(i / 40 % districts.size()));
      }
      Agent agent =
          new Agent(String.format("p%04d", i + 1), "Agent " + i, role, skills, languages, served);
      agents.add(agent);
      String seat = seats.get(i).id();
      logins.add(
          gateway
              .seats()
              .registerAgent(agent)
              .toCompletableFuture()
              .thenCompose(v -> gateway.seats().login(agent.id(), seat).toCompletableFuture()));
    }
    CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
    return agents;
  }

  static void maybe(Random random, double share, Runnable action) {
    if (random.nextDouble() < share) {
      action.run();
    }
  }

  /** A desktop session per agent (as signing in makes one); the cookie values. */
  private static List<String> sessions(Gateway gateway, List<Agent> agents) throws Exception {
    List<CompletableFuture<String>> tickets = new ArrayList<>();
    for (Agent a : agents) {
      StaffRole role = a.role() == Role.OFFICIAL ? StaffRole.OFFICIAL : StaffRole.AGENT;
      StaffMember member =
          new StaffMember(
              new StaffProfile(
                  a.id(),
                  a.name(),
                  EnumSet.of(role),
                  a.skills(),
                  a.languages(),
                  a.districts(),
                  "P"),
              true,
              1,
              true,
              false,
              Instant.now());
      tickets.add(
          gateway
              .access()
              .sessions()
              .create(member, LOOPBACK)
              .thenApply(t -> t.id())
              .toCompletableFuture());
    }
    List<String> cookies = new ArrayList<>();
    for (CompletableFuture<String> t : tickets) {
      cookies.add(t.get(60, TimeUnit.SECONDS));
    }
    return cookies;
  }

  private void connect(WebSocketClient client, int port, List<String> cookies) throws Exception {
    List<Future<?>> open = new ArrayList<>();
    for (String cookie : cookies) {
      WebSocketConnectOptions o =
          new WebSocketConnectOptions()
              .setHost(LOOPBACK)
              .setPort(port)
              .setURI("/api/desktop/events")
              .addHeader("Cookie", "hotline_session=" + cookie)
              .addHeader("Origin", "http://" + LOOPBACK + ":" + port);
      Map<String, Offer> ringing = new HashMap<>(); // this socket's offers by call, one thread
      open.add(
          client
              .connect(o)
              .onSuccess(ws -> ws.textMessageHandler(text -> received(text, ringing))));
    }
    Future.all(open).await(120, TimeUnit.SECONDS);
  }

  private void received(String text, Map<String, Offer> ringing) {
    long at = nowMicros();
    JsonObject frame = new JsonObject(text);
    String type = frame.getString("type");
    if ("event".equals(type)) {
      JsonObject event = frame.getJsonObject("event");
      if ("offer".equals(event.getString("kind"))) {
        String id = event.getString("id");
        Offer offer =
            new Offer(
                event.getString("call"),
                Long.parseLong(event.getString("at")),
                Long.parseLong(id.substring(0, id.indexOf('-'))),
                at);
        Long bus = busArrival.remove(id);
        offer.onBus = bus == null ? 0 : bus;
        ringing.put(offer.callId, offer);
      }
    } else if ("pop".equals(type)) {
      Offer offer = ringing.remove(frame.getJsonObject("call").getString("callId"));
      if (offer != null) {
        JsonObject history = frame.getJsonObject("history");
        offer.history =
            history != null
                && (!history.getJsonArray("lastCases").isEmpty()
                    || history.getInteger("callsInLast30Days", 0) > 0);
        offer.popAtClient = at;
        offers.add(offer);
      }
    }
  }

  /** Agents end wrap-up after 10–50 s and come back 15–45 s after a no-answer pause. */
  private static void workTheFloor(Vertx vertx, Gateway gateway) {
    Random random = new Random(7);
    vertx
        .eventBus()
        .<JsonObject>localConsumer(
            EventFeed.ADDRESS,
            m -> {
              JsonObject e = m.body();
              if (!"agent".equals(e.getString("kind"))) {
                return;
              }
              String agent = e.getString("agent");
              if ("wrap".equals(e.getString("to"))) {
                vertx.setTimer(
                    1000L * (10 + random.nextInt(40)),
                    id -> gateway.switchboard().run(gateway.seats().finishWrapUp(agent)));
              } else if ("paused".equals(e.getString("to"))
                  && "no-answer".equals(e.getString("reason"))) {
                vertx.setTimer(
                    1000L * (15 + random.nextInt(30)),
                    id -> gateway.switchboard().run(gateway.seats().ready(agent)));
              }
            });
  }

  /** Callers with a case in the record (a call answered yesterday), for the baseline. */
  private static List<String> seedHistory(CaseBridges.Opened cases, int callers) throws Exception {
    List<String> numbers = new ArrayList<>();
    Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS);
    for (int i = 0; i < callers; i++) {
      String number = String.format("1370000%04d", i);
      CallFacts facts =
          CallFacts.entered("seed-" + i, "ast1", number, "general", yesterday)
              .answered("seed", "001", yesterday.plusSeconds(20));
      cases.bridge().callAnswered(facts).toCompletableFuture().get(10, TimeUnit.SECONDS);
      cases
          .bridge()
          .callEnded(facts.ended(yesterday.plusSeconds(200)))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      numbers.add(number);
    }
    return numbers;
  }

  /**
   * One call at a time on the idle floor, alternately from a caller with history and one without;
   * each caller hangs up once the pop has arrived, and the next call starts a second later.
   */
  private List<Offer> idleCalls(AsteriskSimulator sim, List<String> withHistory) throws Exception {
    for (int i = 0; i < IDLE_CALLS; i++) {
      String number =
          i % 2 == 0 ? withHistory.get(i / 2) : String.format("1860000%04d", i); // no history
      int before = offers.size();
      String channel =
          sim.placeCall(new CallSpec(number, "", "12345", 600, Keypad.silent()).pressing("1", 0.2))
              .await(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (offers.size() == before && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      sim.callerHangsUp(channel).await(10, TimeUnit.SECONDS);
      Thread.sleep(1000);
    }
    // the first calls also compile the path (their p99 was the JIT's): only the later ones count
    List<Offer> idle = List.copyOf(new ArrayList<>(offers).subList(IDLE_WARM_UP, offers.size()));
    offers.clear();
    if (idle.size() != IDLE_CALLS - IDLE_WARM_UP) {
      throw new IllegalStateException("idle: " + idle.size() + " pops of " + IDLE_CALLS);
    }
    return idle;
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  // ---------------------------------------------------------------- the report

  private static String report(
      List<Offer> idle, List<Offer> loaded, double rate, int warmUp, int measured) {
    StringBuilder out = new StringBuilder();
    out.append(
            String.format(
                Locale.ROOT,
                "Screen pop: decision → frame at the desktop's WebSocket client, 600 seats and"
                    + " sockets; under load: %.1f calls/s (the demo's), %d s warm-up, %d s"
                    + " measured; baseline: the idle floor, one call at a time%n%n",
                rate,
                warmUp,
                measured))
        .append(
            "| floor | frame | pops | with history | p50 ms | p90 ms | p99 ms | max ms |\n"
                + "|---|---|---|---|---|---|---|---|\n");
    row(out, "idle, one call at a time", "event", idle, Offer::eventMs, o -> true);
    row(out, "idle, one call at a time", "pop", idle, Offer::popMs, o -> true);
    row(
        out,
        "idle, one call at a time",
        "pop, caller with history",
        idle,
        Offer::popMs,
        o -> o.history);
    row(
        out,
        "idle, one call at a time",
        "pop, caller without",
        idle,
        Offer::popMs,
        o -> !o.history);
    String load = String.format(Locale.ROOT, "600 seats, %.1f calls/s", rate);
    row(out, load, "event", loaded, Offer::eventMs, o -> true);
    row(out, load, "pop", loaded, Offer::popMs, o -> true);
    row(out, load, "pop, caller with history", loaded, Offer::popMs, o -> o.history);
    row(out, load, "pop, caller without", loaded, Offer::popMs, o -> !o.history);

    out.append(
        String.format(
            Locale.ROOT,
            "%nUnder load ÷ idle: event p50 %.2f, p99 %.2f; pop p50 %.2f, p99 %.2f%n",
            pct(loaded, Offer::eventMs, 0.5) / pct(idle, Offer::eventMs, 0.5),
            pct(loaded, Offer::eventMs, 0.99) / pct(idle, Offer::eventMs, 0.99),
            pct(loaded, Offer::popMs, 0.5) / pct(idle, Offer::popMs, 0.5),
            pct(loaded, Offer::popMs, 0.99) / pct(idle, Offer::popMs, 0.99)));

    out.append(
        "\nWhere the time goes (ms; decision and stream entry are whole milliseconds):\n\n"
            + "| floor | step | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<Offer>> e :
        Map.of("idle", idle, "under load", loaded).entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .toList()) {
      List<Offer> on = e.getValue().stream().filter(o -> o.onBus > 0).toList();
      step(
          out,
          e.getKey(),
          "decision → stream entry (Redis's clock)",
          on,
          o -> o.streamMs - o.decidedMs);
      step(
          out,
          e.getKey(),
          "decision → published on the gateway's event bus (the feed)",
          on,
          o -> (o.onBus - o.decidedMs * 1000) / 1000.0);
      step(
          out,
          e.getKey(),
          "event bus → event frame at the client",
          on,
          o -> (o.eventAtClient - o.onBus) / 1000.0);
      step(
          out,
          e.getKey(),
          "event frame → pop frame (call record, audit, history)",
          on,
          o -> (o.popAtClient - o.eventAtClient) / 1000.0);
    }
    double p99 = pct(loaded, Offer::popMs, 0.99);
    out.append(
        String.format(
            Locale.ROOT,
            "%nAim p99 < 50 ms (decision → pop, under load): **%s** (p99 %.1f ms)%n",
            p99 < 50 ? "holds" : "does not hold",
            p99));
    return out.toString();
  }

  private static void row(
      StringBuilder out,
      String floor,
      String frame,
      List<Offer> all,
      ToDoubleFunction<Offer> latency,
      Predicate<Offer> which) {
    List<Offer> some = all.stream().filter(which).toList();
    long history = some.stream().filter(o -> o.history).count();
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n",
            floor,
            frame,
            some.size(),
            history,
            pct(some, latency, 0.5),
            pct(some, latency, 0.9),
            pct(some, latency, 0.99),
            pct(some, latency, 1.0)));
  }

  private static void step(
      StringBuilder out, String floor, String step, List<Offer> all, ToDoubleFunction<Offer> ms) {
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %.1f | %.1f | %.1f | %.1f |%n",
            floor,
            step,
            pct(all, ms, 0.5),
            pct(all, ms, 0.9),
            pct(all, ms, 0.99),
            pct(all, ms, 1.0)));
  }

  /** Nearest-rank percentile. */
  private static double pct(List<Offer> all, ToDoubleFunction<Offer> ms, double p) {
    if (all.isEmpty()) {
      return Double.NaN;
    }
    double[] v = all.stream().mapToDouble(ms).sorted().toArray();
    int rank = (int) Math.ceil(p * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }
}
