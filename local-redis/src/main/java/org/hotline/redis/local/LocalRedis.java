package org.hotline.redis.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis server for tests and the demo.
 *
 * <p>{@link #fromEnvironment()} returns the server named by {@code REDIS_URL} when that is set;
 * otherwise it starts a real redis-server on a free loopback port: the one on the {@code PATH} if
 * there is one, else the binary that the embedded-redis artifact ships. Never a mock: the tests
 * must see Redis's real semantics (scripts, sorted sets, streams, reconnects).
 *
 * <p>A server this class started can be {@link #kill() killed} and {@link #restart() restarted} on
 * the same port and data directory, which is how the durability tests break things.
 */
public final class LocalRedis implements AutoCloseable {

  /** The environment variable that names an existing Redis. */
  public static final String REDIS_URL = "REDIS_URL";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static LocalRedis shared;

  private final String uri;
  private final Path binary;
  private final Path dataDir;
  private final int port;
  private final boolean persistent;
  private Process process;

  private LocalRedis(String uri, Path binary, Path dataDir, int port, boolean persistent) {
    this.uri = uri;
    this.binary = binary;
    this.dataDir = dataDir;
    this.port = port;
    this.persistent = persistent;
  }

  /**
   * One server per JVM, shared by every test class: {@code REDIS_URL} when set, else started once
   * and stopped when the JVM exits. Tests isolate themselves by key prefix, not by server.
   */
  public static synchronized LocalRedis shared() {
    if (shared == null) {
      shared = fromEnvironment();
      LocalRedis server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-redis-stop"));
    }
    return shared;
  }

  /** {@code REDIS_URL} when set, else a new server of our own (not persistent). */
  public static LocalRedis fromEnvironment() {
    String url = System.getenv(REDIS_URL);
    if (url != null && !url.isBlank()) {
      return new LocalRedis(url.trim(), null, null, -1, false);
    }
    return start(false);
  }

  /**
   * Starts a server of our own on a free port, whatever {@code REDIS_URL} says.
   *
   * @param persistent append-only file fsynced on every write, so that {@link #kill()} followed by
   *     {@link #restart()} shows what survives a crash
   */
  public static LocalRedis start(boolean persistent) {
    return start(findBinary(), persistent);
  }

  static LocalRedis start(Path binary, boolean persistent) {
    try {
      Path dir = Files.createTempDirectory("hotline-redis-");
      IOException last = null;
      for (int attempt = 0; attempt < 5; attempt++) {
        int port = freePort();
        LocalRedis server =
            new LocalRedis("redis://127.0.0.1:" + port, binary, dir, port, persistent);
        try {
          server.launch();
          return server;
        } catch (IOException e) {
          last = e; // most likely the port was taken between probing and binding: try another
          server.stop();
        }
      }
      throw new UncheckedIOException("could not start redis-server " + binary, last);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's URI, e.g. {@code redis://127.0.0.1:6380}. */
  public String uri() {
    return uri;
  }

  /** Whether this process started the server (and may kill or restart it). */
  public boolean owned() {
    return binary != null;
  }

  /** The port of a server we started. */
  public int port() {
    requireOwned();
    return port;
  }

  /** Kills the server at once (SIGKILL), as a crash would. */
  public synchronized void kill() {
    requireOwned();
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts the server again on the same port and data directory. */
  public synchronized void restart() {
    requireOwned();
    kill();
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    stop();
    if (dataDir != null) {
      deleteQuietly(dataDir); // its log and append-only file: nothing of it is needed after
    }
  }

  private void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      process = null;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private void requireOwned() {
    if (!owned()) {
      throw new IllegalStateException("this Redis came from " + REDIS_URL + "; it is not ours");
    }
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--dir", dataDir.toString(),
            "--save", "",
            "--daemonize", "no",
            "--protected-mode", "yes"));
    if (persistent) {
      command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    } else {
      command.addAll(List.of("--appendonly", "no"));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("redis.log").toFile()));
    process = builder.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "redis-server exited with " + process.exitValue() + "; see " + dataDir + "/redis.log");
      }
      if (answersPing()) {
        return;
      }
      sleep(20);
    }
    process.destroyForcibly();
    throw new IOException("redis-server did not answer PING within " + START_TIMEOUT);
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false; // not listening yet, or still loading its append-only file
    }
  }

  private static Path findBinary() {
    return findOnPath("redis-server").orElseGet(LocalRedis::embeddedBinary);
  }

  /** The redis-server binary that embedded-redis ships for this OS and architecture. */
  static Path embeddedBinary() {
    try {
      File shipped = ExecutableProvider.newJarResourceProvider().get();
      if (!shipped.canExecute() && !shipped.setExecutable(true)) {
        throw new IOException("cannot make " + shipped + " executable");
      }
      return shipped.toPath();
    } catch (IOException e) {
      throw new UncheckedIOException("no redis-server on the PATH and none from embedded-redis", e);
    }
  }

  static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
