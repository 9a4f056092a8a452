package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consulting a supervisor through the simulated exchange running the shipped dialplan and
 * manager.conf: the caller waits alone in the call's holding room while the agent's seat and the
 * supervisor's own seat phone talk in the call's room; then the caller is handed to the supervisor
 * (the agent wraps up) or goes back to the agent (the supervisor is free again).
 */
class ConsultEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Harness h;
  private static ConferenceEvents rooms;

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start(o -> o.withSeed(29), Duration.ofSeconds(15));
    rooms = new ConferenceEvents(h.sim);
    for (String id : List.of("cons1", "cons2", "cons3", "cons4", "busy4", "nosy")) {
      TestStaff.add(h.gateway, id, StaffRole.AGENT);
    }
    for (String id : List.of("sup1", "sup2", "sup3", "sup4")) {
      TestStaff.add(h.gateway, id, StaffRole.SUPERVISOR);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  /** The supervisor signs in at {@code seat}, whose phone answers after half a second. */
  private static StaffClient supervisorAt(String id, String seat) throws Exception {
    StaffClient s = TestStaff.signIn(h.gateway, id);
    h.sim.seat("seat" + seat).behave(SeatBehaviour.answering(0.5, 600));
    Answer login = s.post("/api/agents/" + id + "/login", "{\"seat\":\"" + seat + "\"}");
    assertEquals(200, login.status(), login.body());
    return s;
  }

  private static String consult(String callId) {
    return "/api/calls/" + callId + "/consult";
  }

  /**
   * Starts the consultation and waits until the supervisor talks to the agent, the caller apart.
   */
  private static void consulting(
      StaffClient agent, String agentId, String callId, String supervisor) throws Exception {
    Answer started = agent.post(consult(callId), "{\"agent\":\"" + supervisor + "\"}");
    assertEquals(200, started.status(), started.body());
    assertEquals("consulting", started.json().getString("state"));
    String room = "3way-" + callId;
    h.await("the caller waits alone", WAIT, () -> rooms.joined("hold-" + callId, "held"));
    h.await("the seat is in the room", WAIT, () -> rooms.joined(room, "seat"));
    h.await(
        "the supervisor's phone answers into the room",
        WAIT,
        () -> rooms.joined(room, "supervisor"));
    assertTrue(!rooms.joined(room, "caller"), "the caller hears nothing of the consultation");
    assertEquals(AgentState.PAUSED, h.state(supervisor), "no queue call meanwhile");
    assertEquals(AgentState.ON_CALL, h.state(agentId));
    assertTrue(
        rooms.all().stream()
            .noneMatch(
                e ->
                    e.isEvent()
                        && e.eventType().equals("Newexten")
                        && e.value("Context").equals("hotline-hold")
                        && callId.endsWith(e.value("Uniqueid"))),
        "the caller never went back to hold");
  }

  /** Signs {@code id} out, so that they take no call of the next test. */
  private static void loggedOut(StaffClient who, String id) {
    Answer out = who.post("/api/agents/" + id + "/logout", "");
    assertEquals(200, out.status(), out.body());
  }

  @Test
  void anAgentConsultsASupervisorAndHandsTheCallerToThem() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "cons1");
    String callId = h.answeredCall(agent, "cons1", "001", "13911113001");
    StaffClient sup =
        supervisorAt("sup1", "006"); // after the answer: a free supervisor takes queue calls
    consulting(agent, "cons1", callId, "sup1");
    String room = "3way-" + callId;

    Answer handed = agent.post(consult(callId) + "/transfer", "");
    assertEquals(200, handed.status(), handed.body());
    assertEquals("transferred", handed.json().getString("state"));
    h.await("the caller joins the supervisor", WAIT, () -> rooms.joined(room, "caller"));
    h.await("the agent's seat leaves", WAIT, () -> rooms.left(room, "seat"));
    assertEquals(AgentState.WRAP_UP, h.state("cons1"), "the agent wraps up");
    CallView call = h.call(callId).orElseThrow();
    assertEquals(CallState.CONNECTED, call.state());
    assertEquals(Optional.of("sup1"), call.agentId(), "the call is the supervisor's");
    assertEquals(Optional.of("006"), call.seatId());
    assertEquals(AgentState.ON_CALL, h.state("sup1"));
    Thread.sleep(300);
    assertTrue(!rooms.left(room, "caller") && !rooms.left(room, "supervisor"), "they talk on");

    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    h.await(
        "the call ends at the supervisor",
        WAIT,
        () -> h.call(callId).map(v -> v.state() == CallState.FINISHED).orElse(false));
    h.await("the supervisor wraps up", WAIT, () -> h.state("sup1") == AgentState.WRAP_UP);
    h.await("every leg hung up", WAIT, () -> h.channels().isEmpty());
    loggedOut(sup, "sup1");
    loggedOut(agent, "cons1");
  }

  @Test
  void anAgentConsultsASupervisorAndGoesBackToTheCaller() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "cons2");
    String callId = h.answeredCall(agent, "cons2", "002", "13911113002");
    StaffClient sup =
        supervisorAt("sup2", "007"); // after the answer: a free supervisor takes queue calls
    Answer early = agent.post(consult(callId) + "/return", "");
    assertEquals(409, early.status(), early.body());
    assertEquals("NO_CONSULT", early.error());
    consulting(agent, "cons2", callId, "sup2");
    String room = "3way-" + callId;

    Answer back = agent.post(consult(callId) + "/return", "");
    assertEquals(200, back.status(), back.body());
    assertEquals("returned", back.json().getString("state"));
    h.await("the supervisor is dropped", WAIT, () -> rooms.left(room, "supervisor"));
    h.await("the caller is back with the agent", WAIT, () -> rooms.joined(room, "caller"));
    h.await("the supervisor is free", WAIT, () -> h.state("sup2") == AgentState.AVAILABLE);
    CallView call = h.call(callId).orElseThrow();
    assertEquals(CallState.CONNECTED, call.state());
    assertEquals(Optional.of("cons2"), call.agentId());
    assertEquals(AgentState.ON_CALL, h.state("cons2"));
    Thread.sleep(300);
    assertTrue(
        !rooms.left(room, "seat") && !rooms.left(room, "caller"), "agent and caller talk on");

    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    h.await("the agent wraps up", WAIT, () -> h.state("cons2") == AgentState.WRAP_UP);
    h.await("every leg hung up", WAIT, () -> h.channels().isEmpty());
    loggedOut(sup, "sup2");
    loggedOut(agent, "cons2");
  }

  @Test
  void aCallerWhoHangsUpDuringTheConsultationLeavesNothingStuck() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "cons3");
    String callId = h.answeredCall(agent, "cons3", "003", "13911113003");
    StaffClient sup =
        supervisorAt("sup3", "008"); // after the answer: a free supervisor takes queue calls
    consulting(agent, "cons3", callId, "sup3");

    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    h.await(
        "the call ends",
        WAIT,
        () -> h.call(callId).map(v -> v.state() == CallState.FINISHED).orElse(false));
    h.await("every leg hung up", WAIT, () -> h.channels().isEmpty());
    h.await("the supervisor is free", WAIT, () -> h.state("sup3") == AgentState.AVAILABLE);
    assertEquals(AgentState.WRAP_UP, h.state("cons3"));
    Answer after = agent.post(consult(callId) + "/transfer", "");
    assertEquals(409, after.status(), after.body());
    loggedOut(sup, "sup3");
    loggedOut(agent, "cons3");
  }

  @Test
  void consultationsAreRefusedClearly() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "cons4");
    StaffClient nosy = TestStaff.signIn(h.gateway, "nosy");
    String callId = h.answeredCall(agent, "cons4", "004", "13911113004");
    StaffClient sup = supervisorAt("sup4", "009");
    StaffClient busy = TestStaff.signIn(h.gateway, "busy4");
    assertEquals(
        200, busy.post("/api/agents/busy4/login", "{\"seat\":\"010\"}").status(), "busy4 logs in");

    Answer notYours = nosy.post(consult(callId), "{\"agent\":\"sup4\"}");
    assertEquals(403, notYours.status(), notYours.body());
    Answer unknown = agent.post(consult(callId), "{\"agent\":\"nobody\"}");
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("AGENT_UNKNOWN", unknown.error());
    Answer notSupervisor = agent.post(consult(callId), "{\"agent\":\"busy4\"}");
    assertEquals(409, notSupervisor.status(), notSupervisor.body());
    assertEquals("NOT_A_SUPERVISOR", notSupervisor.error());
    assertEquals(200, sup.post("/api/agents/sup4/pause", "{\"reason\":\"break\"}").status());
    Answer notFree = agent.post(consult(callId), "{\"agent\":\"sup4\"}");
    assertEquals(409, notFree.status(), notFree.body());
    assertEquals("SUPERVISOR_NOT_FREE", notFree.error());
    Answer noName = agent.post(consult(callId), "{\"agent\":7}");
    assertEquals(400, noName.status(), noName.body());
    Answer nothingToHand = agent.post(consult(callId) + "/transfer", "");
    assertEquals(409, nothingToHand.status(), nothingToHand.body());
    assertEquals("NO_CONSULT", nothingToHand.error());
    Answer noCall = agent.post("/api/calls/ast1:9999.1/consult", "{\"agent\":\"sup4\"}");
    assertEquals(404, noCall.status(), noCall.body());
    assertEquals(AgentState.ON_CALL, h.state("cons4"), "nothing changed");
    loggedOut(busy, "busy4");
    loggedOut(sup, "sup4");
    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    h.await("the agent wraps up", WAIT, () -> h.state("cons4") == AgentState.WRAP_UP);
    loggedOut(agent, "cons4");
  }
}
