package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.redis.local.LocalRedis;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL or Redis cannot be reached, the routes that need them answer 503 with a code a
 * desktop can act on (try again), never a 500 and never a 401 that would send a signed-in agent
 * back to the sign-in page; and they serve again once the store is back.
 */
class UnreachableStoresTest {

  @Test
  void aRouteAnswers503WhileItsStoreIsUnreachableAndServesAgainAfter() throws Exception {
    LocalRedis redis = LocalRedis.start(false);
    Harness h = null;
    try {
      h = Harness.start(o -> o.withSeed(71), Duration.ofSeconds(5), redis.uri());
      TestStaff.add(h.gateway, "sup9", StaffRole.SUPERVISOR);
      StaffClient sup = TestStaff.signIn(h.gateway, "sup9");
      assertEquals(404, sup.get("/api/cases/20261207-000009").status());

      // PostgreSQL: the gateway's database refuses connections and loses the ones it had
      String url = h.db.settings().jdbcUrl();
      String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
      cut(name, true);
      try {
        Answer read = sup.get("/api/cases/20261207-000009");
        assertEquals(503, read.status(), read.body());
        assertEquals("UNAVAILABLE", read.error());
        Answer health = sup.get("/health");
        assertEquals(503, health.status());
        assertEquals(false, health.json().getBoolean("postgresql"));
        assertEquals(true, health.json().getBoolean("redis"));
      } finally {
        cut(name, false);
      }
      Harness ready = h;
      ready.await(
          "PostgreSQL is back",
          Duration.ofSeconds(20),
          () -> sup.get("/api/cases/20261207-000009").status() == 404);

      // Redis: sessions and the seat manager live there
      redis.kill();
      Answer stats = sup.get("/api/statistics");
      assertEquals(503, stats.status(), stats.body());
      assertEquals("UNAVAILABLE", stats.error());
      Answer pause = sup.post("/api/agents/sup9/pause", "{\"reason\":\"break\"}");
      assertEquals(503, pause.status(), pause.body());
    } finally {
      if (h != null) {
        h.close();
      }
      redis.close();
    }
  }

  /** Closes (or reopens) a database to new connections and ends the ones it has. */
  private static void cut(String database, boolean closed) throws Exception {
    LocalPostgres pg = LocalPostgres.shared();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS " + !closed);
      if (closed) {
        s.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + database
                + "' AND pid <> pg_backend_pid()");
      }
    }
  }
}
