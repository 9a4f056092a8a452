package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.AgentState;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions over real HTTP, as a browser and an attacker would use them: sign-in gives a new id
 * whatever was planted before, sign-out ends it, deactivation and role changes end every session at
 * once, an admin's password must be changed first, forged requests without the CSRF token are
 * refused, guessing is throttled, and Prometheus needs its token.
 */
class SessionFlowTest {

  private static final String METRICS_TOKEN = "prometheus-token-0123456789";
  private static Harness h;
  private static StaffClient admin;

  @BeforeAll
  static void start() throws Exception {
    h =
        Harness.start(
            o -> o.withSeed(51),
            Duration.ofSeconds(5),
            LocalRedis.shared().uri(),
            c -> c.withAccess(c.access().withMetricsToken(METRICS_TOKEN)));
    TestStaff.add(h.gateway, "boss", StaffRole.ADMIN);
    admin = TestStaff.signIn(h.gateway, "boss");
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private static StaffClient nobody() {
    return new StaffClient(h.gateway.httpPort());
  }

  @Test
  void signInGivesAFreshIdWhateverWasPlantedAndSignOutEndsIt() {
    TestStaff.add(h.gateway, "fix1", StaffRole.AGENT);
    StaffClient victim = nobody();
    String planted = "A".repeat(43);
    victim.plantCookie("hotline_session", planted);
    Answer in = victim.signIn("fix1", TestStaff.PASSWORD);
    assertEquals(200, in.status(), in.body());
    String cookie =
        in.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith("hotline_session="))
            .findFirst()
            .orElseThrow();
    assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    String id = victim.cookie("hotline_session").orElseThrow();
    assertNotEquals(planted, id);
    assertEquals("fix1", victim.get("/api/session").json().getString("staffId"));
    assertEquals(
        List.of("agent"), victim.get("/api/session").json().getJsonArray("roles").getList());

    // signing in again replaces the session: the earlier id is worthless
    StaffClient thief = nobody();
    thief.plantCookie("hotline_session", id);
    assertEquals(200, thief.get("/api/session").status(), "a stolen id works until...");
    assertEquals(200, victim.signIn("fix1", TestStaff.PASSWORD).status());
    assertEquals(401, thief.get("/api/session").status(), "...its owner signs in again");

    String current = victim.cookie("hotline_session").orElseThrow();
    assertEquals(204, victim.delete("/api/session").status());
    assertEquals(401, victim.get("/api/session").status());
    StaffClient replay = nobody();
    replay.plantCookie("hotline_session", current);
    assertEquals(401, replay.get("/api/session").status(), "a signed-out id is dead");
  }

  @Test
  void deactivationEndsEverySessionAtOnceAndLogsTheAgentOutOfTheSeat() {
    TestStaff.add(h.gateway, "leaver", StaffRole.AGENT);
    StaffClient desk = TestStaff.signIn(h.gateway, "leaver");
    StaffClient phone = TestStaff.signIn(h.gateway, "leaver");
    assertEquals(200, desk.post("/api/agents/leaver/login", "{\"seat\":\"005\"}").status());
    Answer off = admin.post("/api/staff/leaver/deactivate", "");
    assertEquals(200, off.status(), off.body());
    assertFalse(off.json().getBoolean("active"));
    assertEquals(401, desk.get("/api/session").status());
    assertEquals(401, phone.get("/api/agents/leaver").status());
    assertEquals(401, nobody().signIn("leaver", TestStaff.PASSWORD).status());
    assertEquals(
        AgentState.LOGGED_OUT,
        h.gateway.seats().status("leaver").toCompletableFuture().join().state());
    assertEquals(409, admin.post("/api/staff/boss/deactivate", "").status(), "not oneself");
  }

  @Test
  void aRoleChangeEndsSessionsAndTheNewRoleAppliesAtTheNextSignIn() {
    TestStaff.add(h.gateway, "promoted", StaffRole.AGENT);
    StaffClient before = TestStaff.signIn(h.gateway, "promoted");
    assertEquals(403, before.get("/api/cases/incomplete").status());
    JsonObject person = admin.get("/api/staff/promoted").json();
    Answer changed =
        admin.put(
            "/api/staff/promoted",
            person.copy().put("roles", new JsonArray().add("agent").add("supervisor")).encode());
    assertEquals(200, changed.status(), changed.body());
    assertEquals(401, before.get("/api/session").status());
    StaffClient after = TestStaff.signIn(h.gateway, "promoted");
    assertEquals(200, after.get("/api/cases/incomplete").status());
    // an edit made on a stale version is refused, and says so
    Answer stale = admin.put("/api/staff/promoted", person.encode());
    assertEquals(409, stale.status());
    assertEquals("STAFF_VERSION_CONFLICT", stale.error());
  }

  @Test
  void anAdminsPasswordMustBeReplacedBeforeAnythingElse() {
    Answer created =
        admin.post(
            "/api/staff",
            new JsonObject()
                .put("id", "newbie")
                .put("name", "新 同事")
                .put("roles", new JsonArray().add("agent"))
                .put("skills", new JsonObject().put("general", 4))
                .put("languages", new JsonArray().add("zh"))
                .put("password", "first day password")
                .encode());
    assertEquals(201, created.status(), created.body());
    assertTrue(created.json().getBoolean("mustChangePassword"));
    assertTrue(
        h.gateway.seats().agent("newbie").toCompletableFuture().join().isPresent(),
        "the seat manager has the new agent's profile");
    StaffClient newbie = StaffClient.signedIn(h.gateway.httpPort(), "newbie", "first day password");
    Answer blocked = newbie.get("/api/agents/newbie");
    assertEquals(403, blocked.status());
    assertEquals("PASSWORD_CHANGE_REQUIRED", blocked.error());
    Answer weak =
        newbie.post(
            "/api/session/password", "{\"current\":\"first day password\",\"new\":\"123\"}");
    assertEquals(422, weak.status(), weak.body());
    Answer wrong =
        newbie.post(
            "/api/session/password", "{\"current\":\"not it at all\",\"new\":\"my own secret 1\"}");
    assertEquals(403, wrong.status());
    assertEquals(
        204,
        newbie
            .post(
                "/api/session/password",
                "{\"current\":\"first day password\",\"new\":\"my own secret 1\"}")
            .status());
    assertEquals(200, newbie.get("/api/agents/newbie").status(), "the same session goes on");
    assertEquals(401, nobody().signIn("newbie", "first day password").status());
    assertEquals(200, nobody().signIn("newbie", "my own secret 1").status());

    // an admin's reset ends the person's sessions and asks for a change again
    Answer reset = admin.post("/api/staff/newbie/password", "{\"password\":\"reset by admin 2\"}");
    assertEquals(200, reset.status(), reset.body());
    assertEquals(401, newbie.get("/api/session").status());
  }

  @Test
  void aForgedRequestWithoutTheCsrfTokenChangesNothing() {
    TestStaff.add(h.gateway, "csrf1", StaffRole.AGENT);
    StaffClient browser = TestStaff.signIn(h.gateway, "csrf1");
    // another site's form: the browser would send the cookie (were it not SameSite) but cannot
    // read the XSRF-TOKEN cookie to echo it
    browser.echoCsrf(false);
    Answer forged = browser.post("/api/agents/csrf1/login", "{\"seat\":\"006\"}");
    assertEquals(403, forged.status());
    assertEquals("CSRF_TOKEN_INVALID", forged.error());
    Answer plain =
        browser.send(
            "POST",
            "/api/agents/csrf1/login",
            "text/plain",
            "{\"seat\":\"006\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(415, plain.status());
    Answer wrongToken =
        browser.send(
            "POST",
            "/api/agents/csrf1/login",
            "application/json",
            "{\"seat\":\"006\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(403, wrongToken.status());
    assertEquals(
        AgentState.LOGGED_OUT,
        h.gateway.seats().status("csrf1").toCompletableFuture().join().state());
    browser.echoCsrf(true);
    assertEquals(200, browser.post("/api/agents/csrf1/login", "{\"seat\":\"006\"}").status());
  }

  @Test
  void guessingIsThrottledAndEveryAttemptIsInTheAuditTrail() {
    TestStaff.add(h.gateway, "target", StaffRole.AGENT);
    TestStaff.add(h.gateway, "auditor", StaffRole.SUPERVISOR);
    StaffClient guesser = nobody();
    for (int i = 0; i < 5; i++) {
      assertEquals(401, guesser.signIn("target", "guess number " + i).status());
    }
    Answer throttled = guesser.signIn("target", TestStaff.PASSWORD);
    assertEquals(429, throttled.status(), "even the right password waits");
    assertTrue(
        Long.parseLong(throttled.headers().firstValue("retry-after").orElse("0")) > 60,
        throttled.headers().map().toString());
    StaffClient sup = TestStaff.signIn(h.gateway, "auditor");
    JsonArray events =
        sup.get("/api/audit?actor=target&action=sign-in").json().getJsonArray("events");
    long refused =
        events.stream()
            .filter(e -> ((JsonObject) e).getString("outcome").equals("refused"))
            .count();
    long blocked =
        events.stream()
            .filter(e -> ((JsonObject) e).getString("outcome").equals("throttled"))
            .count();
    assertEquals(5, refused, events.encodePrettily());
    assertEquals(1, blocked);
    assertEquals("127.0.0.1", events.getJsonObject(0).getString("address"));
    TestStaff.add(h.gateway, "curious", StaffRole.AGENT);
    assertEquals(
        403, TestStaff.signIn(h.gateway, "curious").get("/api/audit").status(), "not agents");
  }

  @Test
  void prometheusPresentsItsTokenAndNothingElseOpensMetrics() {
    StaffClient scraper = nobody();
    assertEquals(401, scraper.get("/metrics").status());
    Answer wrong = scraper.send("GET", "/metrics", null, new byte[0]);
    assertEquals(401, wrong.status());
    java.net.http.HttpClient raw = java.net.http.HttpClient.newHttpClient();
    try {
      var ok =
          raw.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/metrics"))
                  .header("Authorization", "Bearer " + METRICS_TOKEN)
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ok.statusCode());
      assertTrue(ok.body().contains("hotline_"), "the scrape");
      var bad =
          raw.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/metrics"))
                  .header("Authorization", "Bearer " + METRICS_TOKEN + "x")
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(403, bad.statusCode());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertEquals(401, admin.get("/metrics").status(), "a session is not the token");
  }

  @Test
  void theStaffImportIsAllOrNothingOverHttp() {
    String good =
        "staff_id,name,roles,skills,languages\nim1,甲,agent,general:6,zh\nim2,乙,agent,general:4,zh|en\n";
    Answer ok =
        admin.send("POST", "/api/staff/import", "text/csv", good.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, ok.status(), ok.body());
    assertEquals(2, ok.json().getInteger("created"));
    assertTrue(h.gateway.seats().agent("im2").toCompletableFuture().join().isPresent());
    String bad = "staff_id,name,roles\nim3,丙,agent\nim 4,丁,agent\n";
    Answer refused =
        admin.send("POST", "/api/staff/import", "text/csv", bad.getBytes(StandardCharsets.UTF_8));
    assertEquals(422, refused.status());
    assertEquals(3, refused.json().getJsonArray("problems").getJsonObject(0).getInteger("line"));
    assertEquals(404, admin.get("/api/staff/im3").status(), "nothing of a refused file is kept");
  }
}
