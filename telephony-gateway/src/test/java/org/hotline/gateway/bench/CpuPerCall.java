package org.hotline.gateway.bench;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.SimulatorOptions;
import org.hotline.asterisk.sim.distribution.Distribution;
import org.hotline.asterisk.sim.generator.TrafficProfile;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.Agents;
import org.hotline.gateway.testing.GatewayProcess;
import org.hotline.gateway.testing.JavaProcess;
import org.hotline.gateway.testing.TestDatabases;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.redis.RedisSeatManager;

/**
 * The gateway's CPU per call, next to its baseline in the same run: a gateway (its own JVM, the
 * shipped configuration, case bridge included) serves the simulator's calls at a given rate, while
 * a second JVM runs Asterisk-Java's bare reader on the same AMI stream with the same event classes
 * ({@code BareAmiReader}). CPU time of each process is read from /proc over a measured window;
 * divided by the calls placed in it. The lab measured a real Asterisk 22 at 16–17 ms of CPU per
 * call for the same dialplan; the aim is at most a quarter of that.
 */
final class CpuPerCall {

  private static final int SEATS = 600;
  private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmUp", 20);
  private static final int MEASURE_SECONDS = Integer.getInteger("bench.measure", 30);

  /** One stream the simulator can send. */
  record Stream(String name, UnaryOperator<SimulatorOptions> options) {}

  private CpuPerCall() {}

  static String run(String redisUri, List<Stream> streams, double[] rates) throws Exception {
    StringBuilder table = new StringBuilder();
    table.append(
        "Gateway CPU per call (own JVM, /proc) vs Asterisk-Java's bare reader on the same stream\n\n");
    table.append(
        "| AMI stream | calls/s | calls measured | AMI events per call (reader) | gateway ms CPU/call"
            + " | of which JIT compiler threads | bare reader ms CPU/call | gateway ÷ reader"
            + " | gateway ÷ Asterisk's 16.5 ms |\n");
    table.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Stream stream : streams) {
      for (double rate : rates) {
        table.append(measure(redisUri, stream, rate)).append('\n');
      }
    }
    return table.toString();
  }

  private static String measure(String redisUri, Stream stream, double rate) throws Exception {
    Vertx vertx = Vertx.vertx();
    String secret = UUID.randomUUID().toString();
    int agiPort = freePort();
    AsteriskSimulator sim =
        AsteriskSimulator.start(
                vertx,
                stream
                    .options()
                    .apply(
                        SimulatorOptions.defaults(secret, "127.0.0.1:" + agiPort)
                            .withSeed(3)
                            .withSeatDefault(
                                SeatBehaviour.answering(
                                    Distribution.fixed(0.5), Distribution.fixed(3)))
                            .withTraffic(
                                TrafficProfile.defaults()
                                    .withPatience(Distribution.never())
                                    .withIvr("1", 0.3))))
            .await(30, TimeUnit.SECONDS);
    String centre = "cpu" + UUID.randomUUID().toString().substring(0, 6);
    GatewayProcess gateway =
        GatewayProcess.prepare(
            new GatewayProcess.Settings(
                centre,
                sim.amiPort(),
                agiPort,
                freePort(),
                secret,
                redisUri,
                TestDatabases.forCentre(centre),
                SEATS,
                "1s",
                gatewayJvm()),
            "cpu");
    SeatManagerConfig config = ConfigLoader.load(gateway.configDir());
    RedisSeatManager seats =
        RedisSeatManager.connect(redisUri, config, Clock.systemUTC(), DecisionRecorder.NONE);
    JavaProcess reader = null;
    try {
      gateway.start();
      Agents.logInAll(seats, config.seats(), "c", Set.of("zh", "en"), login -> login);
      reader =
          JavaProcess.start(
              "bare-reader",
              List.of("-Xmx256m"),
              "org.hotline.gateway.testing.BareAmiReader",
              List.of(
                  "127.0.0.1", Integer.toString(sim.amiPort()), "hotline", "system,call,dialplan"),
              Map.of("HOTLINE_AMI_SECRET", secret));
      Thread.sleep(3000);

      sim.generator().start(rate);
      Thread.sleep(WARM_UP_SECONDS * 1000L);
      jcmd(
          gateway.pid(),
          "JFR.start",
          "name=bench",
          "settings=" + System.getProperty("bench.jfc", "profile"));
      long gw0 = gateway.cpuMillis();
      Map<String, Long> threads0 = gateway.threadCpuMillis();
      long rd0 = reader.cpuMillis();
      long ev0 = lastCount(reader);
      long calls0 = sim.stats().placed();
      Thread.sleep(MEASURE_SECONDS * 1000L);
      long gw1 = gateway.cpuMillis();
      Map<String, Long> threads1 = gateway.threadCpuMillis();
      long rd1 = reader.cpuMillis();
      long ev1 = lastCount(reader);
      long calls = sim.stats().placed() - calls0;
      sim.generator().stop();
      dumpProfile(gateway.pid(), stream.name() + "-" + (int) rate);
      threads.append(threadShares(stream.name(), rate, threads0, threads1));
      double gwPerCall = (gw1 - gw0) / (double) calls;
      double jitPerCall =
          (threads1.getOrDefault("CN CompilerThre", 0L)
                  - threads0.getOrDefault("CN CompilerThre", 0L))
              / (double) calls;
      double rdPerCall = (rd1 - rd0) / (double) calls;
      System.out.printf(
          Locale.ROOT,
          "%s at %.0f/s: %d calls, gateway %.2f ms/call, reader %.2f ms/call, %.0f events/call%n",
          stream.name(),
          rate,
          calls,
          gwPerCall,
          rdPerCall,
          (ev1 - ev0) / (double) calls);
      return String.format(
          Locale.ROOT,
          "| %s | %.0f | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |",
          stream.name(),
          rate,
          calls,
          (ev1 - ev0) / (double) calls,
          gwPerCall,
          jitPerCall,
          rdPerCall,
          gwPerCall / rdPerCall,
          gwPerCall / 16.5);
    } finally {
      if (reader != null) {
        reader.close();
      }
      gateway.close();
      seats.close();
      sim.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Where the gateway's CPU went, by kind of thread, for each run. */
  private static final StringBuilder threads = new StringBuilder();

  static String threadBreakdown() {
    return threads.toString();
  }

  private static String threadShares(
      String stream, double rate, Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> spent = new java.util.HashMap<>();
    long total = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long ms = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (ms > 0) {
        spent.put(e.getKey(), ms);
        total += ms;
      }
    }
    long sum = total;
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "- %s at %.0f calls/s: ", stream, rate));
    spent.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(7)
        .forEach(
            e ->
                line.append(
                    String.format(
                        Locale.ROOT, "%s %.0f%%, ", e.getKey(), 100.0 * e.getValue() / sum)));
    return line.substring(0, line.length() - 2) + "\n";
  }

  /** With {@code -Dbench.jfr=<dir>}, the gateway records a JFR profile there (one per run). */
  private static List<String> gatewayJvm() {
    List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
    jvm.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    String jfr = System.getProperty("bench.jfr");
    if (jfr != null) {
      jvm.add("-XX:+FlightRecorder");
    }
    return jvm;
  }

  /** {@code jcmd <pid> JFR.dump} of the measured window into {@code bench.jfr}, when profiling. */
  private static void dumpProfile(long pid, String name) throws Exception {
    String dir = System.getProperty("bench.jfr");
    if (dir != null) {
      Path file = Path.of(dir, name.replaceAll("[^A-Za-z0-9-]", "_") + ".jfr").toAbsolutePath();
      jcmd(pid, "JFR.dump", "name=bench", "filename=" + file);
    }
  }

  private static void jcmd(long pid, String... command) throws Exception {
    if (System.getProperty("bench.jfr") == null) {
      return;
    }
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(pid));
    line.addAll(List.of(command));
    new ProcessBuilder(line).redirectErrorStream(true).start().waitFor();
  }

  /** The reader's last printed count of events. */
  private static long lastCount(JavaProcess reader) throws Exception {
    List<String> lines = reader.logText().lines().filter(l -> l.startsWith("events ")).toList();
    return lines.isEmpty() ? 0 : Long.parseLong(lines.get(lines.size() - 1).substring(7).trim());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static Path configDir() {
    return Path.of("..", "config");
  }
}
