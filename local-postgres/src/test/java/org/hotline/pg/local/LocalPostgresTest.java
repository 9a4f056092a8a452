package org.hotline.pg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {

  @Test
  void startsARealServerWithTheTestSettingsAndRemovesItsDirectoryWhenClosed() throws Exception {
    Path home;
    long pid;
    int port;
    try (LocalPostgres pg = LocalPostgres.start()) {
      assertTrue(pg.owned());
      port = pg.port();
      home = pg.server().home();
      pid = pg.server().pid();
      assertTrue(Files.isDirectory(home.resolve("data")));
      assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/postgres", pg.jdbcUrl());
      try (Connection c = connect(pg, pg.jdbcUrl());
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT current_setting('listen_addresses'), current_setting('fsync'),"
                      + " current_setting('max_connections'), current_setting('shared_buffers'),"
                      + " current_setting('server_encoding'), current_user,"
                      + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
        assertTrue(r.next());
        assertEquals("127.0.0.1", r.getString(1));
        assertEquals("on", r.getString(2));
        assertEquals("100", r.getString(3));
        assertEquals("16MB", r.getString(4));
        assertEquals("UTF8", r.getString(5));
        assertEquals(pg.user(), r.getString(6));
        assertTrue(r.getBoolean(7));
      }
      assertThrows(
          SQLException.class,
          () -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "wrong").close(),
          "a password is required, and checked");
    }
    assertFalse(Files.exists(home), "the instance directory is gone");
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(listening(port));
  }

  @Test
  void createDatabaseGivesEachCallerAnIsolatedDatabase() throws SQLException {
    LocalPostgres pg = LocalPostgres.shared();
    String first = pg.createDatabase("Isolation-Test");
    String second = pg.createDatabase("Isolation-Test");
    assertNotEquals(first, second);
    assertTrue(
        first.matches("jdbc:postgresql://.*/isolation_test_\\d+_[0-9a-f]{6}(\\?.*)?"), first);
    try (Connection c = connect(pg, first);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE calls (id bigint PRIMARY KEY)");
      s.execute("INSERT INTO calls VALUES (1)");
    }
    try (Connection c = connect(pg, second);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT to_regclass('public.calls') IS NULL")) {
      assertTrue(r.next());
      assertTrue(r.getBoolean(1), "the other database has no such table");
    }
  }

  @Test
  void sharedIsOneServerPerJvm() {
    LocalPostgres pg = LocalPostgres.shared();
    assertSame(pg, LocalPostgres.shared());
    assertEquals(System.getenv(LocalPostgres.DATABASE_URL) == null, pg.owned());
  }

  /**
   * A writer commits rows one by one while the server is killed: every row whose commit returned is
   * there after the restart, and an open transaction's row is not.
   */
  @Test
  void killThenRestartKeepsEveryCommittedRow() throws Exception {
    try (LocalPostgres pg = LocalPostgres.start()) {
      String db = pg.createDatabase("crash");
      try (Connection c = connect(pg, db);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE facts (id bigint PRIMARY KEY, note text NOT NULL)");
      }
      Connection open = connect(pg, db);
      open.setAutoCommit(false);
      try (Statement s = open.createStatement()) {
        s.execute("INSERT INTO facts VALUES (-1, 'never committed')");
      }

      List<Long> acknowledged = new ArrayList<>();
      AtomicBoolean failed = new AtomicBoolean();
      CountDownLatch someCommitted = new CountDownLatch(50);
      Thread writer =
          new Thread(
              () -> {
                try (Connection c = connect(pg, db)) {
                  for (long id = 1; id < 1_000_000; id++) {
                    try (Statement s = c.createStatement()) {
                      s.execute("INSERT INTO facts VALUES (" + id + ", 'committed')");
                    }
                    synchronized (acknowledged) {
                      acknowledged.add(id);
                    }
                    someCommitted.countDown();
                  }
                } catch (SQLException e) {
                  failed.set(true); // the kill
                }
              },
              "writer");
      writer.start();
      someCommitted.await();
      pg.kill();
      writer.join(10_000);
      assertTrue(failed.get(), "the writer saw the server die");
      assertThrows(SQLException.class, () -> connect(pg, db).close());
      try {
        open.close();
      } catch (SQLException e) {
        // broken, as it should be
      }

      pg.restart();
      Set<Long> present = new HashSet<>();
      try (Connection c = connect(pg, db);
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT id FROM facts")) {
        while (r.next()) {
          present.add(r.getLong(1));
        }
      }
      List<Long> committed;
      synchronized (acknowledged) {
        committed = List.copyOf(acknowledged);
      }
      assertTrue(committed.size() >= 50);
      assertTrue(present.containsAll(committed), "every acknowledged commit survived");
      assertFalse(present.contains(-1L), "the open transaction did not");
      assertTrue(present.size() <= committed.size() + 1, "at most the one in flight besides");
    }
  }

  /** DATABASE_URL names a server: used as it is, never killed, its test databases dropped. */
  @Test
  void databaseUrlNamesAServerThatIsNotOurs() throws SQLException {
    LocalPostgres server = LocalPostgres.shared();
    String url = server.jdbcUrl();
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", url);
    env.put("DATABASE_USER", server.user());
    if (server.password() != null) {
      env.put("DATABASE_PASSWORD", server.password());
    }
    LocalPostgres fromEnv = LocalPostgres.fromEnvironment(env);
    String db;
    try {
      assertFalse(fromEnv.owned());
      assertEquals(url, fromEnv.jdbcUrl());
      assertThrows(IllegalStateException.class, fromEnv::kill);
      assertThrows(IllegalStateException.class, fromEnv::port);
      db = fromEnv.createDatabase("from_env");
      connect(fromEnv, db).close();
    } finally {
      fromEnv.close();
    }
    String name = db.replaceAll(".*/([^/?]*).*", "$1");
    try (Connection c = connect(server, server.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
      assertTrue(r.next());
      assertEquals(0, r.getInt(1), "close() dropped the database it had made");
    }
  }

  /** Where user namespaces are forbidden, root runs the server as nobody. */
  @Test
  void asRootItAlsoRunsAsNobody() throws SQLException {
    assumeTrue(RunAs.currentUid() == 0, "only root needs another user");
    assumeTrue(RunAs.works(RunAs.NOBODY), "setpriv works here");
    Path home;
    try (LocalPostgres pg = LocalPostgres.start(RunAs.NOBODY)) {
      home = pg.server().home();
      long pid = pg.server().pid();
      assertEquals(
          RunAs.NOBODY_ID,
          ProcessHandle.of(pid).flatMap(p -> p.info().user()).map(LocalPostgresTest::uid).get());
      try (Connection c = connect(pg, pg.createDatabase("nobody"));
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (x int)");
      }
    }
    assertFalse(Files.exists(home));
  }

  @Test
  void asRootTheDefaultIsAUserNamespace() {
    assumeTrue(RunAs.currentUid() == 0, "only root needs another user");
    assumeTrue(System.getProperty(RunAs.PROPERTY) == null);
    assertEquals(
        RunAs.works(RunAs.USER_NAMESPACE) ? RunAs.USER_NAMESPACE : RunAs.NOBODY, RunAs.detect());
  }

  @Test
  void directoriesLeftByAJvmThatIsGoneAreRemoved() throws Exception {
    Path tmp = Files.createTempDirectory("orphans");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path orphan = Files.createDirectories(tmp.resolve(PostgresServer.DIR_PREFIX + "orphan"));
    Files.writeString(orphan.resolve(PostgresServer.OWNER), Long.toString(gone.pid()));
    Files.createDirectories(orphan.resolve("data"));
    Files.writeString(orphan.resolve("data/postmaster.pid"), gone.pid() + "\n");
    Path live = Files.createDirectories(tmp.resolve(PostgresServer.DIR_PREFIX + "live"));
    Files.writeString(
        live.resolve(PostgresServer.OWNER), Long.toString(ProcessHandle.current().pid()));
    Path unclaimed = Files.createDirectories(tmp.resolve(PostgresServer.DIR_PREFIX + "new"));

    PostgresServer.removeOrphans(tmp);

    assertFalse(Files.exists(orphan));
    assertTrue(Files.exists(live));
    assertTrue(Files.exists(unclaimed), "a directory whose owner is not written yet stays");
    Dirs.deleteQuietly(tmp);
  }

  private static int uid(String user) {
    if (user.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(user);
    }
    return user.equals("nobody") ? RunAs.NOBODY_ID : -1;
  }

  private static Connection connect(LocalPostgres pg, String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, pg.user(), pg.password());
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
