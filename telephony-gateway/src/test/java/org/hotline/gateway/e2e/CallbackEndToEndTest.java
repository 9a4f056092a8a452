package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calling back a caller who hung up waiting, through the simulated exchange with the shipped
 * dialplan and manager.conf: the callback is listed (number masked), claimed by one agent, dialled
 * with an Originate of the agent's own seat that then rings the resident through the trunk; a
 * resident reached gets a case that reaches the dispatch sink, an unanswered try frees the agent
 * and the callback for later.
 */
class CallbackEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Harness h;

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start(o -> o.withSeed(71), Duration.ofSeconds(10));
    TestStaff.add(h.gateway, "cbk1", StaffRole.AGENT);
    TestStaff.add(h.gateway, "cbk2", StaffRole.AGENT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @BeforeEach
  void offDuty() {
    for (String a : List.of("cbk1", "cbk2")) {
      // logged out whatever the previous test left (out already is refused, and fine)
      h.gateway.seats().logout(a).toCompletableFuture().exceptionally(e -> null).join();
    }
  }

  /** A caller who gives up waiting while every agent is paused. */
  private static String abandonedCall(String number) throws Exception {
    h.sim
        .placeCall(new CallSpec(number, "", "10000", 2.0, Keypad.silent()))
        .await(5, TimeUnit.SECONDS);
    h.await(
        "the abandoned call in the callback list",
        WAIT,
        () ->
            h.cases.callbackCandidates(50).toCompletableFuture().join().stream()
                .anyMatch(k -> k.callerNumber().equals(number)));
    return h.cases.callbackCandidates(50).toCompletableFuture().join().stream()
        .filter(k -> k.callerNumber().equals(number))
        .findFirst()
        .orElseThrow()
        .callId();
  }

  private static JsonObject entry(StaffClient who, String callId) {
    JsonArray list = who.get("/api/callbacks").json().getJsonArray("callbacks");
    return list.stream()
        .map(JsonObject.class::cast)
        .filter(k -> k.getString("callId").equals(callId))
        .findFirst()
        .orElse(null);
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
  void anAgentClaimsDialsAndReachesTheResidentAndTheCaseIsDispatched() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "cbk1");
    StaffClient colleague = TestStaff.signIn(h.gateway, "cbk2");
    assertEquals(200, agent.post("/api/agents/cbk1/login", "{\"seat\":\"005\"}").status());
    assertEquals(200, colleague.post("/api/agents/cbk2/login", "{\"seat\":\"006\"}").status());
    agent.post("/api/agents/cbk1/pause", "{\"reason\":\"break\"}");
    colleague.post("/api/agents/cbk2/pause", "{\"reason\":\"break\"}");
    h.sim.seat("13800001111@trunk").behave(SeatBehaviour.answering(1.0, 30.0));
    String callId = abandonedCall("13800001111");

    JsonObject listed = entry(agent, callId);
    assertEquals("abandoned", listed.getString("reason"));
    assertFalse(listed.getString("number").contains("13800001111"), "masked until claimed");

    // one agent takes it; the colleague is refused and still sees the number masked
    StaffClient.Answer claimed = agent.post("/api/callbacks/" + callId + "/claim", "");
    assertEquals(200, claimed.status(), claimed.body());
    assertEquals("13800001111", claimed.json().getString("number"));
    StaffClient.Answer taken = colleague.post("/api/callbacks/" + callId + "/claim", "");
    assertEquals(409, taken.status());
    assertEquals("CALLBACK_CLAIMED", taken.error());
    assertEquals(409, colleague.post("/api/callbacks/" + callId + "/dial", "").status());
    assertFalse(entry(colleague, callId).getString("number").contains("13800001111"));
    assertEquals("cbk1", entry(colleague, callId).getString("claimedBy"));

    // dialling: the agent's own seat is originated, then the resident's phone rings through the
    // trunk and answers
    List<AmiMessage> actions = new CopyOnWriteArrayList<>();
    h.sim.onAction(actions::add).await(5, TimeUnit.SECONDS);
    List<AmiMessage> events = new CopyOnWriteArrayList<>();
    h.sim.onEvent(events::add);
    StaffClient.Answer dialled = agent.post("/api/callbacks/" + callId + "/dial", "");
    assertEquals(200, dialled.status(), dialled.body());
    AgentStatus paused = status("cbk1");
    assertEquals(AgentState.PAUSED, paused.state(), "no call is offered while calling back");
    assertEquals("callback", ((AgentStatus.Paused) paused).reason());
    h.await(
        "the Originate of the agent's seat",
        WAIT,
        () -> actions.stream().anyMatch(a -> a.value("Action").equalsIgnoreCase("Originate")));
    AmiMessage originate =
        actions.stream()
            .filter(a -> a.value("Action").equalsIgnoreCase("Originate"))
            .findFirst()
            .orElseThrow();
    assertEquals("PJSIP/seat005", originate.value("Channel"));
    assertEquals("hotline-callback", originate.value("Context"));
    assertEquals("13800001111", originate.value("Exten"));
    assertTrue(originate.value("CallerID").contains("12345"), originate.value("CallerID"));
    h.await(
        "the resident's phone answered",
        WAIT,
        () ->
            events.stream()
                .anyMatch(
                    e ->
                        e.value("Event").equals("DialEnd")
                            && e.value("DestChannel").startsWith("PJSIP/13800001111@trunk")
                            && e.value("DialStatus").equals("ANSWER")));

    // only the holder records the outcome; a reached resident gets a case
    assertEquals(
        409,
        colleague
            .post("/api/callbacks/" + callId + "/outcome", "{\"outcome\":\"no_answer\"}")
            .status());
    assertEquals(
        400,
        agent
            .post("/api/callbacks/" + callId + "/outcome", "{\"outcome\":\"unreachable\"}")
            .status());
    StaffClient.Answer reached =
        agent.post("/api/callbacks/" + callId + "/outcome", "{\"outcome\":\"reached\"}");
    assertEquals(200, reached.status(), reached.body());
    String caseId = reached.json().getString("caseId");
    String outbound = reached.json().getString("callbackCall");
    assertEquals("reached", reached.json().getJsonObject("callback").getString("lastOutcome"));
    assertTrue(entry(agent, callId) == null, "no longer open");

    JsonObject form =
        new JsonObject()
            .put("requestType", "consultation")
            .put("category", "heating.not_warm")
            .put("location", "望京西园三区")
            .put("summary", "回拨：居民反映室温不达标，已记录")
            .put("disposition", "dispatch")
            .put("agentId", "cbk1");
    StaffClient.Answer done = agent.post("/api/cases/" + caseId + "/complete", form.encode());
    assertEquals(200, done.status(), done.body());
    assertEquals(
        403,
        colleague.post("/api/cases/" + caseId + "/complete", form.encode()).status(),
        "only the agent who called back");
    h.await(
        "the callback's case at the dispatch sink",
        WAIT,
        () ->
            dispatched().stream()
                .map(JsonObject::new)
                .anyMatch(
                    j ->
                        caseId.equals(j.getString("caseId"))
                            && outbound.equals(j.getJsonObject("call").getString("callId"))
                            && "callback".equals(j.getJsonObject("call").getString("queue"))
                            && "cbk1".equals(j.getJsonObject("call").getString("agentId"))));
    assertEquals(200, agent.post("/api/agents/cbk1/ready", "").status());
  }

  @Test
  void anUnansweredTryFreesTheAgentAndLeavesTheCallbackForLater() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "cbk2");
    agent.post("/api/agents/cbk2/login", "{\"seat\":\"006\"}");
    agent.post("/api/agents/cbk2/pause", "{\"reason\":\"break\"}");
    StaffClient other = TestStaff.signIn(h.gateway, "cbk1");
    other.post("/api/agents/cbk1/login", "{\"seat\":\"005\"}");
    other.post("/api/agents/cbk1/pause", "{\"reason\":\"break\"}");
    h.sim.seat("13800002222@trunk").behave(SeatBehaviour.neverAnswers());
    String callId = abandonedCall("13800002222");

    assertEquals(200, agent.post("/api/callbacks/" + callId + "/claim", "").status());
    assertEquals(200, agent.post("/api/callbacks/" + callId + "/dial", "").status());
    StaffClient.Answer missed =
        agent.post("/api/callbacks/" + callId + "/outcome", "{\"outcome\":\"no_answer\"}");
    assertEquals(200, missed.status(), missed.body());
    assertFalse(missed.json().containsKey("caseId"));
    assertEquals(AgentState.AVAILABLE, status("cbk2").state(), "free for the next call");
    JsonObject again = entry(other, callId);
    assertEquals(1, again.getInteger("attempts"));
    assertEquals("no_answer", again.getString("lastOutcome"));
    assertFalse(again.containsKey("claimedBy"), "anyone may try again");
    assertEquals(200, other.post("/api/callbacks/" + callId + "/claim", "").status());
  }
}
