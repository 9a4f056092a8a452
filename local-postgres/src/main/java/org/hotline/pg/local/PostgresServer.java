package org.hotline.pg.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server of our own: {@code initdb} into a temporary directory, {@code postgres} as a
 * child process of this JVM on a free loopback port, no {@code pg_ctl}: the JVM holds the
 * postmaster's process itself, so it can kill it as a power failure would.
 */
final class PostgresServer {

  static final String SUPERUSER = "hotline";

  /** Instance directories: {@code java.io.tmpdir/hotline-pg-server-*}. */
  static final String DIR_PREFIX = "hotline-pg-server-";

  /** The file in an instance directory that names the JVM that owns it. */
  static final String OWNER = "owner.pid";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final RunAs runAs;
  private final Path binaries;
  private final Path home;
  private final Path data;
  private final Path log;
  private final int port;
  private final String password;
  private Process postmaster;

  private PostgresServer(RunAs runAs, Path binaries, Path home, int port, String password) {
    this.runAs = runAs;
    this.binaries = binaries;
    this.home = home;
    this.data = home.resolve("data");
    this.log = home.resolve("postgres.log");
    this.port = port;
    this.password = password;
  }

  /** initdb, then postgres on a free port; the directory is removed again if that fails. */
  static PostgresServer start(RunAs runAs) {
    Path binaries = PostgresBinaries.directory();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    removeOrphans(tmp);
    Path home;
    try {
      home = Files.createTempDirectory(tmp, DIR_PREFIX);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.writeString(home.resolve(OWNER), Long.toString(ProcessHandle.current().pid()));
      String password = randomPassword();
      initdb(runAs, binaries, home, password);
      IOException last = null;
      for (int attempt = 0; attempt < 5; attempt++) {
        PostgresServer server = new PostgresServer(runAs, binaries, home, freePort(), password);
        try {
          server.launch();
          LOG.info("PostgreSQL on 127.0.0.1:{} in {} ({})", server.port, home, runAs);
          return server;
        } catch (PortTakenException e) {
          last = e; // taken between probing and binding: try another
        }
      }
      throw new IOException("no free port after 5 attempts", last);
    } catch (IOException e) {
      Dirs.deleteQuietly(home);
      throw new UncheckedIOException("could not start PostgreSQL in " + home, e);
    } catch (RuntimeException | Error e) {
      Dirs.deleteQuietly(home);
      throw e;
    }
  }

  int port() {
    return port;
  }

  String password() {
    return password;
  }

  Path home() {
    return home;
  }

  RunAs runAs() {
    return runAs;
  }

  synchronized long pid() {
    if (postmaster == null) {
      throw new IllegalStateException("not running");
    }
    return postmaster.pid();
  }

  /**
   * SIGKILL to the postmaster and every process it had started, at once: nothing is flushed, no
   * checkpoint, no goodbye to clients. What was committed is in the WAL (fsync is on).
   */
  synchronized void kill() {
    if (postmaster == null) {
      return;
    }
    ProcessHandle root = postmaster.toHandle();
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    root.destroyForcibly();
    all.forEach(ProcessHandle::destroyForcibly);
    try {
      postmaster.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // the backends are not our children: ProcessHandle.onExit() would poll them every few
    // hundred milliseconds; a zombie (not reaped yet by init) holds nothing any more
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (all.stream().anyMatch(PostgresServer::running)) {
      if (System.nanoTime() > deadline) {
        LOG.warn("processes of the killed PostgreSQL in {} did not end within 10 s", home);
        break;
      }
      sleep(5);
    }
    postmaster = null;
  }

  /**
   * Starts the server again on the same port and data directory, after a {@link #kill()} (which it
   * does first if the server is still running): PostgreSQL replays its WAL before it answers.
   */
  synchronized void restart() {
    kill();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try {
        launch();
        return;
      } catch (StillInUseException e) {
        // a backend of the killed server has not noticed yet that its postmaster is gone
        if (System.nanoTime() > deadline) {
          throw new UncheckedIOException(e);
        }
        sleep(100);
      } catch (IOException e) {
        throw new UncheckedIOException("could not restart PostgreSQL in " + home, e);
      }
    }
  }

  /** Fast shutdown (SIGINT: clients are disconnected, a checkpoint is written), then SIGKILL. */
  synchronized void stop() {
    if (postmaster == null) {
      return;
    }
    try {
      signal(postmaster.pid(), "INT");
      if (postmaster.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        postmaster = null;
        return;
      }
      LOG.warn("PostgreSQL in {} did not stop within {}: killing it", home, STOP_TIMEOUT);
    } catch (IOException e) {
      LOG.warn("could not signal PostgreSQL in {}: killing it", home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
  }

  /** Stops the server and removes its directory. */
  synchronized void close() {
    stop();
    Dirs.deleteQuietly(home);
  }

  private static void initdb(RunAs runAs, Path binaries, Path home, String password)
      throws IOException {
    Path passwordFile = home.resolve("superuser-password");
    Files.writeString(passwordFile, password + "\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    if (runAs == RunAs.NOBODY) {
      Dirs.chown(home, RunAs.NOBODY_ID, RunAs.NOBODY_ID);
    }
    Path output = home.resolve("initdb.log");
    List<String> command =
        runAs.command(
            binaries.resolve("bin/initdb"),
            List.of(
                "--pgdata=" + home.resolve("data"),
                "--username=" + SUPERUSER,
                "--pwfile=" + passwordFile,
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--no-locale",
                "--no-instructions"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      if (!process.waitFor(INITDB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("initdb did not finish within " + INITDB_TIMEOUT);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while initdb ran", e);
    } finally {
      Files.deleteIfExists(passwordFile);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "initdb (" + runAs + ") exited with " + process.exitValue() + ":\n" + tail(output, 2000));
    }
  }

  private void launch() throws IOException {
    List<String> command =
        runAs.command(
            binaries.resolve("bin/postgres"),
            List.of(
                "-D", data.toString(),
                "-c", "port=" + port,
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", "max_connections=100",
                "-c", "shared_buffers=16MB",
                "-c", "huge_pages=off",
                "-c", "fsync=on",
                "-c", "synchronous_commit=on",
                "-c", "full_page_writes=on",
                "-c", "timezone=UTC",
                "-c", "log_timezone=UTC"));
    Files.writeString(
        log,
        "---- " + String.join(" ", command) + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    long logStart = Files.size(log);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    postmaster = process;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        postmaster = null;
        String said = since(log, logStart);
        if (said.contains("Address already in use")) {
          throw new PortTakenException(port);
        }
        if (said.contains("is still in use") || said.contains("lock file \"postmaster.pid\"")) {
          throw new StillInUseException(said);
        }
        throw new IOException(
            "postgres exited with " + process.exitValue() + ":\n" + tail(log, 2000));
      }
      if (answers()) {
        return;
      }
      sleep(50);
    }
    kill();
    throw new IOException("PostgreSQL did not answer within " + START_TIMEOUT + "; see " + log);
  }

  private boolean answers() {
    Properties properties = new Properties();
    properties.setProperty("user", SUPERUSER);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "2");
    properties.setProperty("socketTimeout", "5");
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false; // not listening yet, or still replaying its WAL (57P03)
    }
  }

  /**
   * Stops and removes what a JVM that is gone left in {@code tmp} (killed before its shutdown hooks
   * ran): a server still running there, and its directory. A directory whose JVM still runs, or
   * whose owner is not written yet, is left alone.
   */
  static void removeOrphans(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
      for (Path dir : dirs) {
        long owner;
        try {
          owner = Long.parseLong(Files.readString(dir.resolve(OWNER)).trim());
        } catch (IOException | NumberFormatException e) {
          continue;
        }
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        killLeftOver(dir.resolve("data/postmaster.pid"));
        Dirs.deleteQuietly(dir);
        LOG.info("removed {}, left by JVM {} which is gone", dir, owner);
      }
    } catch (IOException e) {
      LOG.debug("could not look for left-over PostgreSQL directories in {}", tmp, e);
    }
  }

  private static void killLeftOver(Path pidFile) {
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return; // never started, or stopped cleanly
    }
    ProcessHandle.of(pid)
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
        .ifPresent(
            p -> {
              List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
              p.destroyForcibly();
              all.forEach(ProcessHandle::destroyForcibly);
            });
  }

  /** Alive and not a zombie. */
  private static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      int endOfName = stat.lastIndexOf(')');
      return endOfName < 0 || stat.length() < endOfName + 3 || stat.charAt(endOfName + 2) != 'Z';
    } catch (IOException e) {
      // gone meanwhile; or no /proc (macOS), where isAlive() said enough
      return !Files.isDirectory(Path.of("/proc"));
    }
  }

  private static void signal(long pid, String signal) throws IOException, InterruptedException {
    // the shell's kill: Java sends only TERM and KILL, and procps may not be installed
    Process kill =
        new ProcessBuilder("sh", "-c", "kill -" + signal + " \"$1\"", "kill", Long.toString(pid))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + pid + " failed");
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static String tail(Path file, int chars) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
    } catch (IOException e) {
      return "(no " + file + ")";
    }
  }

  private static String since(Path file, long offset) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int from = (int) Math.min(offset, bytes.length);
      return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The port was taken between probing it and binding it. */
  static final class PortTakenException extends IOException {
    private static final long serialVersionUID = 1L;

    PortTakenException(int port) {
      super("port " + port + " is taken");
    }
  }

  /** A process of the previous server still holds the data directory's shared memory or lock. */
  static final class StillInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    StillInUseException(String log) {
      super("the data directory is still in use:\n" + log);
    }
  }
}
