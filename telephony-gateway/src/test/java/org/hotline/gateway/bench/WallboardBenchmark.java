package org.hotline.gateway.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.SimulatorOptions;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;

/**
 * The live wallboard's push at 10,000 seats: a gateway on the simulator (idle exchange, AMI up)
 * with the shipped queues and 10,000 seats, 9,000 agents logged in (15 % of them paused) and
 * agent-state churn run straight on the seat manager (pause with a selectable reason / ready, open
 * loop at a fixed rate), while {@code GET /api/wallboard/events} sockets are open as supervisors:
 * bytes and messages each client receives, the whole board's size, the deltas' sizes, and the CPU
 * of this JVM and of Redis.
 *
 * <p>The gateway, the simulator, the churn driver and the clients share this JVM, so the CPU is
 * compared with a baseline in the same run: the same floor and churn with no board open (the board
 * is then not read at all), before and after the measured phases; the clients' own thread and the
 * churn driver's are measured apart and taken out of the gateway's share. Phases: a warm-up with
 * every client open (not reported), then 0, 1, {@value #CLIENTS} and 0 clients, {@code
 * bench.wallboard.seconds} each (60 by default), the churn {@code bench.wallboard.churn} state
 * changes per second (300 by default).
 */
final class WallboardBenchmark {

  static final int SEATS = 10_000;
  static final int AGENTS = 9_000;
  static final int CLIENTS = 20;
  private static final double PAUSED_SHARE = 0.15;
  private static final int LOGINS_IN_FLIGHT = 500;
  private static final int TICKS_PER_SECOND = 10;
  private static final int SETTLE_SECONDS = 5;
  private static final String LOOPBACK = "127.0.0.1";

  private final String redisUri;
  private final int seconds;
  private final int churnRate;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Gateway gateway;
  private List<String> agentIds;
  private List<String> reasons;
  private Churn churn;
  private Vertx clientVertx;
  private WebSocketClient wsClient;
  private long clientThread;
  private List<String> cookies;
  private StatefulRedisConnection<String, String> redisInfo;

  private WallboardBenchmark(String redisUri, int seconds, int churnRate) {
    this.redisUri = redisUri;
    this.seconds = seconds;
    this.churnRate = churnRate;
  }

  static String run(String redisUri) throws Exception {
    int seconds = Integer.getInteger("bench.wallboard.seconds", 60);
    int churn = Integer.getInteger("bench.wallboard.churn", 300);
    return new WallboardBenchmark(redisUri, seconds, churn).measure();
  }

  // ---------------------------------------------------------------- the floor

  private String measure() throws Exception {
    Vertx vertx = Vertx.vertx();
    RedisClient redis = RedisClient.create(redisUri);
    AsteriskSimulator sim = null;
    try {
      redisInfo = setup("connect to Redis at " + redisUri, redis::connect);
      int agiPort;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        agiPort = s.getLocalPort();
      }
      String secret = UUID.randomUUID().toString();
      sim =
          setup(
              "start the simulator",
              () ->
                  AsteriskSimulator.start(
                          vertx,
                          SimulatorOptions.defaults(secret, LOOPBACK + ":" + agiPort)
                              .withShippedManagerConf())
                      .await(30, TimeUnit.SECONDS));
      SeatManagerConfig seatConfig =
          ConfigLoader.load(Path.of("..", "config"))
              .withCentreId("wb" + UUID.randomUUID().toString().substring(0, 6))
              .withSeats(seats());
      reasons =
          seatConfig.pauseReasons().stream()
              .filter(PauseReason::selectable)
              .map(PauseReason::code)
              .toList();
      int amiPort = sim.amiPort();
      GatewayConfig config =
          GatewayBenchmark.shipped()
              .withAsterisk(
                  GatewayConfigLoader.single("ast1", LOOPBACK, amiPort, "hotline", secret))
              .withAgi(AgiServerOptions.defaults().withHost(LOOPBACK).withPort(agiPort))
              .withHttp(LOOPBACK, 0);
      gateway =
          setup(
              "start a gateway on Redis " + redisUri,
              () ->
                  Gateway.start(
                          vertx, config, seatConfig, redisUri, Optional.empty(), Clock.systemUTC())
                      .await(60, TimeUnit.SECONDS));
      waitFor(
          "the gateway's AMI connection to the simulator", 30, () -> gateway.exchangesUp(), null);
      long t0 = System.nanoTime();
      agentIds = logIn(gateway.seats(), seatConfig.seats());
      System.out.printf(
          Locale.ROOT,
          "wallboard: %,d agents logged in at %,d seats in %.0f s%n",
          agentIds.size(),
          SEATS,
          (System.nanoTime() - t0) / 1e9);
      cookies = sessions();
      clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      wsClient =
          clientVertx.createWebSocketClient(
              new WebSocketClientOptions()
                  .setMaxConnections(CLIENTS)
                  .setMaxMessageSize(256 * 1024 * 1024));
      // one event loop for every client socket: its CPU is the clients', measured apart
      Promise<Long> loop = Promise.promise();
      clientVertx
          .getOrCreateContext()
          .runOnContext(v -> loop.complete(Thread.currentThread().getId()));
      clientThread = loop.future().await(5, TimeUnit.SECONDS);

      churn = new Churn(gateway.seats(), agentIds, reasons, churnRate);
      churn.start();
      System.out.printf(
          Locale.ROOT, "wallboard: churn at %d state changes/s; warm-up%n", churnRate);
      phase("warm-up", CLIENTS, seconds);
      List<Phase> phases = new ArrayList<>();
      phases.add(phase("0 clients (baseline)", 0, seconds));
      phases.add(phase("1 client", 1, seconds));
      phases.add(phase(CLIENTS + " clients", CLIENTS, seconds));
      phases.add(phase("0 clients (baseline, again)", 0, seconds));
      churn.stop();
      return report(phases);
    } finally {
      if (churn != null) {
        churn.stop();
      }
      if (clientVertx != null) {
        clientVertx.close().await(10, TimeUnit.SECONDS);
      }
      if (gateway != null) {
        gateway.close().await(10, TimeUnit.SECONDS);
      }
      if (sim != null) {
        sim.close().await(10, TimeUnit.SECONDS);
      }
      vertx.close().await(10, TimeUnit.SECONDS);
      if (redisInfo != null) {
        redisInfo.close();
      }
      redis.shutdown();
    }
  }

  /** 10,000 seats 00001.. in ten zones A–J of 20 rows of 50. */
  private static List<Seat> seats() {
    List<Seat> seats = new ArrayList<>();
    for (int i = 0; i < SEATS; i++) {
      String id = String.format(Locale.ROOT, "%05d", i + 1);
      String zone = String.valueOf((char) ('A' + i / 1000));
      String row = String.valueOf(1 + i % 1000 / 50);
      seats.add(new Seat(id, zone, row, "PJSIP/seat" + id));
    }
    return seats;
  }

  /**
   * One agent at each of the first {@value #AGENTS} seats with a mix of the shipped queues' skills
   * and languages, {@value #PAUSED_SHARE} of them logged in paused; {@value #LOGINS_IN_FLIGHT} at a
   * time.
   */
  private List<String> logIn(SeatManager seats, List<Seat> at) throws Exception {
    Random random = new Random(2026);
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<?>> batch = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      Map<String, Integer> skills = new HashMap<>();
      skills.put("general", 2 + random.nextInt(8));
      Set<String> languages = new HashSet<>(Set.of("zh"));
      // the demo floor's mix, as the screen-pop harness draws it
      ScreenPopBenchmark.maybe(
          random, 0.15, () -> skills.put("elderly_care", 3 + random.nextInt(6)));
      ScreenPopBenchmark.maybe(random, 0.10, () -> languages.add("en"));
      ScreenPopBenchmark.maybe(
          random, 0.05, () -> languages.add(random.nextBoolean() ? "yue" : "wuu"));
      ScreenPopBenchmark.maybe(random, 0.20, () -> skills.put("business", 2 + random.nextInt(8)));
      ScreenPopBenchmark.maybe(random, 0.25, () -> skills.put("utilities", 2 + random.nextInt(8)));
      String id = String.format(Locale.ROOT, "w%05d", i + 1);
      Agent agent = new Agent(id, "Agent " + id, Role.AGENT, skills, languages, Set.of());
      Optional<String> paused =
          random.nextDouble() < PAUSED_SHARE
              ? Optional.of(reasons.get(random.nextInt(reasons.size())))
              : Optional.empty();
      String seat = at.get(i).id();
      ids.add(id);
      batch.add(
          seats
              .registerAgent(agent)
              .thenCompose(v -> seats.login(id, seat, paused))
              .toCompletableFuture());
      if (batch.size() == LOGINS_IN_FLIGHT || i == AGENTS - 1) {
        try {
          CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
              .get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(
              "wallboard bench: could not log agents in (at agent " + id + "): " + e, e);
        }
        batch.clear();
      }
    }
    return ids;
  }

  /** A signed-in supervisor's session for each client (as signing in makes one): the cookies. */
  private List<String> sessions() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= CLIENTS; i++) {
      String id = String.format(Locale.ROOT, "sup%02d", i);
      StaffMember member =
          new StaffMember(
              new StaffProfile(
                  id,
                  "Supervisor " + i,
                  EnumSet.of(StaffRole.SUPERVISOR),
                  Map.of(),
                  Set.of("zh"),
                  Set.of(),
                  "S"),
              true,
              1,
              true,
              false,
              Instant.now());
      ids.add(
          setup(
              "create a supervisor's session",
              () ->
                  gateway
                      .access()
                      .sessions()
                      .create(member, LOOPBACK)
                      .toCompletableFuture()
                      .get(30, TimeUnit.SECONDS)
                      .id()));
    }
    return ids;
  }

  // ---------------------------------------------------------------- the churn

  /**
   * Open-loop agent-state changes straight on the seat manager: {@code rate} a second in {@value
   * #TICKS_PER_SECOND} ticks; each readies a random paused agent or pauses a random available one
   * (a selectable reason), half and half, so the paused share stays where it started.
   */
  private static final class Churn {
    private static final int AVAILABLE = 0;
    private static final int PAUSED = 1;
    private static final int BUSY = 2; // a change in flight

    private final SeatManager seats;
    private final List<String> agents;
    private final List<String> reasons;
    private final int rate;
    private final AtomicIntegerArray state;
    private final Random random = new Random(11);
    private final ScheduledExecutorService driver =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-churn"));
    final AtomicLong done = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    private final List<Long> latencies = new ArrayList<>(); // µs, guarded by itself
    volatile long thread = -1;
    private volatile String lastFailure = "";

    Churn(SeatManager seats, List<String> agents, List<String> reasons, int rate) {
      this.seats = seats;
      this.agents = agents;
      this.reasons = reasons;
      this.rate = rate;
      this.state = new AtomicIntegerArray(agents.size());
    }

    void start() throws Exception {
      // what each agent is now, from the seat manager
      List<CompletableFuture<?>> reads = new ArrayList<>();
      for (int i = 0; i < agents.size(); i++) {
        int index = i;
        reads.add(
            seats
                .status(agents.get(i))
                .thenAccept(
                    s ->
                        state.set(
                            index,
                            s.state() == org.hotline.seat.api.AgentState.PAUSED
                                ? PAUSED
                                : AVAILABLE))
                .toCompletableFuture());
      }
      CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      driver.scheduleAtFixedRate(this::tick, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
    }

    void stop() {
      driver.shutdownNow();
    }

    String lastFailure() {
      return lastFailure;
    }

    /** Round trips (µs) of the changes completed since the last call. */
    List<Long> takeLatencies() {
      synchronized (latencies) {
        List<Long> l = List.copyOf(latencies);
        latencies.clear();
        return l;
      }
    }

    private void tick() {
      thread = Thread.currentThread().getId();
      for (int n = 0; n < rate / TICKS_PER_SECOND; n++) {
        boolean ready = random.nextBoolean();
        int want = ready ? PAUSED : AVAILABLE;
        int index = -1;
        for (int tries = 0; tries < 50 && index < 0; tries++) {
          int i = random.nextInt(agents.size());
          if (state.compareAndSet(i, want, BUSY)) {
            index = i;
          }
        }
        if (index < 0) {
          skipped.incrementAndGet();
          continue;
        }
        int i = index;
        String agent = agents.get(i);
        long issued = System.nanoTime();
        CompletionStage<?> change =
            ready
                ? seats.ready(agent)
                : seats.pause(agent, reasons.get(random.nextInt(reasons.size())));
        change.whenComplete(
            (d, e) -> {
              if (e == null) {
                long micros = (System.nanoTime() - issued) / 1000;
                synchronized (latencies) {
                  latencies.add(micros);
                }
                done.incrementAndGet();
                state.set(i, ready ? AVAILABLE : PAUSED);
              } else {
                failed.incrementAndGet();
                lastFailure = e.toString();
                state.set(i, want); // as it was
              }
            });
      }
    }
  }

  // ---------------------------------------------------------------- the clients

  /** One open board: what it received, counted on the client's event loop. */
  private static final class Board {
    WebSocket ws;
    private long bytes;
    private long messages;
    private long wholes;
    private long errors;
    private int wholeSize;
    private long lastAt;
    private long firstAt;
    private long boards;
    private long minGapMs = Long.MAX_VALUE;
    private final List<Integer> deltaSizes = new ArrayList<>();
    private final List<Long> lagsMs = new ArrayList<>();

    synchronized void received(String text) {
      long now = System.currentTimeMillis();
      int size = utf8Length(text);
      bytes += size;
      messages++;
      if (text.startsWith("{\"type\":\"whole\"")) {
        wholes++;
        wholeSize = size;
      } else if (text.startsWith("{\"type\":\"delta\"")) {
        deltaSizes.add(size);
      } else {
        errors++;
        return;
      }
      long at = at(text);
      if (at > 0) {
        if (lastAt > 0) {
          minGapMs = Math.min(minGapMs, at - lastAt);
        }
        lastAt = at;
        if (boards++ == 0) {
          firstAt = at;
        }
        lagsMs.add(now - at);
      }
    }

    synchronized boolean hasWhole() {
      return wholes > 0;
    }

    /** What it received since the last call, and starts counting again. */
    synchronized Window take() {
      Window w =
          new Window(
              bytes,
              messages,
              wholes,
              errors,
              wholeSize,
              minGapMs,
              boards < 2 ? 0 : (boards - 1) * 1000.0 / Math.max(1, lastAt - firstAt),
              List.copyOf(deltaSizes),
              List.copyOf(lagsMs));
      bytes = 0;
      messages = 0;
      wholes = 0;
      errors = 0;
      minGapMs = Long.MAX_VALUE;
      boards = 0;
      deltaSizes.clear();
      lagsMs.clear();
      return w;
    }

    /** The message's {@code at} (the board's instant), the second field of every board message. */
    private static long at(String text) {
      int from = text.indexOf("\"at\":");
      if (from < 0 || from > 40) {
        return -1;
      }
      long v = 0;
      for (int i = from + 5; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
        v = v * 10 + (text.charAt(i) - '0');
      }
      return v;
    }

    private static int utf8Length(String s) {
      int n = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          n++;
        } else if (c < 0x800) {
          n += 2;
        } else if (Character.isHighSurrogate(c)) {
          n += 4;
          i++;
        } else {
          n += 3;
        }
      }
      return n;
    }
  }

  private record Window(
      long bytes,
      long messages,
      long wholes,
      long errors,
      int wholeSize,
      long minGapMs,
      double pushRate,
      List<Integer> deltaSizes,
      List<Long> lagsMs) {}

  private List<Board> open(int count) throws Exception {
    int port = gateway.httpPort();
    List<Board> boards = new ArrayList<>();
    List<Future<?>> opening = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Board board = new Board();
      boards.add(board);
      WebSocketConnectOptions o =
          new WebSocketConnectOptions()
              .setHost(LOOPBACK)
              .setPort(port)
              .setURI("/api/wallboard/events")
              .addHeader("Cookie", "hotline_session=" + cookies.get(i))
              .addHeader("Origin", "http://" + LOOPBACK + ":" + port);
      opening.add(
          wsClient
              .connect(o)
              .onSuccess(
                  ws -> {
                    board.ws = ws;
                    ws.textMessageHandler(board::received);
                  }));
    }
    try {
      Future.all(opening).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "wallboard bench: a supervisor's socket to GET /api/wallboard/events did not open: " + e,
          e);
    }
    waitFor(
        "the whole board at every client",
        60,
        () -> boards.stream().allMatch(Board::hasWhole),
        () -> boards.stream().filter(b -> !b.hasWhole()).count() + " of " + count + " without");
    return boards;
  }

  private void close(List<Board> boards) throws Exception {
    List<Future<?>> closing = new ArrayList<>();
    for (Board b : boards) {
      closing.add(b.ws.close());
    }
    Future.join(closing).await(10, TimeUnit.SECONDS);
  }

  // ---------------------------------------------------------------- one phase

  private record Phase(
      String name,
      int clients,
      double seconds,
      double processCores,
      double peakCores,
      double clientCores,
      double churnCores,
      double redisCores,
      Map<String, Double> byThread,
      double churnRate,
      long churnFailed,
      List<Long> churnMicros,
      Map<String, double[]> redisCommands,
      List<Window> windows) {

    /** The gateway's own share: the process without the harness's client and churn threads. */
    double gatewayCores() {
      return processCores - clientCores - churnCores;
    }
  }

  private Phase phase(String name, int clients, int measured) throws Exception {
    List<Board> boards = clients == 0 ? List.of() : open(clients);
    Thread.sleep(SETTLE_SECONDS * 1000L);
    boards.forEach(Board::take); // the whole board on opening is not part of the window
    long churnDone = churn.done.get();
    long churnFailed = churn.failed.get();
    churn.takeLatencies();
    Map<String, Long> threadsBefore = threadTimes();
    double redisBefore = redisCpu();
    Map<String, double[]> commandsBefore = redisCommands();
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    double peak = 0;
    long lastCpu = cpuBefore;
    long last = start;
    long end = start + TimeUnit.SECONDS.toNanos(measured);
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      long cpu = os.getProcessCpuTime();
      long now = System.nanoTime();
      peak = Math.max(peak, (cpu - lastCpu) / (double) (now - last));
      lastCpu = cpu;
      last = now;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpuAfter = os.getProcessCpuTime();
    double redisAfter = redisCpu();
    Map<String, double[]> commandsAfter = redisCommands();
    Map<String, Long> threadsAfter = threadTimes();
    List<Window> windows = boards.stream().map(Board::take).toList();
    long churnDoneAfter = churn.done.get();
    long churnFailedAfter = churn.failed.get();
    List<Long> churnLatencies = churn.takeLatencies();
    if (!boards.isEmpty()) {
      close(boards);
      Thread.sleep(2000); // the gateway sees the sockets go
    }
    Map<String, double[]> commands = new LinkedHashMap<>();
    commandsAfter.forEach(
        (k, v) -> {
          double[] b = commandsBefore.getOrDefault(k, new double[2]);
          commands.put(k, new double[] {(v[0] - b[0]) / elapsed, (v[1] - b[1]) / elapsed});
        });
    Map<String, Double> byThread = new LinkedHashMap<>();
    threadsAfter.forEach(
        (k, v) -> byThread.put(k, (v - threadsBefore.getOrDefault(k, 0L)) / 1e9 / elapsed));
    double jvmThreads = byThread.values().stream().mapToDouble(Double::doubleValue).sum();
    double process = (cpuAfter - cpuBefore) / 1e9 / elapsed;
    byThread.put("JVM itself (GC, JIT compiler)", Math.max(0, process - jvmThreads));
    Phase p =
        new Phase(
            name,
            clients,
            elapsed,
            process,
            peak,
            byThread.getOrDefault(CLIENT_THREAD, 0.0),
            byThread.getOrDefault(CHURN_THREAD, 0.0),
            (redisAfter - redisBefore) / elapsed,
            byThread,
            (churnDoneAfter - churnDone) / elapsed,
            churnFailedAfter - churnFailed,
            churnLatencies,
            commands,
            windows);
    System.out.printf(
        Locale.ROOT,
        "wallboard: %s: process %.3f cores (gateway %.3f, clients %.3f, churn %.3f), Redis %.3f;"
            + " churn %.0f/s (%d failed%s); %s%n",
        name,
        p.processCores(),
        p.gatewayCores(),
        p.clientCores(),
        p.churnCores(),
        p.redisCores(),
        p.churnRate(),
        p.churnFailed(),
        p.churnFailed() > 0 ? ": " + churn.lastFailure() : "",
        windows.isEmpty()
            ? "no board open"
            : String.format(
                Locale.ROOT,
                "%,.0f bytes/s per client, %.2f messages/s per client",
                mean(windows, w -> w.bytes()) / elapsed,
                mean(windows, w -> w.messages()) / elapsed));
    return p;
  }

  private static final String CLIENT_THREAD = "harness: the clients' event loop";
  private static final String CHURN_THREAD = "harness: the churn driver";

  /** CPU nanoseconds so far by group of live Java threads. */
  private Map<String, Long> threadTimes() {
    Map<String, Long> groups = new LinkedHashMap<>();
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long ns = threads.getThreadCpuTime(t.getThreadId());
      if (ns < 0) {
        continue;
      }
      groups.merge(group(t), ns, Long::sum);
    }
    return groups;
  }

  private String group(ThreadInfo t) {
    String name = t.getThreadName();
    if (t.getThreadId() == clientThread) {
      return CLIENT_THREAD;
    }
    if (t.getThreadId() == churn.thread) {
      return CHURN_THREAD;
    }
    if (name.startsWith("vert.x-eventloop")) {
      return "Vert.x event loops (gateway, simulator)";
    }
    if (name.startsWith("lettuce")) {
      return "Lettuce I/O";
    }
    if (name.startsWith("vert.x")) {
      return "Vert.x other (workers, blocked-thread checker)";
    }
    return "other Java threads";
  }

  /** Calls and µs inside Redis so far by command ({@code INFO commandstats}). */
  private Map<String, double[]> redisCommands() {
    Map<String, double[]> commands = new LinkedHashMap<>();
    for (String line : redisInfo.sync().info("commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String name = line.substring(8, line.indexOf(':'));
      double calls = 0;
      double usec = 0;
      for (String kv : line.substring(line.indexOf(':') + 1).split(",")) {
        if (kv.startsWith("calls=")) {
          calls = Double.parseDouble(kv.substring(6));
        } else if (kv.startsWith("usec=")) {
          usec = Double.parseDouble(kv.substring(5));
        }
      }
      commands.put(name, new double[] {calls, usec});
    }
    return commands;
  }

  /** Redis's own CPU seconds so far (user + system, {@code INFO cpu}). */
  private double redisCpu() {
    double s = 0;
    for (String line : redisInfo.sync().info("cpu").split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        s += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return s;
  }

  // ---------------------------------------------------------------- the report

  private String report(List<Phase> phases) {
    Phase base1 = phases.get(0);
    Phase one = phases.get(1);
    Phase many = phases.get(2);
    Phase base2 = phases.get(3);
    double baseGateway = (base1.gatewayCores() + base2.gatewayCores()) / 2;
    double baseRedis = (base1.redisCores() + base2.redisCores()) / 2;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Wallboard push: %,d seats (shipped queues), %,d agents logged in, churn %d agent-state"
                + " changes/s straight on the seat manager (pause/ready); %d s per phase;"
                + " baseline: the same floor and churn with no board open%n%n",
            SEATS,
            AGENTS,
            churnRate,
            seconds));
    out.append(
        "| boards open | churn done/s | pause/ready round trip p50 / p99 ms | bytes/s per client | bytes/s total | messages/s per"
            + " client (max) | shortest gap between pushes ms | whole boards re-sent | push lag"
            + " p50 / p99 ms |\n|---|---|---|---|---|---|---|---|---|\n");
    for (Phase p : phases) {
      if (p.windows().isEmpty()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.0f | %.1f / %.1f | – | – | – | – | – | – |%n",
                p.name(),
                p.churnRate(),
                pct(p.churnMicros(), 0.5) / 1000,
                pct(p.churnMicros(), 0.99) / 1000));
        continue;
      }
      List<Long> lags = new ArrayList<>();
      p.windows().forEach(w -> lags.addAll(w.lagsMs()));
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.1f / %.1f | %,.0f | %,.0f | %.2f (%.2f) | %d | %d | %.0f / %.0f |%n",
              p.name(),
              p.churnRate(),
              pct(p.churnMicros(), 0.5) / 1000,
              pct(p.churnMicros(), 0.99) / 1000,
              mean(p.windows(), w -> w.bytes()) / p.seconds(),
              sum(p.windows(), w -> w.bytes()) / p.seconds(),
              mean(p.windows(), w -> w.messages()) / p.seconds(),
              max(p.windows(), w -> w.messages()) / p.seconds(),
              p.windows().stream().mapToLong(Window::minGapMs).min().orElse(0),
              (long) sum(p.windows(), w -> w.wholes()),
              pct(lags, 0.5),
              pct(lags, 0.99)));
    }
    List<Long> deltas = new ArrayList<>();
    many.windows().forEach(w -> w.deltaSizes().forEach(s -> deltas.add((long) s)));
    List<Long> oneDeltas = new ArrayList<>();
    one.windows().forEach(w -> w.deltaSizes().forEach(s -> oneDeltas.add((long) s)));
    int whole = many.windows().stream().mapToInt(Window::wholeSize).max().orElse(0);
    out.append(
        String.format(
            Locale.ROOT,
            "%nMessage sizes (bytes, UTF-8): the whole board %,d (sent on opening); delta p50"
                + " %,.0f, p99 %,.0f, max %,.0f (%d deltas at %d clients); at 1 client p50 %,.0f,"
                + " p99 %,.0f%n",
            whole,
            pct(deltas, 0.5),
            pct(deltas, 0.99),
            pct(deltas, 1.0),
            deltas.size(),
            CLIENTS,
            pct(oneDeltas, 0.5),
            pct(oneDeltas, 0.99)));

    out.append(
        "\nCPU (cores: CPU seconds per second, mean over the phase; the gateway's share is the"
            + " process without the harness's client and churn threads):\n\n"
            + "| boards open | process | process, peak 1 s | gateway | Δ gateway vs baseline |"
            + " gateway ÷ baseline | clients' thread | Redis | Δ Redis vs baseline | Redis ÷"
            + " baseline |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (Phase p : phases) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %.2f | %.3f | %+.3f | %.2f | %.3f | %.3f | %+.3f | %.2f |%n",
              p.name(),
              p.processCores(),
              p.peakCores(),
              p.gatewayCores(),
              p.gatewayCores() - baseGateway,
              p.gatewayCores() / baseGateway,
              p.clientCores(),
              p.redisCores(),
              p.redisCores() - baseRedis,
              p.redisCores() / baseRedis));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nBaseline (mean of the two 0-client phases): gateway %.3f cores, Redis %.3f cores."
                + " The board's cost over the baseline, in ms of CPU per push: at 1 client gateway"
                + " %.1f, Redis %.1f; at %d clients gateway %.1f, Redis %.1f; each further client"
                + " gateway %.2f%n",
            baseGateway,
            baseRedis,
            perPush(one, one.gatewayCores() - baseGateway),
            perPush(one, one.redisCores() - baseRedis),
            CLIENTS,
            perPush(many, many.gatewayCores() - baseGateway),
            perPush(many, many.redisCores() - baseRedis),
            (perPush(many, many.gatewayCores() - baseGateway)
                    - perPush(one, one.gatewayCores() - baseGateway))
                / (CLIENTS - 1)));
    out.append(
        "\nInside Redis (INFO commandstats), calls/s and ms/s by command (those above 1 ms/s in a"
            + " phase):\n\n| command |");
    phases.forEach(p -> out.append(' ').append(p.name()).append(" |"));
    out.append("\n|---|");
    phases.forEach(p -> out.append("---|"));
    out.append('\n');
    Set<String> commands = new java.util.TreeSet<>();
    phases.forEach(p -> p.redisCommands().forEach((k, v) -> commands.add(v[1] >= 1000 ? k : "")));
    commands.remove("");
    for (String c : commands) {
      out.append("| ").append(c).append(" |");
      for (Phase p : phases) {
        double[] v = p.redisCommands().getOrDefault(c, new double[2]);
        out.append(String.format(Locale.ROOT, " %.0f/s, %.1f ms/s |", v[0], v[1] / 1000));
      }
      out.append('\n');
    }
    out.append("\nWhere the process's CPU went, cores by thread group:\n\n| thread group |");
    phases.forEach(p -> out.append(' ').append(p.name()).append(" |"));
    out.append("\n|---|");
    phases.forEach(p -> out.append("---|"));
    out.append('\n');
    Set<String> groups = new java.util.LinkedHashSet<>();
    phases.forEach(p -> groups.addAll(p.byThread().keySet()));
    for (String g : groups) {
      out.append("| ").append(g).append(" |");
      for (Phase p : phases) {
        out.append(String.format(Locale.ROOT, " %.3f |", p.byThread().getOrDefault(g, 0.0)));
      }
      out.append('\n');
    }
    // pushes a second between each client's first and last board in the window (a count over
    // the window can take in one push more than its length in seconds)
    double maxRate =
        phases.stream()
            .flatMap(p -> p.windows().stream())
            .mapToDouble(Window::pushRate)
            .max()
            .orElse(0);
    long errors = phases.stream().mapToLong(p -> (long) sum(p.windows(), w -> w.errors())).sum();
    out.append(
        String.format(
            Locale.ROOT,
            "%nAt most one message a second per client: **%s** (max %.3f/s, first to last board"
                + " of a client's window; 1 %% allowed: each board's at is stamped after its read)%s%n",
            maxRate <= 1.01 ? "holds" : "does not hold",
            maxRate,
            errors > 0 ? "; " + errors + " error messages received" : ""));
    return out.toString();
  }

  /** Cores over the baseline as ms of CPU per push (pushes a second: one client's messages). */
  private static double perPush(Phase p, double cores) {
    double pushes = max(p.windows(), w -> w.messages()) / p.seconds();
    return pushes == 0 ? Double.NaN : 1000 * cores / pushes;
  }

  private interface Field {
    double of(Window w);
  }

  private static double sum(List<Window> ws, Field f) {
    return ws.stream().mapToDouble(f::of).sum();
  }

  private static double mean(List<Window> ws, Field f) {
    return ws.isEmpty() ? 0 : sum(ws, f) / ws.size();
  }

  private static double max(List<Window> ws, Field f) {
    return ws.stream().mapToDouble(f::of).max().orElse(0);
  }

  /** Nearest-rank percentile. */
  private static double pct(List<Long> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(p * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  // ---------------------------------------------------------------- setup that fails clearly

  private interface Step<T> {
    T get() throws Exception;
  }

  private static <T> T setup(String what, Step<T> step) {
    try {
      return step.get();
    } catch (Exception e) {
      throw new IllegalStateException("wallboard bench: could not " + what + ": " + e, e);
    }
  }

  private interface Condition {
    boolean holds();
  }

  private interface Detail {
    String get();
  }

  private static void waitFor(String what, int seconds, Condition condition, Detail detail)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "wallboard bench: no "
                + what
                + " after "
                + seconds
                + " s"
                + (detail == null ? "" : " (" + detail.get() + ")"));
      }
      Thread.sleep(50);
    }
  }
}
