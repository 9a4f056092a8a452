package org.hotline.gateway.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A gateway in a JVM of its own, started from {@code GatewayMain} with the shipped configuration
 * rewritten for a test (ports, the centre's Redis keys, short wrap-up): it can be killed with
 * SIGKILL like a real process, and its CPU time read from {@code /proc}.
 */
final class GatewayProcess implements AutoCloseable {

  /** Where the test's exchange and Redis are, and what the gateway's config says differently. */
  record Settings(
      String centre,
      int amiPort,
      int agiPort,
      int httpPort,
      String amiSecret,
      String redisUri,
      int seats,
      String wrapUpLimit,
      List<String> jvmArgs) {}

  private final Settings settings;
  private final Path configDir;
  private final Path log;
  private Process process;

  private GatewayProcess(Settings settings, Path configDir, Path log) {
    this.settings = settings;
    this.configDir = configDir;
    this.log = log;
  }

  /** Writes the configuration into a fresh directory; {@link #start()} runs the gateway on it. */
  static GatewayProcess prepare(Settings s, String name) throws IOException {
    Path dir = Files.createTempDirectory("hotline-gw-" + name + "-");
    Path shipped = Path.of("..", "config");
    try (Stream<Path> files = Files.list(shipped)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    rewrite(
        dir.resolve("gateway.yaml"),
        Map.of(
            "    port: 5038", "    port: " + s.amiPort(),
            "  host: 0.0.0.0\n  port: 4573", "  host: 127.0.0.1\n  port: " + s.agiPort(),
            "  host: 0.0.0.0\n  port: 8080", "  host: 127.0.0.1\n  port: " + s.httpPort()));
    rewrite(
        dir.resolve("queues.yaml"),
        Map.of(
            "centre: main", "centre: " + s.centre(),
            "  wrapUpLimit: 60s", "  wrapUpLimit: " + s.wrapUpLimit()));
    Path dispatch = dir.resolve("dispatch.jsonl");
    rewrite(
        dir.resolve("cases.yaml"),
        Map.of(
            "centre: main", "centre: " + s.centre(),
            "    path: target/dispatch/cases.jsonl", "    path: " + dispatch));
    Files.writeString(
        dir.resolve("seats.yaml"),
        "devicePattern: \"PJSIP/seat{id}\"\nzones:\n  - {zone: A, rows: 1, perRow: "
            + s.seats()
            + ", first: 1}\n");
    Path log = Path.of("target", "gateway-" + name + "-" + System.nanoTime() + ".log");
    Files.createDirectories(log.getParent());
    return new GatewayProcess(s, dir, log);
  }

  private static void rewrite(Path file, Map<String, String> replacements) throws IOException {
    String text = Files.readString(file);
    for (Map.Entry<String, String> r : replacements.entrySet()) {
      if (!text.contains(r.getKey())) {
        throw new IllegalStateException(file + " no longer contains: " + r.getKey());
      }
      text = text.replace(r.getKey(), r.getValue());
    }
    Files.writeString(file, text);
  }

  Path configDir() {
    return configDir;
  }

  /** Starts the gateway and waits until its HTTP port answers. */
  GatewayProcess start() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(settings.jvmArgs());
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add("-cp");
    command.add(classPath());
    command.add("org.hotline.gateway.app.GatewayMain");
    command.add(configDir.toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("REDIS_URL", settings.redisUri());
    pb.environment().put("HOTLINE_AMI_SECRET", settings.amiSecret());
    pb.environment().put("HOTLINE_INBOUND_SECRET", "inbound-test-secret");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the gateway exited: see " + log.toAbsolutePath());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + settings.httpPort() + "/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the gateway did not come up: see " + log.toAbsolutePath());
  }

  /** SIGKILL: no shutdown hook, no goodbye to Asterisk or Redis. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  long pid() {
    return process.pid();
  }

  /** User + system CPU time of the process so far (from /proc), in milliseconds. */
  long cpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    return ticks * 1000 / 100; // USER_HZ is 100 on Linux
  }

  String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Surefire keeps the real test class path here; a plain JVM has it in java.class.path. */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
