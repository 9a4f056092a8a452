package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.StatusChange;
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
 * Blind transfers through the simulated exchange running the shipped dialplan and manager.conf: a
 * caller who talks to an agent of one queue is redirected from the answered Dial back to hold, and
 * rings an agent of another queue from there; the call's record keeps both legs and its case notes
 * the hand-over.
 */
class TransferEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Harness h;
  private static final List<AmiMessage> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start(o -> o.withSeed(17), Duration.ofSeconds(15));
    h.sim.onEvent(events::add);
    for (String id : List.of("first1", "first2", "first3", "first4", "outsider")) {
      TestStaff.add(h.gateway, id, StaffRole.AGENT);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private static String transfer(String callId) {
    return "/api/calls/" + callId + "/transfer";
  }

  @Test
  void aTransferToAnotherQueueReachesAnAgentThereAndTheRecordKeepsBothLegs() throws Exception {
    StaffClient first = TestStaff.signIn(h.gateway, "first1");
    StaffClient outsider = TestStaff.signIn(h.gateway, "outsider");
    String callId = h.answeredCall(first, "first1", "001", "13911110001");
    // an English-speaking agent of the english queue only, free, whose phone answers
    h.sim.seat("seat002").behave(SeatBehaviour.answering(0.5, 2.0));
    h.agent("english1", "002", "en");

    Answer notYours = outsider.post(transfer(callId), "{\"queue\":\"english\"}");
    assertEquals(403, notYours.status(), notYours.body());
    Answer nowhere = first.post(transfer(callId), "{\"queue\":\"nowhere\"}");
    assertEquals(404, nowhere.status(), nowhere.body());
    assertEquals("QUEUE_UNKNOWN", nowhere.error());
    Answer empty = first.post(transfer(callId), "{}");
    assertEquals(400, empty.status(), empty.body());
    assertEquals(
        CallState.CONNECTED, h.call(callId).orElseThrow().state(), "refusals change nothing");

    Answer done = first.post(transfer(callId), "{\"queue\":\"english\"}");
    assertEquals(200, done.status(), done.body());
    assertEquals("offered", done.json().getString("state"));
    assertEquals(
        "english1", done.json().getJsonArray("offers").getJsonObject(0).getString("agent"));
    Answer again = first.post(transfer(callId), "{\"queue\":\"english\"}");
    assertEquals(409, again.status(), "a second click finds the call handed on: " + again.body());

    h.await(
        "the english agent answers",
        WAIT,
        () ->
            h.call(callId)
                .map(v -> v.agentId().equals(Optional.of("english1")) && v.answeredAt().isPresent())
                .orElse(false));
    assertEquals(AgentState.WRAP_UP, h.state("first1"), "the first agent wraps up");
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.isEvent()
                        && e.eventType().equals("Newexten")
                        && e.value("Context").equals("hotline-hold")
                        && callId.endsWith(e.value("Uniqueid"))),
        "the caller went back to hold between the two seats");

    // a duplicated, late report of the first answer changes nothing (every instance sees every
    // event, and events come twice)
    AmiMessage firstAnswer =
        events.stream()
            .filter(
                e ->
                    e.isEvent()
                        && e.eventType().equals("DialEnd")
                        && e.value("DialStatus").equals("ANSWER")
                        && e.value("DestChannel").contains("seat001")
                        && callId.endsWith(e.value("Uniqueid")))
            .findFirst()
            .orElseThrow();
    h.sim.sendRawToAmiClients(firstAnswer.toWire()).await(5, TimeUnit.SECONDS);

    h.await(
        "the call ends",
        WAIT,
        () -> h.call(callId).map(v -> v.state() == CallState.FINISHED).orElse(false));
    CallView last = h.call(callId).orElseThrow();
    assertEquals("english1", last.agentId().orElseThrow());
    assertEquals(1, last.earlierLegs().size(), "one hand-over, not two");
    assertEquals("first1", last.earlierLegs().get(0).agentId());
    assertEquals(AgentState.WRAP_UP, h.state("first1"));

    h.await("the call's detail record", WAIT, () -> detail(callId).isPresent());
    Detail d = detail(callId).orElseThrow();
    assertEquals(List.of("general", "english"), d.queues());
    assertEquals(1, d.transfers());
    assertEquals("english1", d.agent());
    assertEquals("answered", d.outcome());
    h.await(
        "both agents' legs are in the offers record",
        WAIT,
        () -> answeredOffers(callId).equals(List.of("first1", "english1")));

    h.await("the case notes the hand-over", WAIT, () -> handOverNote(callId).isPresent());
    StatusChange note = handOverNote(callId).orElseThrow();
    assertEquals("first1", note.by());
    assertTrue(note.note().contains("english"), note.note());
  }

  @Test
  void aCallerWhoHangsUpWhileTheNextSeatRingsLeavesNoSeatBehindAndIsRecorded() throws Exception {
    StaffClient first = TestStaff.signIn(h.gateway, "first2");
    String callId = h.answeredCall(first, "first2", "003", "13911110002");
    // the next agent's phone rings long
    h.sim.seat("seat004").behave(SeatBehaviour.answering(12, 30));
    h.agent("english2", "004", "en");
    Answer done = first.post(transfer(callId), "{\"agent\":\"english2\",\"queue\":\"english\"}");
    assertEquals(200, done.status(), done.body());
    h.await("the next seat rings", WAIT, () -> h.state("english2") == AgentState.OFFERED);
    String channel = channelOf(callId);
    h.sim.callerHangsUp(channel).await(5, TimeUnit.SECONDS);

    h.await(
        "the call is over",
        WAIT,
        () -> h.call(callId).map(v -> v.state() == CallState.ABANDONED).orElse(false));
    h.await(
        "the ringing seat is free again", WAIT, () -> h.state("english2") == AgentState.AVAILABLE);
    assertEquals(AgentState.WRAP_UP, h.state("first2"));
    h.await("the call's detail record", WAIT, () -> detail(callId).isPresent());
    Detail d = detail(callId).orElseThrow();
    assertEquals("answered", d.outcome(), "it was answered before it was handed on");
    assertEquals(1, d.transfers());
    assertEquals("caller", d.hangupBy());
  }

  @Test
  void aCallerWhoHangsUpJustAsTheTransferIsAskedForLeavesNoSeatHoldingTheCall() throws Exception {
    StaffClient first = TestStaff.signIn(h.gateway, "first4");
    String callId = h.answeredCall(first, "first4", "006", "13911110004");
    h.sim.seat("seat007").behave(SeatBehaviour.answering(0.5, 30));
    h.agent("english4", "007", "en");
    // the hang-up and the transfer race: whichever wins, the answer is clear and nothing is stuck
    var hangUp = h.sim.callerHangsUp(channelOf(callId));
    Answer raced = first.post(transfer(callId), "{\"queue\":\"english\"}");
    hangUp.await(5, TimeUnit.SECONDS);
    assertTrue(
        raced.status() == 200 || raced.status() == 409,
        "a transfer or a clear refusal: " + raced.status() + " " + raced.body());

    h.await(
        "the call is over",
        WAIT,
        () ->
            h.call(callId)
                .map(v -> v.state() == CallState.FINISHED || v.state() == CallState.ABANDONED)
                .orElse(false));
    h.await("nobody holds the call", WAIT, () -> h.state("english4") == AgentState.AVAILABLE);
    assertEquals(AgentState.WRAP_UP, h.state("first4"));
    h.await("the call's detail record", WAIT, () -> detail(callId).isPresent());
    assertEquals("answered", detail(callId).orElseThrow().outcome());
  }

  @Test
  void aTransferToANamedAgentWhoIsNotFreeIsRefusedAndTheCallStays() throws Exception {
    StaffClient first = TestStaff.signIn(h.gateway, "first3");
    String callId = h.answeredCall(first, "first3", "005", "13911110003");
    Answer unknown = first.post(transfer(callId), "{\"agent\":\"nobody-here\"}");
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("AGENT_UNKNOWN", unknown.error());
    Answer loggedOut = first.post(transfer(callId), "{\"agent\":\"outsider\"}");
    assertEquals(409, loggedOut.status(), loggedOut.body());
    assertEquals("AGENT_LOGGED_OUT", loggedOut.error());
    assertEquals(CallState.CONNECTED, h.call(callId).orElseThrow().state());
    assertEquals(AgentState.ON_CALL, h.state("first3"));
    h.sim.callerHangsUp(channelOf(callId)).await(5, TimeUnit.SECONDS);
  }

  private static String channelOf(String callId) throws Exception {
    String unique = callId.substring(callId.indexOf(':') + 1);
    return h.sim.channels().await(5, TimeUnit.SECONDS).stream()
        .filter(c -> c.uniqueid().equals(unique))
        .findFirst()
        .orElseThrow()
        .name();
  }

  private record Detail(
      List<String> queues, int transfers, String agent, String outcome, String hangupBy) {}

  private static Optional<Detail> detail(String callId) {
    return h.db.query(c -> detail(c, callId)).toCompletableFuture().join();
  }

  private static Optional<Detail> detail(Connection c, String callId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT queues, transfers, agent_id, outcome, hangup_by FROM hotline.call_detail"
                + " WHERE call_id = ?")) {
      ps.setString(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Array queues = rs.getArray(1);
        return Optional.of(
            new Detail(
                List.of((String[]) queues.getArray()),
                rs.getInt(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5)));
      }
    }
  }

  private static List<String> answeredOffers(String callId) {
    return h.db.query(c -> answeredOffers(c, callId)).toCompletableFuture().join();
  }

  private static List<String> answeredOffers(Connection c, String callId) throws SQLException {
    List<String> agents = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT agent_id FROM hotline.call_offer WHERE call_id = ? AND outcome = 'answered'"
                + " ORDER BY rang_from")) {
      ps.setString(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          agents.add(rs.getString(1));
        }
      }
    }
    return agents;
  }

  private static Optional<StatusChange> handOverNote(String callId) {
    Optional<String> caseId = caseOf(callId);
    if (caseId.isEmpty()) {
      return Optional.empty();
    }
    Optional<Case> found = h.cases.findCase(caseId.get()).toCompletableFuture().join();
    return found.flatMap(
        c -> c.history().stream().filter(s -> s.note().contains("transferred")).findFirst());
  }

  private static Optional<String> caseOf(String callId) {
    return h.db.query(c -> caseOf(c, callId)).toCompletableFuture().join();
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
}
