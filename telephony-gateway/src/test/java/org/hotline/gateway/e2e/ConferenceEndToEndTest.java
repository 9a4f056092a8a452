package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.ChannelInfo;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.StatusChange;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.CallState;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three-way calls with an outside unit through the simulated exchange running the shipped dialplan
 * and manager.conf: the caller and the agent's seat move from the answered Dial into the call's
 * ConfBridge room, the unit's phone (120 through the trunk) answers into it, the agent drops out
 * and wraps up while the caller and the unit talk on; the case and the call's record note it.
 */
class ConferenceEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Harness h;
  private static ConferenceEvents rooms;
  private static final List<AmiMessage> actions = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start(o -> o.withSeed(23), Duration.ofSeconds(15));
    rooms = new ConferenceEvents(h.sim);
    h.sim.onAction(actions::add).await(5, TimeUnit.SECONDS);
    for (String id : List.of("three1", "three2", "three3", "nosy")) {
      TestStaff.add(h.gateway, id, StaffRole.AGENT);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private static Optional<ChannelInfo> find(String channel) throws Exception {
    return h.sim.channels().await(5, TimeUnit.SECONDS).stream()
        .filter(c -> c.name().equals(channel))
        .findFirst();
  }

  private static String conference(String callId) {
    return "/api/calls/" + callId + "/conference";
  }

  @Test
  void anAgentBringsInTheAmbulanceCentreThenDropsOutAndTheCallerAndUnitTalkOn() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "three1");
    StaffClient nosy = TestStaff.signIn(h.gateway, "nosy");
    h.sim.seat("120@trunk").behave(SeatBehaviour.answering(0.5, 600));
    String callId = h.answeredCall(agent, "three1", "001", "13911112001");
    String room = "3way-" + callId;

    Answer notYours = nosy.post(conference(callId), "{\"unit\":\"120\"}");
    assertEquals(403, notYours.status(), notYours.body());
    Answer unknown = agent.post(conference(callId), "{\"unit\":\"999\"}");
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("UNIT_UNKNOWN", unknown.error());
    Answer nothing = agent.post(conference(callId), "{\"unit\":7}");
    assertEquals(400, nothing.status(), nothing.body());
    Answer tooSoon = agent.post(conference(callId) + "/leave", "");
    assertEquals(409, tooSoon.status(), tooSoon.body());
    assertEquals("NO_CONFERENCE", tooSoon.error());

    Answer started = agent.post(conference(callId), "{\"unit\":\"120\"}");
    assertEquals(200, started.status(), started.body());
    assertEquals(room, started.json().getString("room"));
    assertEquals("calling", started.json().getString("state"));
    assertEquals(
        "120 急救中心", started.json().getJsonObject("unit").getJsonObject("name").getString("zh"));
    AmiMessage originate =
        actions.stream()
            .filter(a -> a.value("Action").equalsIgnoreCase("Originate"))
            .filter(a -> a.value("Channel").equals("PJSIP/120@trunk"))
            .findFirst()
            .orElseThrow();
    assertEquals("hotline-conference", originate.value("Context"));
    assertTrue(originate.value("CallerID").contains("12345"), originate.value("CallerID"));

    h.await(
        "caller and seat in the room",
        WAIT,
        () -> rooms.joined(room, "caller") && rooms.joined(room, "seat"));
    h.await("the unit answers into the room", WAIT, () -> rooms.joined(room, "unit"));
    assertEquals(
        AgentState.ON_CALL, h.state("three1"), "the agent stays until the unit has the facts");
    assertTrue(
        rooms.all().stream()
            .noneMatch(
                e ->
                    e.isEvent()
                        && e.eventType().equals("Newexten")
                        && e.value("Context").equals("hotline-hold")
                        && callId.endsWith(e.value("Uniqueid"))),
        "the caller never went back to hold");
    Answer twice = agent.post(conference(callId), "{\"unit\":\"110\"}");
    assertEquals(409, twice.status(), twice.body());
    assertEquals("UNIT_IN_CALL", twice.error());

    Answer left = agent.post(conference(callId) + "/leave", "");
    assertEquals(200, left.status(), left.body());
    assertEquals("left", left.json().getString("state"));
    h.await("the seat leaves the room", WAIT, () -> rooms.left(room, "seat"));
    assertEquals(AgentState.WRAP_UP, h.state("three1"), "the agent wraps up");
    assertEquals(CallState.FINISHED, h.call(callId).orElseThrow().state(), "no longer at the seat");
    Thread.sleep(300);
    assertTrue(
        !rooms.left(room, "caller") && !rooms.left(room, "unit"),
        "the caller and the unit talk on");

    h.await("the case notes the three-way", WAIT, () -> note(callId).isPresent());
    StatusChange n = note(callId).orElseThrow();
    assertEquals("three1", n.by());
    assertTrue(n.note().contains("three-way with 120 急救中心"), n.note());
    h.await("the unit's leg is recorded", WAIT, () -> participant(callId).isPresent());
    assertEquals("120|three1|open", participant(callId).orElseThrow());

    h.sim.callerHangsUp(channelOf(callId)).await(5, TimeUnit.SECONDS);
    h.await("the room ends with the caller", WAIT, () -> rooms.left(room, "unit"));
    h.await(
        "the unit's leave is recorded",
        WAIT,
        () -> participant(callId).orElse("").endsWith("left"));
    h.await("every leg hung up", WAIT, () -> channels().isEmpty());
    assertEquals(AgentState.WRAP_UP, h.state("three1"));
  }

  @Test
  void aCallerWhoHangsUpWhileTheUnitRingsLeavesNoSeatHoldingTheCall() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "three2");
    h.sim.seat("110@trunk").behave(SeatBehaviour.neverAnswers());
    String callId = h.answeredCall(agent, "three2", "002", "13911112002");
    String room = "3way-" + callId;
    Answer started = agent.post(conference(callId), "{\"unit\":\"110\"}");
    assertEquals(200, started.status(), started.body());
    h.await(
        "caller and seat in the room",
        WAIT,
        () -> rooms.joined(room, "caller") && rooms.joined(room, "seat"));
    Answer early = agent.post(conference(callId) + "/leave", "");
    assertEquals(409, early.status(), early.body());
    assertEquals("UNIT_NOT_JOINED", early.error());

    h.sim.callerHangsUp(channelOf(callId)).await(5, TimeUnit.SECONDS);
    h.await(
        "the call ends",
        WAIT,
        () -> h.call(callId).map(v -> v.state() == CallState.FINISHED).orElse(false));
    h.await("the seat is out of the room", WAIT, () -> rooms.left(room, "seat"));
    assertEquals(AgentState.WRAP_UP, h.state("three2"));
    Answer after = agent.post(conference(callId), "{\"unit\":\"110\"}");
    assertEquals(409, after.status(), "a finished call is not connected: " + after.body());
  }

  @Test
  void aCallNotConnectedIsRefused() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "three3");
    assertEquals(200, agent.post("/api/agents/three3/login", "{\"seat\":\"003\"}").status());
    h.sim.seat("seat003").behave(SeatBehaviour.answering(30, 600));
    String channel =
        h.sim
            .placeCall(
                new CallSpec("13911112003", "", "10000", Double.POSITIVE_INFINITY, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    String callId = "ast1:" + find(channel).orElseThrow().uniqueid();
    h.await(
        "the call rings at the seat",
        WAIT,
        () -> h.call(callId).map(v -> v.state() == CallState.OFFERED).orElse(false));
    Answer ringing = agent.post(conference(callId), "{\"unit\":\"120\"}");
    assertEquals(409, ringing.status(), ringing.body());
    assertEquals("CALL_NOT_CONNECTED", ringing.error());
    h.sim.callerHangsUp(channel).await(5, TimeUnit.SECONDS);
  }

  private static List<ChannelInfo> channels() {
    try {
      return h.sim.channels().await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String channelOf(String callId) {
    String unique = callId.substring(callId.indexOf(':') + 1);
    return channels().stream()
        .filter(c -> c.uniqueid().equals(unique))
        .findFirst()
        .orElseThrow()
        .name();
  }

  private static Optional<StatusChange> note(String callId) {
    Optional<String> caseId = h.db.query(c -> caseOf(c, callId)).toCompletableFuture().join();
    if (caseId.isEmpty()) {
      return Optional.empty();
    }
    Optional<Case> found = h.cases.findCase(caseId.get()).toCompletableFuture().join();
    return found.flatMap(
        c -> c.history().stream().filter(s -> s.note().contains("three-way")).findFirst());
  }

  private static Optional<String> caseOf(Connection c, String callId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT case_id FROM hotline.call_case WHERE call_id = ?")) {
      ps.setString(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** "party|invited_by|open" or "...|left". */
  private static Optional<String> participant(String callId) {
    return h.db
        .query(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT party, invited_by, left_at FROM hotline.call_participant"
                          + " WHERE call_id = ?")) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next()
                      ? Optional.of(
                          rs.getString(1)
                              + "|"
                              + rs.getString(2)
                              + "|"
                              + (rs.getObject(3) == null ? "open" : "left"))
                      : Optional.<String>empty();
                }
              }
            })
        .toCompletableFuture()
        .join();
  }
}
