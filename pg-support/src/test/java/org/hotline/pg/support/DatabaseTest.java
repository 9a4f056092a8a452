package org.hotline.pg.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.pg.local.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Database against a real PostgreSQL: one database for this class on the shared server. */
class DatabaseTest {

  private static LocalPostgres pg;
  private static String url;
  private static Database db;

  @BeforeAll
  static void database() throws Exception {
    pg = LocalPostgres.shared();
    url = pg.createDatabase("database_test");
    db = Database.connect(settings("database-test").withPoolSize(4));
    await(
        db.query(
            c -> {
              try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE calls (id bigint PRIMARY KEY, caller text NOT NULL)");
                s.execute("CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL)");
              }
              return null;
            }));
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void workRunsOnADatabaseThreadNeverTheCallers() throws Exception {
    Thread caller = Thread.currentThread();
    AtomicReference<Thread> ran = new AtomicReference<>();
    CompletionStage<Integer> stage =
        db.query(
            c -> {
              ran.set(Thread.currentThread());
              try (Statement s = c.createStatement();
                  ResultSet r = s.executeQuery("SELECT 41 + 1")) {
                r.next();
                return r.getInt(1);
              }
            });
    assertEquals(42, await(stage));
    assertNotSame(caller, ran.get());
    assertTrue(ran.get().getName().startsWith("db-database-test-"), ran.get().getName());

    AtomicReference<Thread> inTransaction = new AtomicReference<>();
    await(db.transaction(c -> inTransaction.getAndSet(Thread.currentThread())));
    assertNotSame(caller, inTransaction.get());
    assertTrue(inTransaction.get().getName().startsWith("db-database-test-"));
  }

  @Test
  void transactionCommitsWhenTheWorkReturns() throws Exception {
    await(db.transaction(c -> insertCall(c, 100, "+8610000000100")));
    assertEquals(1, countCalls(100));
  }

  @Test
  void transactionRollsBackWhenTheWorkThrows() throws Exception {
    IllegalStateException boom = new IllegalStateException("the form was invalid");
    Throwable failure =
        failure(
            db.transaction(
                c -> {
                  insertCall(c, 200, "+8610000000200");
                  throw boom;
                }));
    assertSame(boom, failure, "the work's own exception, unwrapped");
    assertEquals(0, countCalls(200), "the insert before it was rolled back");

    Throwable duplicate =
        failure(
            db.transaction(
                c -> {
                  insertCall(c, 201, "+8610000000201");
                  insertCall(c, 201, "+8610000000201");
                  return null;
                }));
    assertInstanceOf(SQLException.class, duplicate);
    assertFalse(duplicate instanceof DatabaseUnavailableException);
    assertEquals("23505", ((SQLException) duplicate).getSQLState());
    assertEquals(0, countCalls(201), "the first insert was rolled back with the second");
  }

  @Test
  void sqlErrorsComeBackAsTheSqlExceptionItself() throws Exception {
    Throwable failure =
        failure(
            db.query(
                c -> {
                  try (Statement s = c.createStatement()) {
                    return s.execute("SELEKT 1");
                  }
                }));
    assertInstanceOf(SQLException.class, failure);
    assertFalse(failure instanceof DatabaseUnavailableException);
    assertEquals("42601", ((SQLException) failure).getSQLState());
  }

  /**
   * Two SERIALIZABLE transactions both read one counter, then both write it: PostgreSQL makes the
   * second fail with 40001; it is retried, reads the first one's value and both increments count.
   */
  @Test
  void aSerializationFailureIsRetried() throws Exception {
    await(
        db.query(
            c -> {
              try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO counters VALUES ('offered', 0)");
              }
            }));
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicInteger attempts = new AtomicInteger();
    SqlWork<Long> increment =
        c -> {
          c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
          int attempt = attempts.incrementAndGet();
          long value;
          try (Statement s = c.createStatement();
              ResultSet r = s.executeQuery("SELECT value FROM counters WHERE name = 'offered'")) {
            r.next();
            value = r.getLong(1);
          }
          if (attempt <= 2) {
            try {
              bothRead.await(5, TimeUnit.SECONDS); // first attempts: both have read 0
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          try (PreparedStatement s =
              c.prepareStatement("UPDATE counters SET value = ? WHERE name = 'offered'")) {
            s.setLong(1, value + 1);
            s.executeUpdate();
          }
          return value + 1;
        };
    CompletionStage<Long> first = db.transaction(increment);
    CompletionStage<Long> second = db.transaction(increment);
    long a = await(first);
    long b = await(second);
    assertEquals(3, attempts.get(), "one of the two ran twice");
    assertEquals(3, a + b, "one wrote 1, the other (retried) 2");
    long stored =
        await(
            db.query(
                c -> {
                  try (Statement s = c.createStatement();
                      ResultSet r =
                          s.executeQuery("SELECT value FROM counters WHERE name = 'offered'")) {
                    r.next();
                    return r.getLong(1);
                  }
                }));
    assertEquals(2, stored, "no increment lost");
  }

  @Test
  void aSerializationFailureThatNeverEndsSurfacesAfterTheLastAttempt() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Throwable failure =
        failure(
            db.transaction(
                c -> {
                  attempts.incrementAndGet();
                  throw new SQLException("could not serialize access", "40001");
                }));
    assertEquals("40001", ((SQLException) failure).getSQLState());
    assertEquals(Database.TRANSACTION_ATTEMPTS, attempts.get());
  }

  @Test
  void aConnectionTheServerEndsIsUnavailableAndThePoolRecovers() throws Exception {
    Throwable failure =
        failure(
            db.query(
                c -> {
                  try (Statement s = c.createStatement()) {
                    return s.execute("SELECT pg_terminate_backend(pg_backend_pid())");
                  }
                }));
    assertInstanceOf(DatabaseUnavailableException.class, failure, failure.toString());
    assertTrue(await(db.reachable()));
    assertEquals(1, (int) await(db.query(c -> 1)));
  }

  @Test
  void anUnreachableDatabaseFailsWithDatabaseUnavailableException() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    DatabaseSettings nowhere =
        DatabaseSettings.of(
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/hotline", "u", "p", "nowhere")
            .withPoolSize(2)
            .withConnectionTimeout(Duration.ofMillis(500));
    long start = System.nanoTime();
    try (Database down = Database.connect(nowhere)) {
      assertTrue(
          Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_000, "connect did not wait");
      Throwable query = failure(down.query(c -> 1));
      assertInstanceOf(DatabaseUnavailableException.class, query, query.toString());
      assertTrue(((SQLException) query).getSQLState().startsWith("08"), query.toString());
      assertInstanceOf(DatabaseUnavailableException.class, failure(down.transaction(c -> 1)));
      assertFalse(await(down.reachable()));
    }
  }

  /**
   * One connection, held: the next work waits the connection time-out, then fails with
   * DatabaseUnavailableException without ever running; the pool serves again once it is free, and
   * work beyond maxWaiting is refused at once.
   */
  @Test
  void anExhaustedPoolWaitsUpToTheTimeoutThenFailsCleanly() throws Exception {
    DatabaseSettings one =
        settings("exhausted")
            .withPoolSize(1)
            .withConnectionTimeout(Duration.ofMillis(1000))
            .withMaxWaiting(1);
    try (Database small = Database.connect(one)) {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletionStage<Integer> holder =
          small.query(
              c -> {
                holding.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return 1;
              });
      assertTrue(holding.await(5, TimeUnit.SECONDS));

      AtomicBoolean waiterRan = new AtomicBoolean();
      long start = System.nanoTime();
      CompletionStage<Integer> waiter =
          small.query(
              c -> {
                waiterRan.set(true);
                return 2;
              });
      Throwable refused = failure(small.query(c -> 3));
      assertInstanceOf(DatabaseUnavailableException.class, refused, "beyond maxWaiting: at once");
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1000);

      Throwable timedOut = failure(waiter);
      long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertInstanceOf(DatabaseUnavailableException.class, timedOut, timedOut.toString());
      assertTrue(waited >= 950 && waited < 5_000, "waited " + waited + " ms");

      release.countDown();
      assertEquals(1, await(holder));
      assertFalse(waiterRan.get(), "work that timed out never runs");
      assertEquals(4, (int) await(small.query(c -> 4)), "the pool serves again");
    }
  }

  @Test
  void reachableSaysYesForARunningServer() throws Exception {
    assertTrue(await(db.reachable()));
  }

  @Test
  void workQueuedAtCloseStillRunsAndWorkAfterCloseIsUnavailable() throws Exception {
    Database closing = Database.connect(settings("closing").withPoolSize(1));
    CompletionStage<Integer> queued = closing.query(c -> 7);
    closing.close();
    assertEquals(7, await(queued));
    assertInstanceOf(DatabaseUnavailableException.class, failure(closing.query(c -> 8)));
  }

  private static DatabaseSettings settings(String name) {
    return DatabaseSettings.of(url, pg.user(), pg.password(), name);
  }

  private static int insertCall(Connection c, long id, String caller) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO calls VALUES (?, ?)")) {
      s.setLong(1, id);
      s.setString(2, caller);
      return s.executeUpdate();
    }
  }

  private static int countCalls(long id) throws Exception {
    return await(
        db.query(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement("SELECT count(*) FROM calls WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                  r.next();
                  return r.getInt(1);
                }
              }
            }));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw e;
    }
  }

  private static Throwable failure(CompletionStage<?> stage) {
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
    return e.getCause();
  }
}
