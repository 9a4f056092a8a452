package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;

/**
 * Return visits made by agents as outbound tasks (mode agent), over real HTTP, and the city
 * report's resolution and satisfaction rates computed from them: five visits answered (1,1), (2,1),
 * (3,2), (1,2), (2,1) give resolution 3/5 and satisfaction 4/5, where before they said "no data".
 * The do-not-call list is kept by supervisors.
 */
class ReturnVisitRatesHttpTest {

  private static final int[][] ANSWERS = {{1, 1}, {2, 1}, {3, 2}, {1, 2}, {2, 1}};

  @Test
  void visitsAnsweredByAgentsFeedTheResolutionAndSatisfactionRates() throws Exception {
    Harness h =
        Harness.startWithVisits(
            o -> o.withSeed(1203), ReturnVisitEndToEndTest.quick(ReturnVisitPolicy.Mode.AGENT));
    try {
      TestStaff.add(h.gateway, "rvag1", StaffRole.AGENT);
      TestStaff.add(h.gateway, "rvag2", StaffRole.AGENT);
      TestStaff.add(h.gateway, "rvmgr", StaffRole.MANAGER);
      StaffClient agent = TestStaff.signIn(h.gateway, "rvag1");
      StaffClient colleague = TestStaff.signIn(h.gateway, "rvag2");
      StaffClient manager = TestStaff.signIn(h.gateway, "rvmgr");
      String month = YearMonth.now(ReturnVisitEndToEndTest.ZONE).toString();

      String[] cases = new String[ANSWERS.length];
      for (int i = 0; i < cases.length; i++) {
        cases[i] = ReturnVisitEndToEndTest.submittedCase(h, "1390000030" + i);
      }
      for (String id : cases) {
        ReturnVisitEndToEndTest.resolveOverHttp(h, id);
      }
      JsonObject list = agent.get("/api/visits").json();
      assertEquals("agent", list.getString("mode"));
      assertEquals(cases.length, list.getJsonArray("visits").size());
      assertEquals(
          "139****0300",
          list.getJsonArray("visits").getJsonObject(0).getString("number"),
          "a number shows in full only to the visit's holder");

      h.sim.seat("seat005").behave(SeatBehaviour.answering(0.3, 60));
      h.sim.seat(trunkOf(0)).behave(SeatBehaviour.answering(0.3, 60));
      List<AmiMessage> actions = new CopyOnWriteArrayList<>();
      h.sim.onAction(actions::add).await(5, TimeUnit.SECONDS);
      for (int i = 0; i < cases.length; i++) {
        Answer claimed = agent.post("/api/visits/" + cases[i] + "/claim", "");
        assertEquals(200, claimed.status(), claimed.body());
        assertEquals("1390000030" + i, claimed.json().getString("number"));
        if (i == 0) {
          assertEquals(
              409, agent.post("/api/visits/" + cases[0] + "/dial", "").status(), "not at a seat");
          assertEquals(200, agent.post("/api/agents/rvag1/login", "{\"seat\":\"005\"}").status());
          assertEquals(409, colleague.post("/api/visits/" + cases[0] + "/dial", "").status());
          Answer dialled = agent.post("/api/visits/" + cases[0] + "/dial", "");
          assertEquals(200, dialled.status(), dialled.body());
          AgentStatus paused = h.gateway.seats().status("rvag1").toCompletableFuture().join();
          assertEquals(AgentState.PAUSED, paused.state(), "no call is offered while visiting");
          h.await(
              "the Originate of the agent's seat",
              Duration.ofSeconds(10),
              () ->
                  actions.stream().anyMatch(a -> a.value("Action").equalsIgnoreCase("Originate")));
          AmiMessage originate =
              actions.stream()
                  .filter(a -> a.value("Action").equalsIgnoreCase("Originate"))
                  .findFirst()
                  .orElseThrow();
          assertEquals("PJSIP/seat005", originate.value("Channel"));
          assertEquals("hotline-callback", originate.value("Context"));
          assertEquals("13900000300", originate.value("Exten"));
          Answer theirs =
              colleague.post(
                  "/api/visits/" + cases[0] + "/answers", "{\"satisfaction\":1,\"resolved\":1}");
          assertEquals(409, theirs.status(), theirs.body());
          assertEquals("VISIT_CLAIMED", theirs.error());
          Answer bad =
              agent.post(
                  "/api/visits/" + cases[0] + "/answers", "{\"satisfaction\":4,\"resolved\":1}");
          assertEquals(400, bad.status(), bad.body());
        }
        Answer answered =
            agent.post(
                "/api/visits/" + cases[i] + "/answers",
                "{\"satisfaction\":"
                    + ANSWERS[i][0]
                    + ",\"resolved\":"
                    + ANSWERS[i][1]
                    + ",\"note\":\"回访\"}");
        assertEquals(200, answered.status(), answered.body());
        if (i == 0) {
          assertEquals(
              AgentState.AVAILABLE,
              h.gateway.seats().status("rvag1").toCompletableFuture().join().state(),
              "the answers free the seat");
        }
        boolean closes = ANSWERS[i][1] == 1 && ANSWERS[i][0] != 3;
        assertEquals(
            closes ? CaseStatus.CLOSED.code() : CaseStatus.SUBMITTED.code(),
            answered.json().getString("status"),
            "answers " + ANSWERS[i][0] + "," + ANSWERS[i][1]);
      }
      assertEquals(
          404, agent.post("/api/visits/" + cases[0] + "/claim", "").status(), "visited already");

      JsonObject after = chaoyang(manager, month);
      // the month's report is asked once, after the visits: it is kept for a few minutes
      assertNotNull(rate(after, "resolution"), after.encode());
      JsonObject resolution = after.getJsonObject("rates").getJsonObject("resolution");
      assertEquals(3, resolution.getLong("numerator"));
      assertEquals(5, resolution.getLong("denominator"));
      assertEquals(3.0 / 5, rate(after, "resolution"), 1e-9);
      assertEquals(4.0 / 5, rate(after, "satisfaction"), 1e-9);
    } finally {
      h.close();
    }
  }

  @Test
  void supervisorsKeepTheDoNotCallListAndAListedResidentGetsNoVisit() throws Exception {
    Harness h =
        Harness.startWithVisits(
            o -> o.withSeed(1204), ReturnVisitEndToEndTest.quick(ReturnVisitPolicy.Mode.AGENT));
    try {
      TestStaff.add(h.gateway, "rvsup", StaffRole.SUPERVISOR);
      TestStaff.add(h.gateway, "rvag3", StaffRole.AGENT);
      StaffClient sup = TestStaff.signIn(h.gateway, "rvsup");
      StaffClient agent = TestStaff.signIn(h.gateway, "rvag3");
      Answer added =
          sup.post("/api/do-not-call", "{\"number\":\"139 0000 0401\",\"reason\":\"居民要求不回访\"}");
      assertEquals(200, added.status(), added.body());
      assertEquals("13900000401", added.json().getString("number"));
      assertEquals("rvsup", added.json().getString("by"));
      assertEquals(
          400, sup.post("/api/do-not-call", "{\"number\":\"abc\",\"reason\":\"x\"}").status());
      assertEquals(
          400, sup.post("/api/do-not-call", "{\"number\":\"13900000402\"}").status(), "no reason");
      assertEquals(403, agent.get("/api/do-not-call").status());
      JsonArray numbers = sup.get("/api/do-not-call").json().getJsonArray("numbers");
      assertEquals(
          List.of("13900000401"),
          numbers.stream().map(n -> ((JsonObject) n).getString("number")).toList());

      String listed = ReturnVisitEndToEndTest.submittedCase(h, "13900000401");
      ReturnVisitEndToEndTest.resolveOverHttp(h, listed);
      assertEquals(
          "dnc", ReturnVisitEndToEndTest.visitOf(h, listed).state().code(), "never called");
      assertTrue(agent.get("/api/visits").json().getJsonArray("visits").isEmpty(), "not listed");

      // an unanswered call from the desk is tried again later
      String other = ReturnVisitEndToEndTest.submittedCase(h, "13900000403");
      ReturnVisitEndToEndTest.resolveOverHttp(h, other);
      assertEquals(200, agent.post("/api/visits/" + other + "/claim", "").status());
      assertEquals(
          400,
          agent
              .post("/api/visits/" + other + "/outcome", "{\"outcome\":\"unreachable\"}")
              .status());
      Answer tried = agent.post("/api/visits/" + other + "/outcome", "{\"outcome\":\"no_answer\"}");
      assertEquals(200, tried.status(), tried.body());
      assertEquals("scheduled", tried.json().getString("state"));
      assertEquals(1, tried.json().getInteger("attempts"));
      assertEquals("no_answer", tried.json().getString("lastOutcome"));

      assertEquals(200, sup.delete("/api/do-not-call/13900000401").status());
      assertEquals(404, sup.delete("/api/do-not-call/13900000401").status());
      assertTrue(sup.get("/api/do-not-call").json().getJsonArray("numbers").isEmpty());
    } finally {
      h.close();
    }
  }

  private static String trunkOf(int i) {
    return "PJSIP/1390000030" + i + "@trunk";
  }

  private static JsonObject chaoyang(StaffClient manager, String month) {
    Answer a = manager.get("/api/reports/city/rates?month=" + month);
    assertEquals(200, a.status(), a.body());
    JsonArray districts = a.json().getJsonArray("districts");
    for (int i = 0; i < districts.size(); i++) {
      if ("chaoyang".equals(districts.getJsonObject(i).getString("districtId"))) {
        return districts.getJsonObject(i);
      }
    }
    throw new AssertionError("no chaoyang in " + a.body());
  }

  private static Double rate(JsonObject district, String name) {
    JsonObject rate = district.getJsonObject("rates").getJsonObject(name);
    assertNotNull(rate, district.encode());
    Object v = rate.getValue("value");
    return v == null ? null : ((Number) v).doubleValue();
  }
}
