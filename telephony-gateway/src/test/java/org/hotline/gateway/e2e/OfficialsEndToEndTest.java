package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.call.Keypads;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.Case;
import org.hotline.gateway.config.LineConfig;
import org.hotline.gateway.officials.OfficialsSettings;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.config.EscalationStep;
import org.hotline.seat.config.LocalizedName;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A visiting official through the simulated exchange: a supervisor makes a guest session, the
 * official signs in with its one-time code (a used, unknown, early or ended code is refused), sits
 * at that seat only, and a call about their district on the officials' line reaches them before an
 * ordinary agent; the coach beside them sees the call and corrects the case; the summary lists it.
 * A call about another district falls back to everyone after the configured waits.
 */
class OfficialsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String OFFICIALS_LINE = "1234502";
  private static Harness h;

  @BeforeAll
  static void start() throws Exception {
    h = withOfficialsLine(41);
    TestStaff.add(h.gateway, "gsup", StaffRole.SUPERVISOR);
    for (String id : List.of("coach1", "coach2", "plain1", "plain2")) {
      TestStaff.add(h.gateway, id, StaffRole.AGENT);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  /**
   * A harness with the officials' line (1234502, its district menu: 03 Chaoyang, 04 Haidian) and an
   * officials queue that drops the district after 2 s and overflows to general after 4 s.
   */
  static Harness withOfficialsLine(long seed) throws Exception {
    return Harness.start(
        o -> o.withSeed(seed),
        Duration.ofSeconds(15),
        LocalRedis.shared().uri(),
        config -> {
          Map<String, LineConfig> lines = new java.util.HashMap<>(config.lines());
          lines.put(OFFICIALS_LINE, new LineConfig(false, Optional.of("officials"), 0, true));
          OfficialsSettings d = OfficialsSettings.defaults();
          return config
              .withLines(lines)
              .withOfficials(
                  new OfficialsSettings(
                      new OfficialsSettings.DistrictMenu(
                          "hotline/choose-district",
                          Duration.ofSeconds(3),
                          Map.of("03", "chaoyang", "04", "haidian")),
                      // officials.generalSkill: the general queue may reach officials too
                      Optional.of(2),
                      d.longestSession(),
                      d.earlySignIn()));
        },
        seats -> {
          List<QueueConfig> queues = new ArrayList<>(seats.queues());
          queues.add(
              new QueueConfig(
                  "officials",
                  new LocalizedName("领导干部接听", "Officials' line"),
                  List.of("zh"),
                  Map.of("official_line", 1),
                  true,
                  Duration.ofSeconds(20),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(30),
                  Duration.ofMinutes(10),
                  List.of(
                      new EscalationStep(
                          Duration.ofSeconds(2), OptionalInt.empty(), true, List.of()),
                      new EscalationStep(
                          Duration.ofSeconds(4), OptionalInt.empty(), false, List.of("general")))));
          return new SeatManagerConfig(
              seats.centreId(),
              seats.zone(),
              seats.offerTimeout(),
              seats.districts(),
              queues,
              seats.pauseReasons(),
              seats.seats());
        });
  }

  private static String session(String name, String seat, String coach, Instant from, Instant to) {
    return new JsonObject()
        .put("name", name)
        .put("title", "区委书记")
        .put("district", "chaoyang")
        .put("seat", seat)
        .put("coach", coach)
        .put("startsAt", from.toString())
        .put("endsAt", to.toString())
        .encode();
  }

  private static JsonObject created(StaffClient sup, String body) {
    Answer a = sup.post("/api/guests", body);
    assertEquals(201, a.status(), a.body());
    return a.json();
  }

  private static Answer signInWith(String code) {
    return new StaffClient(h.gateway.httpPort())
        .post("/api/session/guest", new JsonObject().put("code", code).encode());
  }

  private static List<String> dispatched() {
    try {
      return Files.readAllLines(h.dispatched);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static AgentStatus status(String agent) {
    return h.gateway.seats().status(agent).toCompletableFuture().join();
  }

  @Test
  void aGuestCodeSignsInOnceAtItsSeatOnlyInsideItsWindow() throws Exception {
    StaffClient sup = TestStaff.signIn(h.gateway, "gsup");
    Instant now = Instant.now();
    JsonObject g =
        created(sup, session("王书记", "003", "coach1", now.minusSeconds(60), now.plusSeconds(7200)));
    String code = g.getString("code");
    assertTrue(code.matches("[2-9A-Z]{5}-[2-9A-Z]{5}"), code);
    assertTrue(g.getString("link").endsWith("/guest/#" + code), g.getString("link"));
    assertTrue(g.getString("qrSvg").startsWith("<svg"), "a QR code a phone can open");
    assertFalse(
        sup.get("/api/guests/" + g.getString("guestId")).body().contains(code), "shown once");

    // codes that cannot sign in: unknown, not a code at all, not yet, no longer
    assertEquals("CODE_UNKNOWN", signInWith("ABCDE-FGHJK").error());
    assertEquals("CODE_UNKNOWN", signInWith("<script>").error());
    JsonObject later =
        created(sup, session("李局长", "007", "coach1", now.plusSeconds(7200), now.plusSeconds(9000)));
    Answer early = signInWith(later.getString("code"));
    assertEquals(401, early.status());
    assertEquals("CODE_EARLY", early.error());
    JsonObject ended =
        created(sup, session("赵区长", "008", "coach1", now.minusSeconds(60), now.plusSeconds(3600)));
    assertEquals(200, sup.post("/api/guests/" + ended.getString("guestId") + "/end", "").status());
    assertEquals("CODE_EXPIRED", signInWith(ended.getString("code")).error());

    // lower case and without the dash, as someone types it
    StaffClient official = new StaffClient(h.gateway.httpPort());
    Answer in =
        official.post(
            "/api/session/guest",
            new JsonObject().put("code", code.replace("-", "").toLowerCase()).encode());
    assertEquals(200, in.status(), in.body());
    assertEquals(new JsonArray().add("official"), in.json().getJsonArray("roles"));
    assertEquals("003", in.json().getJsonObject("guest").getString("seat"));
    String officialId = in.json().getString("staffId");
    Answer again = signInWith(code);
    assertEquals(401, again.status());
    assertEquals("CODE_USED", again.error());

    // what the seat manager routes on: the officials' line, their district, the general queue
    var agent = h.gateway.seats().agent(officialId).toCompletableFuture().join().orElseThrow();
    assertEquals(Map.of("official_line", 1, "general", 2), agent.skills());
    assertEquals(java.util.Set.of("chaoyang"), agent.districts());

    // the official sits at the session's seat and nowhere else
    Answer elsewhere = official.post("/api/agents/" + officialId + "/login", "{\"seat\":\"005\"}");
    assertEquals(403, elsewhere.status(), elsewhere.body());
    assertEquals(
        200, official.post("/api/agents/" + officialId + "/login", "{\"seat\":\"003\"}").status());
    assertEquals(AgentState.AVAILABLE, status(officialId).state());

    // refused requests say why, field by field
    JsonObject bad = new JsonObject(session("某", "003", "coach1", now, now.plusSeconds(3600)));
    assertEquals(
        "district",
        sup.post("/api/guests", bad.copy().put("district", "atlantis").encode())
            .json()
            .getString("field"));
    assertEquals(
        "seat",
        sup.post("/api/guests", bad.copy().put("seat", "999").encode()).json().getString("field"));
    assertEquals(
        "coachId",
        sup.post("/api/guests", bad.copy().put("coach", "gsup-nobody").encode())
            .json()
            .getString("field"));
    assertEquals(
        "endsAt",
        sup.post(
                "/api/guests", bad.copy().put("endsAt", now.plusSeconds(86400).toString()).encode())
            .json()
            .getString("field"));
    assertEquals(
        422, sup.post("/api/guests", bad.copy().put("startsAt", "tomorrow").encode()).status());
    assertEquals(
        403, TestStaff.signIn(h.gateway, "plain1").post("/api/guests", bad.encode()).status());

    JsonArray audit = sup.get("/api/audit?action=sign-in.guest").json().getJsonArray("events");
    assertTrue(
        audit.stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                e ->
                    officialId.equals(e.getString("actor")) && "ok".equals(e.getString("outcome"))),
        audit.encode());
    assertTrue(
        audit.stream()
            .map(JsonObject.class::cast)
            .anyMatch(e -> "code_used".equals(e.getString("outcome"))),
        "refusals are audited too");

    // ending the session signs the official out of the gateway and off the seat
    assertEquals(200, sup.post("/api/guests/" + g.getString("guestId") + "/end", "").status());
    h.await(
        "the official is off the seat",
        WAIT,
        () -> status(officialId).state() == AgentState.LOGGED_OUT);
    h.await(
        "the official's web session ended",
        WAIT,
        () -> official.get("/api/session").status() == 401);
  }

  @Test
  void aDistrictCallReachesTheOfficialFirstAndTheCoachCorrectsTheCase() throws Exception {
    StaffClient sup = TestStaff.signIn(h.gateway, "gsup");
    Instant now = Instant.now();
    JsonObject g =
        created(sup, session("陈书记", "004", "coach2", now.minusSeconds(60), now.plusSeconds(7200)));
    // an ordinary agent is free, and was free first
    StaffClient plain = TestStaff.signIn(h.gateway, "plain1");
    h.sim.seat("seat005").behave(SeatBehaviour.answering(0.3, 600));
    assertEquals(200, plain.post("/api/agents/plain1/login", "{\"seat\":\"005\"}").status());
    StaffClient official = new StaffClient(h.gateway.httpPort());
    Answer in =
        official.post(
            "/api/session/guest", new JsonObject().put("code", g.getString("code")).encode());
    assertEquals(200, in.status(), in.body());
    String officialId = in.json().getString("staffId");
    h.sim.seat("seat004").behave(SeatBehaviour.answering(0.3, 600));
    assertEquals(
        200, official.post("/api/agents/" + officialId + "/login", "{\"seat\":\"004\"}").status());

    // the caller presses 03: Chaoyang
    String caller = "13600136000";
    String channel =
        h.sim
            .placeCall(new CallSpec(caller, "", OFFICIALS_LINE, 600, Keypads.sequence("03", 0.2)))
            .await(5, TimeUnit.SECONDS);
    h.await("the official answers", WAIT, () -> status(officialId).state() == AgentState.ON_CALL);
    assertEquals(AgentState.AVAILABLE, status("plain1").state(), "not the ordinary agent");
    String callId = status(officialId).callId().orElseThrow();

    // the coach follows the call and may read its case; nobody else may
    StaffClient coach = TestStaff.signIn(h.gateway, "coach2");
    JsonArray coached = coach.get("/api/guests/coached").json().getJsonArray("officials");
    assertEquals(officialId, coached.getJsonObject(0).getString("staffId"));
    h.await(
        "the draft case", WAIT, () -> coach.get("/api/calls/" + callId + "/case").status() == 200);
    assertEquals("draft", coach.get("/api/calls/" + callId + "/case").json().getString("status"));
    assertEquals(
        403, TestStaff.signIn(h.gateway, "coach1").get("/api/calls/" + callId + "/case").status());
    String caseId = coach.get("/api/calls/" + callId + "/case").json().getString("caseId");
    Case draft = h.cases.findCase(caseId).toCompletableFuture().join().orElseThrow();
    assertEquals(
        "陈书记（区委书记）", draft.call().official().orElseThrow().name(), "the case records the official");

    // the official writes the case and leaves a number the caller can reach them on
    JsonObject form =
        new JsonObject()
            .put("requestType", "complaint")
            .put("category", "heating.not_warm")
            .put("location", "望京西园三区")
            .put("summary", "居民反映暖气不热")
            .put("disposition", "dispatch")
            .put("officialName", "陈书记（区委书记）")
            .put("officialPhone", "01065090001")
            .put("agentId", "someone-else");
    Answer submitted = official.post("/api/calls/" + callId + "/case", form.encode());
    assertEquals(201, submitted.status(), submitted.body());
    assertEquals(
        officialId,
        submitted.json().getJsonObject("content").getString("submittedBy"),
        "whoever sent it");

    // the coach corrects it: a new version goes to dispatch, the history says who
    Answer amended =
        coach.post(
            "/api/cases/" + caseId + "/amend",
            form.copy().put("summary", "居民反映望京西园三区3号楼暖气不热，室温15度").encode());
    assertEquals(200, amended.status(), amended.body());
    assertTrue(
        amended.json().getJsonArray("history").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                l -> "coach2".equals(l.getString("by")) && "amended".equals(l.getString("note"))),
        amended.body());
    assertEquals(403, plain.post("/api/cases/" + caseId + "/amend", form.encode()).status());
    h.await(
        "the corrected version reaches dispatch",
        WAIT,
        () ->
            dispatched().stream()
                .map(JsonObject::new)
                .anyMatch(
                    j ->
                        caseId.equals(j.getString("caseId"))
                            && "amended".equals(j.getString("event"))
                            && j.encode().contains("3号楼")
                            && j.encode().contains("01065090001")));

    h.sim.callerHangsUp(channel).await(5, TimeUnit.SECONDS);
    h.await("the call is over", WAIT, () -> status(officialId).state() != AgentState.ON_CALL);

    // the summary lists the call and the corrected case, with its status now
    h.await(
        "the summary counts the call",
        WAIT,
        () ->
            sup.get("/api/guests/" + g.getString("guestId") + "/summary")
                    .json()
                    .getLong("calls", 0L)
                == 1);
    JsonObject summary = sup.get("/api/guests/" + g.getString("guestId") + "/summary").json();
    assertEquals(1, summary.getInteger("dispatched"));
    JsonObject listed = summary.getJsonArray("cases").getJsonObject(0);
    assertEquals(caseId, listed.getString("caseId"));
    assertTrue(listed.getString("summary").contains("3号楼"), listed.encode());
    assertEquals("01065090001", listed.getString("officialPhone"));
    assertEquals(
        new JsonObject().put("category", "heating.not_warm").put("cases", 1),
        summary.getJsonArray("categories").getJsonObject(0));
    assertEquals(403, plain.get("/api/guests/" + g.getString("guestId") + "/summary").status());

    // the same caller on the officials' line again, pressing nothing: their last case was in
    // Chaoyang, so the official takes it
    h.await(
        "the official is free again",
        WAIT,
        () -> {
          AgentStatus s = status(officialId);
          if (s.state() == AgentState.WRAP_UP) {
            official.post("/api/agents/" + officialId + "/wrap-up-done", "");
          }
          return status(officialId).state() == AgentState.AVAILABLE;
        });
    String again =
        h.sim
            .placeCall(new CallSpec(caller, "", OFFICIALS_LINE, 600, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    h.await(
        "the official answers again", WAIT, () -> status(officialId).state() == AgentState.ON_CALL);
    assertEquals(AgentState.AVAILABLE, status("plain1").state());
    h.sim.callerHangsUp(again).await(5, TimeUnit.SECONDS);
    h.await("the official is done", WAIT, () -> status(officialId).state() != AgentState.ON_CALL);
    official.post("/api/agents/" + officialId + "/logout", "");
    plain.post("/api/agents/plain1/logout", "");
  }

  @Test
  void aCallAboutAnotherDistrictFallsBackToEveryone() throws Exception {
    StaffClient sup = TestStaff.signIn(h.gateway, "gsup");
    Instant now = Instant.now();
    JsonObject g =
        created(sup, session("周主任", "006", "coach1", now.minusSeconds(60), now.plusSeconds(7200)));
    StaffClient official = new StaffClient(h.gateway.httpPort());
    String officialId =
        official
            .post("/api/session/guest", new JsonObject().put("code", g.getString("code")).encode())
            .json()
            .getString("staffId");
    // the Chaoyang official is paused: a Haidian call waits for a Haidian official, then anyone
    // of the officials, then the general queue's agents
    official.post(
        "/api/agents/" + officialId + "/login", "{\"seat\":\"006\",\"pauseReason\":\"break\"}");
    StaffClient plain = TestStaff.signIn(h.gateway, "plain2");
    h.sim.seat("seat009").behave(SeatBehaviour.answering(0.3, 600));
    assertEquals(200, plain.post("/api/agents/plain2/login", "{\"seat\":\"009\"}").status());
    Instant placed = Instant.now();
    String channel =
        h.sim
            .placeCall(
                new CallSpec("13600136999", "", OFFICIALS_LINE, 600, Keypads.sequence("04", 0.2)))
            .await(5, TimeUnit.SECONDS);
    h.await(
        "an ordinary agent answers", WAIT, () -> status("plain2").state() == AgentState.ON_CALL);
    assertTrue(
        Duration.between(placed, Instant.now()).toMillis() >= 4000,
        "only after the officials' line's waits");
    assertEquals(AgentState.PAUSED, status(officialId).state());
    h.sim.callerHangsUp(channel).await(5, TimeUnit.SECONDS);
    plain.post("/api/agents/plain2/logout", "");
    official.post("/api/agents/" + officialId + "/logout", "");
  }
}
