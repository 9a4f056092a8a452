package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.seat.api.CallState;
import org.hotline.staff.audit.AuditEvent;
import org.hotline.staff.audit.AuditTrail;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route, asked by each kind of person and by nobody, over real HTTP: the status each gets.
 * The table below must name every route the gateway serves, so a route added without deciding who
 * may call it fails here (and a route added without any rule stops the gateway from starting).
 */
class AccessRulesTest {

  /** Who asks. AGENT took the call and owns the case; OTHER_AGENT is a colleague. */
  enum Who {
    NOBODY,
    AGENT,
    OTHER_AGENT,
    OFFICIAL,
    SUPERVISOR,
    MANAGER,
    ADMIN
  }

  private static final String CALLER = "13800001111";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static Harness h;
  private static final Map<Who, StaffClient> clients = new EnumMap<>(Who.class);
  private static final Map<Who, String> ids = new EnumMap<>(Who.class);
  private static String callId;
  private static String caseId;

  /** One request of the table: the route's template, a concrete request, who may. */
  private record Probe(
      String method, String template, String path, String type, String body, Set<Who> allowed) {

    String key() {
      return method + " " + template;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start(o -> o.withSeed(41), Duration.ofSeconds(5));
    ids.put(Who.AGENT, "ag1");
    ids.put(Who.OTHER_AGENT, "ag2");
    ids.put(Who.OFFICIAL, "off1");
    ids.put(Who.SUPERVISOR, "sup1");
    ids.put(Who.MANAGER, "mgr1");
    ids.put(Who.ADMIN, "adm1");
    TestStaff.add(h.gateway, "ag1", StaffRole.AGENT);
    TestStaff.add(h.gateway, "ag2", StaffRole.AGENT);
    TestStaff.add(h.gateway, "off1", StaffRole.OFFICIAL);
    TestStaff.add(h.gateway, "sup1", StaffRole.SUPERVISOR);
    TestStaff.add(h.gateway, "mgr1", StaffRole.MANAGER);
    TestStaff.add(h.gateway, "adm1", StaffRole.ADMIN);
    TestStaff.add(h.gateway, "victim", StaffRole.AGENT);
    clients.put(Who.NOBODY, new StaffClient(h.gateway.httpPort()));
    for (Who w : Who.values()) {
      if (w != Who.NOBODY) {
        clients.put(w, TestStaff.signIn(h.gateway, ids.get(w)));
      }
    }
    // ag1 signs in at seat 001 and takes a call; it ends, leaving a draft case of theirs
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 0.5));
    Answer login = clients.get(Who.AGENT).post("/api/agents/ag1/login", "{\"seat\":\"001\"}");
    assertEquals(200, login.status(), login.body());
    String channel =
        h.sim
            .placeCall(new CallSpec(CALLER, "", "10000", Double.POSITIVE_INFINITY, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    String unique =
        h.sim.channels().await(5, TimeUnit.SECONDS).stream()
            .filter(c -> c.name().equals(channel))
            .findFirst()
            .orElseThrow()
            .uniqueid();
    callId = "ast1:" + unique;
    h.await(
        "the call ends",
        WAIT,
        () ->
            h.gateway
                .seats()
                .call(callId)
                .toCompletableFuture()
                .join()
                .map(v -> v.state() == CallState.FINISHED)
                .orElse(false));
    h.await(
        "its draft case exists",
        WAIT,
        () -> !h.cases.callerHistory(CALLER).toCompletableFuture().join().lastCases().isEmpty());
    caseId = h.cases.callerHistory(CALLER).toCompletableFuture().join().lastCases().get(0).caseId();
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private static Set<Who> only(Who... who) {
    return who.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.of(who[0], who);
  }

  private static final Set<Who> EVERYONE = EnumSet.allOf(Who.class);

  private static List<Probe> table() {
    String form =
        new JsonObject()
            .put("requestType", "consultation")
            .put("category", "noise.construction")
            .put("location", "朝阳区望京街道")
            .put("summary", "问询")
            .put("disposition", "answered")
            .put("answer", "已答复")
            .encode();
    String staffJson =
        new JsonObject()
            .put("id", "new1")
            .put("name", "新人")
            .put("roles", new io.vertx.core.json.JsonArray().add("agent"))
            .encode();
    List<Probe> t = new ArrayList<>();
    Set<Who> signedIn = EnumSet.complementOf(EnumSet.of(Who.NOBODY));
    Set<Who> seated = only(Who.AGENT, Who.OTHER_AGENT, Who.OFFICIAL, Who.SUPERVISOR);
    Set<Who> ownerOrSup = only(Who.AGENT, Who.SUPERVISOR);
    Set<Who> sup = only(Who.SUPERVISOR);
    Set<Who> admin = only(Who.ADMIN);
    t.add(new Probe("GET", "/health", "/health", null, "", EVERYONE));
    t.add(new Probe("*", "/wallboard/", "/wallboard/", null, "", EVERYONE));
    t.add(new Probe("*", "/signin/", "/signin/", null, "", EVERYONE));
    t.add(new Probe("*", "/desktop/", "/desktop/", null, "", EVERYONE));
    t.add(new Probe("*", "/reports/", "/reports/", null, "", EVERYONE));
    t.add(new Probe("*", "/guest/", "/guest/", null, "", EVERYONE));
    t.add(new Probe("*", "/guests/", "/guests/", null, "", EVERYONE));
    // signing in by a guest code is for anyone; a body that is no JSON is refused as such (400)
    t.add(
        new Probe(
            "POST",
            "/api/session/guest",
            "/api/session/guest",
            "application/json",
            "not json",
            EVERYONE));
    Set<Who> guestReaders = only(Who.SUPERVISOR, Who.MANAGER);
    t.add(new Probe("GET", "/api/guests", "/api/guests", null, "", guestReaders));
    t.add(new Probe("GET", "/api/guests/:guest", "/api/guests/gnothing", null, "", guestReaders));
    t.add(
        new Probe(
            "GET",
            "/api/guests/:guest/summary",
            "/api/guests/gnothing/summary",
            null,
            "",
            guestReaders));
    t.add(new Probe("POST", "/api/guests", "/api/guests", "application/json", "{}", sup));
    t.add(new Probe("POST", "/api/guests/:guest/end", "/api/guests/gnothing/end", null, "", sup));
    t.add(new Probe("GET", "/api/guests/me", "/api/guests/me", null, "", only(Who.OFFICIAL)));
    t.add(
        new Probe(
            "GET",
            "/api/guests/coached",
            "/api/guests/coached",
            null,
            "",
            only(Who.AGENT, Who.OTHER_AGENT, Who.SUPERVISOR)));
    t.add(
        new Probe(
            "GET", "/webjars/", "/webjars/echarts/5.3.1/dist/echarts.min.js", null, "", EVERYONE));
    t.add(new Probe("GET", "/metrics", "/metrics", null, "", only()));
    t.add(
        new Probe(
            "GET",
            "/api/statistics",
            "/api/statistics",
            null,
            "",
            only(Who.SUPERVISOR, Who.MANAGER)));
    t.add(
        new Probe(
            "GET",
            "/api/agents/:agent",
            "/api/agents/ag1",
            null,
            "",
            only(Who.AGENT, Who.SUPERVISOR, Who.MANAGER)));
    for (String op : List.of("pause", "ready", "wrap-up-done", "login", "logout")) {
      String body = op.equals("pause") ? "{\"reason\":\"break\"}" : "{\"seat\":\"001\"}";
      t.add(
          new Probe(
              "POST",
              "/api/agents/:agent/" + op,
              "/api/agents/ag1/" + op,
              "application/json",
              body,
              ownerOrSup));
    }
    t.add(
        new Probe(
            "GET",
            "/api/calls/:call",
            "/api/calls/" + callId,
            null,
            "",
            only(Who.AGENT, Who.SUPERVISOR, Who.MANAGER)));
    t.add(
        new Probe(
            "POST",
            "/api/calls/:call/offer",
            "/api/calls/" + callId + "/offer",
            "application/json",
            "{\"agent\":\"ag2\"}",
            sup));
    t.add(
        new Probe(
            "POST",
            "/api/calls/:call/transfer",
            "/api/calls/" + callId + "/transfer",
            "application/json",
            "{\"queue\":\"english\"}",
            ownerOrSup));
    t.add(
        new Probe(
            "POST",
            "/api/calls/:call/conference",
            "/api/calls/" + callId + "/conference",
            "application/json",
            "{\"unit\":\"120\"}",
            ownerOrSup));
    t.add(
        new Probe(
            "POST",
            "/api/calls/:call/conference/leave",
            "/api/calls/" + callId + "/conference/leave",
            null,
            "",
            ownerOrSup));
    t.add(
        new Probe(
            "POST",
            "/api/calls/:call/consult",
            "/api/calls/" + callId + "/consult",
            "application/json",
            "{\"agent\":\"nobody\"}",
            ownerOrSup));
    t.add(
        new Probe(
            "POST",
            "/api/calls/:call/consult/transfer",
            "/api/calls/" + callId + "/consult/transfer",
            null,
            "",
            ownerOrSup));
    t.add(
        new Probe(
            "POST",
            "/api/calls/:call/consult/return",
            "/api/calls/" + callId + "/consult/return",
            null,
            "",
            ownerOrSup));
    t.add(
        new Probe(
            "GET",
            "/api/calls/:call/history",
            "/api/calls/" + callId + "/history",
            null,
            "",
            ownerOrSup));
    t.add(
        new Probe(
            "GET",
            "/api/callers/:number/history",
            "/api/callers/" + CALLER + "/history",
            null,
            "",
            sup));
    t.add(
        new Probe(
            "POST",
            "/api/calls/:call/case",
            "/api/calls/" + callId + "/case",
            "application/json",
            "{\"summary\": 1}",
            ownerOrSup));
    t.add(
        new Probe(
            "GET",
            "/api/calls/:call/case",
            "/api/calls/" + callId + "/case",
            null,
            "",
            ownerOrSup));
    t.add(
        new Probe(
            "POST",
            "/api/cases/validate",
            "/api/cases/validate",
            "application/json",
            form,
            seated));
    t.add(new Probe("GET", "/api/locations", "/api/locations?text=望京", null, "", seated));
    t.add(
        new Probe(
            "GET",
            "/api/cases/catalogue",
            "/api/cases/catalogue",
            null,
            "",
            only(Who.AGENT, Who.OTHER_AGENT, Who.OFFICIAL, Who.SUPERVISOR, Who.MANAGER)));
    t.add(
        new Probe("GET", "/api/desktop/supervisors", "/api/desktop/supervisors", null, "", seated));
    t.add(new Probe("GET", "/api/cases/incomplete", "/api/cases/incomplete", null, "", sup));
    t.add(new Probe("GET", "/api/cases/extensions", "/api/cases/extensions", null, "", sup));
    for (String decision : List.of("grant", "refuse")) {
      t.add(
          new Probe(
              "POST",
              "/api/cases/:case/extensions/:extension/" + decision,
              "/api/cases/" + caseId + "/extensions/1/" + decision,
              "application/json",
              "{\"note\":\"x\"}",
              sup));
    }
    t.add(new Probe("GET", "/api/callbacks", "/api/callbacks", null, "", seated));
    t.add(new Probe("GET", "/api/directory", "/api/directory", null, "", seated));
    t.add(
        new Probe(
            "POST",
            "/api/callbacks/:call/claim",
            "/api/callbacks/nothing/claim",
            null,
            "",
            seated));
    t.add(
        new Probe(
            "POST", "/api/callbacks/:call/dial", "/api/callbacks/nothing/dial", null, "", seated));
    t.add(
        new Probe(
            "POST",
            "/api/callbacks/:call/outcome",
            "/api/callbacks/nothing/outcome",
            "application/json",
            "{\"outcome\":\"busy\"}",
            seated));
    t.add(new Probe("GET", "/api/visits", "/api/visits", null, "", seated));
    t.add(
        new Probe(
            "POST", "/api/visits/:case/claim", "/api/visits/nothing/claim", null, "", seated));
    t.add(
        new Probe("POST", "/api/visits/:case/dial", "/api/visits/nothing/dial", null, "", seated));
    t.add(
        new Probe(
            "POST",
            "/api/visits/:case/answers",
            "/api/visits/nothing/answers",
            "application/json",
            "{\"satisfaction\":1,\"resolved\":1}",
            seated));
    t.add(
        new Probe(
            "POST",
            "/api/visits/:case/outcome",
            "/api/visits/nothing/outcome",
            "application/json",
            "{\"outcome\":\"busy\"}",
            seated));
    t.add(new Probe("GET", "/api/do-not-call", "/api/do-not-call", null, "", sup));
    t.add(
        new Probe(
            "POST",
            "/api/do-not-call",
            "/api/do-not-call",
            "application/json",
            "{\"number\":\"13900009999\",\"reason\":\"probe\"}",
            sup));
    t.add(
        new Probe(
            "DELETE", "/api/do-not-call/:number", "/api/do-not-call/13900009998", null, "", sup));
    t.add(new Probe("GET", "/api/outbox", "/api/outbox", null, "", sup));
    t.add(new Probe("GET", "/api/outbox/dead-letters", "/api/outbox/dead-letters", null, "", sup));
    t.add(
        new Probe(
            "POST",
            "/api/outbox/dead-letters/:key/redrive",
            "/api/outbox/dead-letters/nothing:v1/redrive",
            null,
            "",
            sup));
    t.add(
        new Probe(
            "GET",
            "/api/cases/:case",
            "/api/cases/" + caseId,
            null,
            "",
            only(Who.AGENT, Who.SUPERVISOR, Who.MANAGER)));
    t.add(
        new Probe(
            "POST",
            "/api/cases/:case/complete",
            "/api/cases/" + caseId + "/complete",
            "application/json",
            "{\"summary\": 1}",
            ownerOrSup));
    t.add(
        new Probe(
            "POST",
            "/api/cases/:case/amend",
            "/api/cases/" + caseId + "/amend",
            "application/json",
            "{\"summary\": 1}",
            ownerOrSup));
    t.add(new Probe("GET", "/api/audit", "/api/audit", null, "", only(Who.SUPERVISOR, Who.ADMIN)));
    t.add(new Probe("GET", "/api/staff", "/api/staff", null, "", only(Who.SUPERVISOR, Who.ADMIN)));
    t.add(
        new Probe(
            "GET",
            "/api/staff/:id",
            "/api/staff/victim",
            null,
            "",
            only(Who.SUPERVISOR, Who.ADMIN)));
    t.add(new Probe("POST", "/api/staff", "/api/staff", "application/json", staffJson, admin));
    t.add(
        new Probe(
            "PUT",
            "/api/staff/:id",
            "/api/staff/victim",
            "application/json",
            "{\"name\":\"x\",\"roles\":[\"agent\"],\"version\":999}",
            admin));
    t.add(
        new Probe(
            "POST", "/api/staff/:id/activate", "/api/staff/victim/activate", null, "", admin));
    t.add(
        new Probe(
            "POST", "/api/staff/:id/deactivate", "/api/staff/victim/deactivate", null, "", admin));
    t.add(
        new Probe(
            "POST",
            "/api/staff/:id/password",
            "/api/staff/victim/password",
            "application/json",
            "{\"password\":\"a new first password\"}",
            admin));
    t.add(
        new Probe(
            "POST",
            "/api/staff/import",
            "/api/staff/import",
            "text/csv",
            "staff_id,name,roles\nimp1,导入,agent\n",
            admin));
    t.add(new Probe("GET", "/api/session", "/api/session", null, "", signedIn));
    t.add(new Probe("GET", "/api/desktop/config", "/api/desktop/config", null, "", seated));
    // a plain GET, not a handshake: those allowed are told it is a WebSocket (400)
    t.add(new Probe("GET", "/api/desktop/events", "/api/desktop/events", null, "", seated));
    Set<Who> watchers = only(Who.SUPERVISOR, Who.MANAGER);
    t.add(
        new Probe(
            "GET",
            "/api/reports/centre/:report",
            "/api/reports/centre/intervals",
            null,
            "",
            watchers));
    t.add(
        new Probe(
            "GET", "/api/reports/city/:report", "/api/reports/city/rates", null, "", watchers));
    t.add(new Probe("GET", "/api/wallboard/events", "/api/wallboard/events", null, "", watchers));
    t.add(
        new Probe(
            "GET", "/api/wallboard/seats/:seat", "/api/wallboard/seats/001", null, "", watchers));
    t.add(new Probe("GET", "/api/monitor", "/api/monitor", null, "", watchers));
    t.add(new Probe("GET", "/api/monitor/:id", "/api/monitor/mon-0", null, "", watchers));
    t.add(
        new Probe(
            "POST",
            "/api/seats/:seat/monitor",
            "/api/seats/001/monitor",
            "application/json",
            "{\"mode\":\"listen\"}",
            sup));
    t.add(new Probe("POST", "/api/monitor/:id/stop", "/api/monitor/mon-0/stop", null, "", sup));
    return t;
  }

  /** Routes that act on the asker's own session: asked from a throwaway session of each. */
  private static List<Probe> ownSession() {
    Set<Who> signedIn = EnumSet.complementOf(EnumSet.of(Who.NOBODY));
    return List.of(
        new Probe(
            "POST",
            "/api/session/password",
            "/api/session/password",
            "application/json",
            new JsonObject()
                .put("current", TestStaff.PASSWORD)
                .put("new", TestStaff.PASSWORD)
                .encode(),
            signedIn),
        new Probe("DELETE", "/api/session", "/api/session", null, "", signedIn));
  }

  @Test
  void everyRouteAnswersEachKindOfPersonAsItsRuleSays() {
    List<String> wrong = new ArrayList<>();
    for (Probe p : table()) {
      for (Who w : Who.values()) {
        check(p, w, clients.get(w), wrong);
      }
    }
    for (Probe p : ownSession()) {
      for (Who w : Who.values()) {
        StaffClient c =
            w == Who.NOBODY
                ? new StaffClient(h.gateway.httpPort())
                : TestStaff.signIn(h.gateway, ids.get(w));
        check(p, w, c, wrong);
      }
    }
    // a password change ended every other session of each: the other tests sign in again
    for (Who w : Who.values()) {
      if (w != Who.NOBODY) {
        clients.put(w, TestStaff.signIn(h.gateway, ids.get(w)));
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  private static void check(Probe p, Who w, StaffClient c, List<String> wrong) {
    String method = p.method().equals("*") ? "GET" : p.method();
    Answer a = c.send(method, p.path(), p.type(), p.body().getBytes(StandardCharsets.UTF_8));
    boolean allowed = p.allowed().contains(w);
    boolean ok;
    if (allowed) {
      ok = a.status() != 401 && a.status() != 403 && a.status() < 500;
    } else if (p.template().equals("/metrics")) {
      ok = a.status() == 401 || a.status() == 403;
    } else if (w == Who.NOBODY) {
      ok = a.status() == 401 && a.error().equals("SIGN_IN_REQUIRED");
    } else {
      ok = a.status() == 403 && a.error().equals("FORBIDDEN");
    }
    if (!ok) {
      wrong.add(
          p.key()
              + " as "
              + w
              + ": "
              + a.status()
              + " "
              + a.body().substring(0, Math.min(160, a.body().length()))
              + (allowed ? " (should be allowed)" : " (should be refused)"));
    }
  }

  @Test
  void theTableNamesEveryRouteTheGatewayServes() {
    Set<String> served = new TreeSet<>();
    for (Route r : h.gateway.http().router().getRoutes()) {
      Object rule = r.getMetadata(Access.RULE);
      assertTrue(rule != null, "every route has a rule: " + r.getPath());
      if (rule instanceof org.hotline.gateway.access.Rule) {
        String method =
            r.methods() == null || r.methods().isEmpty()
                ? "*"
                : r.methods().iterator().next().name();
        served.add(method + " " + r.getPath());
      }
    }
    Set<String> tabled = new TreeSet<>();
    table().forEach(p -> tabled.add(p.key()));
    ownSession().forEach(p -> tabled.add(p.key()));
    tabled.add("POST /api/session");
    tabled.add("POST /api/dispatch/status");
    Set<String> missing = new TreeSet<>(served);
    missing.removeAll(tabled);
    assertTrue(missing.isEmpty(), "routes nobody decided the rules of here: " + missing);
    Set<String> stale = new TreeSet<>(tabled);
    stale.removeAll(served);
    assertTrue(stale.isEmpty(), "the table names routes that are gone: " + stale);
  }

  @Test
  void signInAndSignedDispatchUpdatesNeedNoSessionButProveThemselves() {
    StaffClient nobody = new StaffClient(h.gateway.httpPort());
    Answer bad = nobody.signIn("nobody-at-all", "wrong password here");
    assertEquals(401, bad.status());
    assertEquals("SIGN_IN_FAILED", bad.error());
    Answer unsigned =
        nobody.post(
            "/api/dispatch/status", "{\"caseId\":\"" + caseId + "\",\"status\":\"resolved\"}");
    assertEquals(401, unsigned.status(), unsigned.body());
  }

  @Test
  void anAgentReadsOnlyTheirOwnCallsCasesAndCallersAndEachReadIsAudited() {
    StaffClient mine = clients.get(Who.AGENT);
    StaffClient theirs = clients.get(Who.OTHER_AGENT);
    Instant before = Instant.now().minusSeconds(1);
    Answer pop = mine.get("/api/calls/" + callId + "/history");
    assertEquals(200, pop.status(), pop.body());
    assertEquals(caseId, pop.json().getJsonArray("lastCases").getJsonObject(0).getString("caseId"));
    assertEquals(403, theirs.get("/api/calls/" + callId + "/history").status());
    assertEquals(200, mine.get("/api/cases/" + caseId).status());
    assertEquals(403, theirs.get("/api/cases/" + caseId).status());
    assertEquals(404, mine.get("/api/cases/20990101-000001").status());
    // an agent may not act for a colleague; a supervisor may, and that is audited
    assertEquals(403, theirs.post("/api/agents/ag1/pause", "{\"reason\":\"break\"}").status());
    Answer bySup = clients.get(Who.SUPERVISOR).post("/api/agents/ag2/login", "{\"seat\":\"002\"}");
    assertEquals(200, bySup.status(), bySup.body());

    List<AuditEvent> trail =
        new AuditTrail(h.db)
            .read(
                new AuditTrail.Query(
                    before,
                    Instant.now().plusSeconds(1),
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    100))
            .toCompletableFuture()
            .join();
    Map<String, AuditEvent> byAction = new LinkedHashMap<>();
    trail.forEach(e -> byAction.putIfAbsent(e.action() + "/" + e.actor(), e));
    AuditEvent read = byAction.get("history.read/ag1");
    assertTrue(read != null, "the pop's read is audited: " + byAction.keySet());
    assertFalse(read.target().contains("00001111"), "the number is masked: " + read.target());
    assertEquals(callId, read.detail().get("call"));
    assertEquals("127.0.0.1", read.address());
    assertTrue(byAction.containsKey("case.read/ag1"), byAction.keySet().toString());
    AuditEvent forOther = byAction.get("agent.login/sup1");
    assertTrue(forOther != null, byAction.keySet().toString());
    assertEquals("ag2", forOther.target());
    assertEquals("002", forOther.detail().get("seat"));
    assertFalse(
        byAction.containsKey("agent.login/ag1"), "an agent's own status change is not audited");
  }
}
