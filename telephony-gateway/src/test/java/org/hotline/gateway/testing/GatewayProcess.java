package org.hotline.gateway.testing;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A gateway in a JVM of its own ({@link JavaProcess}), started from {@code GatewayMain} with the
 * shipped configuration rewritten for a test: ports, the centre's Redis keys, the seats, a short
 * wrap-up.
 */
public final class GatewayProcess implements AutoCloseable {

  /** Where the test's exchange and Redis are, and what the gateway's config says differently. */
  public record Settings(
      String centre,
      int amiPort,
      int agiPort,
      int httpPort,
      String amiSecret,
      String redisUri,
      String databaseUrl,
      int seats,
      String wrapUpLimit,
      List<String> jvmArgs) {}

  private final Settings settings;
  private final Path configDir;
  private final String name;
  private final List<Path> logs = new ArrayList<>();
  private JavaProcess process;

  private GatewayProcess(Settings settings, Path configDir, String name) {
    this.settings = settings;
    this.configDir = configDir;
    this.name = name;
  }

  /** Writes the configuration into a fresh directory; {@link #start()} runs the gateway on it. */
  public static GatewayProcess prepare(Settings s, String name) throws IOException {
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
    return new GatewayProcess(s, dir, name);
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

  public Path configDir() {
    return configDir;
  }

  /** Starts the gateway and waits until it is healthy (Redis and AMI connected). */
  public GatewayProcess start() throws Exception {
    List<String> jvm = new ArrayList<>(settings.jvmArgs());
    jvm.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    process =
        JavaProcess.start(
            "gateway-" + name,
            jvm,
            "org.hotline.gateway.app.GatewayMain",
            List.of(configDir.toString()),
            environment());
    logs.add(process.log());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.alive()) {
        throw new IllegalStateException("the gateway exited: see " + process.log());
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
    throw new IllegalStateException("the gateway did not come up: see " + process.log());
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(TestDatabases.environment(settings.databaseUrl()));
    env.put("REDIS_URL", settings.redisUri());
    env.put("HOTLINE_AMI_SECRET", settings.amiSecret());
    env.put("HOTLINE_INBOUND_SECRET", "inbound-test-secret");
    return env;
  }

  /** SIGKILL: no shutdown hook, no goodbye to Asterisk or Redis. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  public long pid() {
    return process.pid();
  }

  /** User + system CPU time of the process so far, in milliseconds. */
  public long cpuMillis() throws IOException {
    return process.cpuMillis();
  }

  /** CPU time so far per kind of thread, in milliseconds. */
  public Map<String, Long> threadCpuMillis() throws IOException {
    return process.threadCpuMillis();
  }

  /** Everything every run of this gateway logged. */
  public String logText() throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path log : logs) {
      all.append(Files.readString(log, StandardCharsets.UTF_8));
    }
    return all.toString();
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
