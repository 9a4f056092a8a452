package org.hotline.pg.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's way to PostgreSQL: a HikariCP pool of {@link DatabaseSettings#poolSize()}
 * connections and as many threads of its own that run the JDBC work, so that no caller's thread (a
 * Vert.x event loop above all) ever blocks on the database.
 *
 * <p>{@link #query(SqlWork)} and {@link #transaction(SqlWork)} return at once; the stage completes
 * on a database thread, so a Vert.x caller goes back to its context with {@code
 * Future.fromCompletionStage(stage, context)} before it touches its own state. A stage fails with
 *
 * <ul>
 *   <li>{@link DatabaseUnavailableException} when the database cannot be reached or not in time
 *       (answer 503): connection refused or broken (SQLState class 08), the server shutting down or
 *       starting (57P01–57P03), no connection slot (53300), no thread and connection free within
 *       {@link DatabaseSettings#connectionTimeout()}, more than {@link
 *       DatabaseSettings#maxWaiting()} waiting, or this Database closed;
 *   <li>the {@link SQLException} itself for any other database error (a constraint, a syntax error,
 *       a serialization failure that outlived its retries);
 *   <li>whatever unchecked exception the work threw.
 * </ul>
 *
 * <p>Migrations: each module owns one schema and its scripts ({@link #migrate(String, String)}),
 * run at start-up before the module serves.
 */
public final class Database implements AutoCloseable {

  /** Attempts of a transaction that fails with a serialization failure or a deadlock. */
  static final int TRANSACTION_ATTEMPTS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
  private static final Set<String> RETRY_STATES = Set.of("40001", "40P01");
  private static final String HISTORY_TABLE = "flyway_schema_history";

  private final DatabaseSettings settings;
  private final HikariDataSource pool;
  private final ThreadPoolExecutor executor;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Database(DatabaseSettings settings) {
    this.settings = settings;
    HikariConfig config = new HikariConfig();
    config.setPoolName("db-" + settings.applicationName());
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(settings.poolSize());
    long timeoutMillis = settings.connectionTimeout().toMillis();
    config.setConnectionTimeout(timeoutMillis);
    config.setValidationTimeout(Math.min(timeoutMillis, 5_000));
    // start even when the database is down: the module answers 503 until it is back
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("ApplicationName", settings.applicationName());
    config.addDataSourceProperty(
        "connectTimeout", Long.toString(Math.max(1, (timeoutMillis + 999) / 1000)));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    this.pool = new HikariDataSource(config);

    String prefix = "db-" + settings.applicationName() + "-";
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            settings.poolSize(),
            settings.poolSize(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(Math.max(1, settings.maxWaiting())),
            r -> daemon(r, prefix + threads.incrementAndGet()),
            new ThreadPoolExecutor.AbortPolicy());
    this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, prefix + "timer"));
    this.timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * A pool for these settings. Returns at once, even when the database is down: connections are
   * made in the background, and work fails with {@link DatabaseUnavailableException} meanwhile.
   */
  public static Database connect(DatabaseSettings settings) {
    Database database = new Database(settings);
    LOG.info(
        "database {}: {} as {}, {} connections",
        settings.applicationName(),
        settings.jdbcUrl(),
        settings.user(),
        settings.poolSize());
    return database;
  }

  public DatabaseSettings settings() {
    return settings;
  }

  /** Runs {@code work} on a pooled connection in autocommit mode, on a database thread. */
  public <T> CompletionStage<T> query(SqlWork<T> work) {
    return submit(work, false);
  }

  /**
   * Runs {@code work} in one transaction on a database thread: committed when it returns, rolled
   * back when it throws anything. A serialization failure (40001) or deadlock (40P01), from the
   * work or from the commit, rolls back, returns the connection, waits a few jittered milliseconds
   * and runs the work again, up to {@value #TRANSACTION_ATTEMPTS} times in all; so the work must do
   * nothing outside the database that it cannot do twice. The isolation level is READ COMMITTED
   * unless the work sets another first thing ({@code c.setTransactionIsolation(...)}).
   */
  public <T> CompletionStage<T> transaction(SqlWork<T> work) {
    return submit(work, true);
  }

  /**
   * Whether the database answers (a pooled connection passes {@code isValid}) within the connection
   * time-out. Never fails: unreachable is {@code false}.
   */
  public CompletionStage<Boolean> reachable() {
    int seconds = (int) Math.max(1, settings.connectionTimeout().toSeconds());
    return submit(c -> c.isValid(seconds), false)
        .handle((valid, failure) -> failure == null && Boolean.TRUE.equals(valid));
  }

  /**
   * Brings one module's schema up to date with Flyway, on the calling thread (at start-up, before
   * the module serves): creates {@code schema} if need be, keeps the history in {@code
   * schema.flyway_schema_history}, runs the scripts found under {@code classpath:location} (e.g.
   * {@code db/cases}: {@code V1__cases.sql}, …) that have not run yet, with {@code schema} as the
   * search path so they need not qualify their names. Running it again changes nothing. Fails with
   * Flyway's exception (and the module must not start) when a script fails, when a script that ran
   * has changed since (checksum mismatch), when the location holds no scripts, or when the database
   * cannot be reached. Concurrent start-ups are safe: Flyway takes a lock in the database.
   */
  public void migrate(String schema, String location) {
    if (!schema.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("schema must be a lower-case SQL identifier: " + schema);
    }
    Flyway flyway =
        Flyway.configure()
            .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .table(HISTORY_TABLE)
            .locations("classpath:" + location)
            .failOnMissingLocations(true)
            .validateOnMigrate(true)
            .cleanDisabled(true)
            .load();
    MigrateResult result = flyway.migrate();
    LOG.info(
        "schema {}: {} migration(s) applied from {}, now at version {}",
        schema,
        result.migrationsExecuted,
        location,
        result.targetSchemaVersion == null
            ? result.initialSchemaVersion
            : result.targetSchemaVersion);
  }

  /**
   * Lets running and queued work finish (up to the connection time-out and five seconds more),
   * fails what is still queued then with {@link DatabaseUnavailableException}, and closes the pool.
   * Work submitted after this fails at once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    executor.shutdown();
    try {
      long waitMillis = settings.connectionTimeout().toMillis() + 5_000;
      if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
        List<Runnable> never = executor.shutdownNow();
        for (Runnable job : never) {
          ((Job<?>) job).fail(new DatabaseUnavailableException("the database was closed"));
        }
        LOG.warn(
            "database {}: closed with work still running; {} queued item(s) failed",
            settings.applicationName(),
            never.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
    timer.shutdownNow();
    pool.close();
  }

  private <T> CompletionStage<T> submit(SqlWork<T> work, boolean transactional) {
    Job<T> job = new Job<>(work, transactional);
    if (closed.get()) {
      job.fail(new DatabaseUnavailableException("the database was closed"));
      return job.result.minimalCompletionStage();
    }
    long timeout = settings.connectionTimeout().toMillis();
    try {
      job.timeout = timer.schedule(job::expire, timeout, TimeUnit.MILLISECONDS);
      executor.execute(job);
    } catch (RejectedExecutionException e) {
      job.fail(
          closed.get()
              ? new DatabaseUnavailableException("the database was closed")
              : new DatabaseUnavailableException(
                  settings.maxWaiting() + " items of work wait for the database already"));
    }
    return job.result.minimalCompletionStage();
  }

  /** One submission: run once by a database thread, unless its time-out claims it first. */
  private final class Job<T> implements Runnable {
    final CompletableFuture<T> result = new CompletableFuture<>();
    final SqlWork<T> work;
    final boolean transactional;
    final AtomicBoolean claimed = new AtomicBoolean();
    volatile ScheduledFuture<?> timeout;

    Job(SqlWork<T> work, boolean transactional) {
      this.work = work;
      this.transactional = transactional;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return; // timed out while it waited
      }
      ScheduledFuture<?> pending = timeout;
      if (pending != null) {
        pending.cancel(false);
      }
      try {
        result.complete(transactional ? inTransaction(work) : autocommit(work));
      } catch (Throwable t) {
        result.completeExceptionally(translate(t));
      }
    }

    void expire() {
      if (claimed.compareAndSet(false, true)) {
        executor.remove(this); // its place in the queue is free again at once
        result.completeExceptionally(
            new DatabaseUnavailableException(
                "no database thread became free within "
                    + settings.connectionTimeout().toMillis()
                    + " ms ("
                    + executor.getQueue().size()
                    + " waiting)"));
      }
    }

    void fail(Throwable t) {
      if (claimed.compareAndSet(false, true)) {
        ScheduledFuture<?> pending = timeout;
        if (pending != null) {
          pending.cancel(false);
        }
        result.completeExceptionally(t);
      }
    }
  }

  private <T> T autocommit(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.apply(c);
    }
  }

  private <T> T inTransaction(SqlWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(work);
      } catch (SQLException | RuntimeException e) {
        if (attempt >= TRANSACTION_ATTEMPTS || !retryable(e)) {
          throw e;
        }
        LOG.debug("transaction attempt {} failed ({}); again", attempt, sqlState(e));
        pause(attempt);
      }
    }
  }

  private <T> T once(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T value = work.apply(c);
        c.commit();
        return value;
      } catch (Throwable t) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          t.addSuppressed(rollback); // a broken connection: the pool drops it
        }
        throw t;
      }
    }
  }

  /** 5–15 ms, then 10–30, 20–60, 40–120: a jittered exponential back-off. */
  private static void pause(int attempt) {
    long base = 10L << (attempt - 1);
    long millis = base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static boolean retryable(Throwable t) {
    String state = sqlState(t);
    return state != null && RETRY_STATES.contains(state);
  }

  /** The first SQLState found down the cause chain. */
  static String sqlState(Throwable t) {
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException && ((SQLException) cause).getSQLState() != null) {
        return ((SQLException) cause).getSQLState();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  static boolean unavailable(Throwable t) {
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException) {
        return true; // Hikari's time-out waiting for a connection; a refused connection
      }
      if (cause instanceof SQLException) {
        String state = ((SQLException) cause).getSQLState();
        if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static Throwable translate(Throwable t) {
    if (t instanceof DatabaseUnavailableException || !unavailable(t)) {
      return t;
    }
    return new DatabaseUnavailableException(
        "database unavailable: " + t.getMessage(), sqlState(t), t);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }
}
