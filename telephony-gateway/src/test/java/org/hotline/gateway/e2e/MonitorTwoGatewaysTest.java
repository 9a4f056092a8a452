package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallState;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Supervisor monitoring across gateway instances on one Redis and one exchange, each instance
 * hearing every AMI event: a session started through one instance is listed, refused twice and
 * stopped through another; both hear its ChanSpyStop and Hangup, yet its end is audited once and
 * the supervisor readied once; and a session outlives the instance that started it.
 */
class MonitorTwoGatewaysTest {

  private static final Duration WAIT = MonitorEndToEndTest.WAIT;
  private static Harness h;
  private static Gateway b;
  private static WebSocketClient sockets;

  @BeforeAll
  static void start() throws Exception {
    h = MonitorEndToEndTest.start(UnaryOperator.identity());
    for (String id : List.of("two1", "two2", "two3")) {
      TestStaff.add(h.gateway, id, StaffRole.AGENT);
    }
    for (String id : List.of("twosup1", "twosup2", "twosup3")) {
      TestStaff.add(h.gateway, id, StaffRole.SUPERVISOR);
    }
    TestStaff.add(h.gateway, "twoboss", StaffRole.MANAGER);
    b = h.anotherGateway();
    sockets = h.vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (sockets != null) {
      sockets.close().await(5, TimeUnit.SECONDS);
    }
    if (b != null) {
      b.close().await(10, TimeUnit.SECONDS);
    }
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aWhisperStartedOnOneInstanceIsListedRefusedTwiceAndStoppedOnTheOtherAndEndsOnce()
      throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "two1");
    // the agent's desktop is connected to the other instance than the one the supervisor uses
    MonitorEndToEndTest.Desktop desk =
        MonitorEndToEndTest.desktop(b.httpPort(), sockets, TestStaff.signIn(b, "two1"));
    String callId = h.answeredCall(agent, "two1", "001", "13911117001");
    StaffClient onA = MonitorEndToEndTest.supervisorAt(h, "twosup1", "006");
    String id = MonitorEndToEndTest.monitor(onA, "001", "whisper");
    StaffClient onB = TestStaff.signIn(b, "twosup1");

    h.await(
        "B sees the session active",
        WAIT,
        () -> MonitorEndToEndTest.session(onB, id).getString("state").equals("active"));
    h.await("the agent is told", WAIT, () -> coached(desk, true).size() == 1);
    JsonObject told = coached(desk, true).get(0);
    assertEquals("whisper", told.getString("mode"));
    assertEquals(callId, told.getString("call"));
    Answer listed = onB.get("/api/monitor");
    assertEquals(200, listed.status(), listed.body());
    assertTrue(
        listed.json().getJsonArray("sessions").stream()
            .anyMatch(s -> ((JsonObject) s).getString("id").equals(id)),
        "B lists the session A started: " + listed.body());
    JsonObject seenOnB = MonitorEndToEndTest.session(onB, id);
    assertEquals("twosup1", seenOnB.getString("supervisor"));
    assertEquals("006", seenOnB.getString("supervisorSeat"));
    assertEquals("001", seenOnB.getString("seat"));
    assertEquals("two1", seenOnB.getString("agent"));
    assertEquals(callId, seenOnB.getString("call"));
    assertEquals(
        ids(TestStaff.signIn(b, "twoboss")),
        ids(TestStaff.signIn(h.gateway, "twoboss")),
        "both instances list the same sessions");
    Answer twice = onB.post("/api/seats/001/monitor", "{\"mode\":\"listen\"}");
    assertEquals(409, twice.status(), twice.body());
    assertEquals("ALREADY_MONITORING", twice.error(), "one session per supervisor, centre-wide");
    assertEquals(AgentState.PAUSED, h.state("twosup1"));

    Thread.sleep(1200);
    Answer stopped = onB.post("/api/monitor/" + id + "/stop", "");
    assertEquals(200, stopped.status(), stopped.body());
    h.await(
        "A sees it ended",
        WAIT,
        () -> MonitorEndToEndTest.session(onA, id).getString("state").equals("ended"));
    JsonObject ended = MonitorEndToEndTest.session(onA, id);
    assertEquals("stopped", ended.getString("reason"));
    assertTrue(ended.getLong("seconds") >= 1, ended.encode());
    assertEquals(ended, MonitorEndToEndTest.session(onB, id), "one session, read from either");
    h.await("the agent is told it is over", WAIT, () -> coached(desk, false).size() == 1);
    h.await(
        "the spy's leg is gone",
        WAIT,
        () -> h.channels().stream().noneMatch(c -> c.uniqueid().equals(id)));
    h.await(
        "the end is audited",
        WAIT,
        () -> MonitorEndToEndTest.audited(onA, "seat.monitor.end", id).size() == 1);
    Thread.sleep(1000); // both instances heard ChanSpyStop and the Hangup: give the other its go
    List<JsonObject> ends = MonitorEndToEndTest.audited(onA, "seat.monitor.end", id);
    assertEquals(1, ends.size(), "one end record, not one per instance: " + ends);
    JsonObject detail = ends.get(0).getJsonObject("detail");
    assertEquals("stopped", detail.getString("reason"));
    long millis = Long.parseLong(detail.getString("millis"));
    assertTrue(millis >= 1000 && millis < 20_000, detail.encode());
    assertEquals(
        millis,
        Duration.between(
                Instant.parse(detail.getString("started")),
                Instant.parse(detail.getString("ended")))
            .toMillis());
    assertEquals(1, MonitorEndToEndTest.audited(onA, "seat.monitor", id).size());
    h.await("the supervisor is free again", WAIT, () -> h.state("twosup1") == AgentState.AVAILABLE);
    assertTrue(
        onA.get("/api/monitor").json().getJsonArray("sessions").stream()
            .noneMatch(s -> ((JsonObject) s).getString("id").equals(id)));
    assertEquals(CallState.CONNECTED, h.call(callId).get().state(), "the call goes on");

    assertEquals(1, coached(desk, true).size(), "told once, not once per instance");
    assertEquals(1, coached(desk, false).size());
    desk.ws().close();
    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    MonitorEndToEndTest.loggedOut(onA, "twosup1");
    h.await("two1 wraps up", WAIT, () -> h.call(callId).get().state() == CallState.FINISHED);
    MonitorEndToEndTest.loggedOut(agent, "two1");
  }

  /** The coaching events the desktop received so far, on or off. */
  private static List<JsonObject> coached(MonitorEndToEndTest.Desktop desk, boolean on) {
    return desk.received().stream()
        .filter(MonitorEndToEndTest.Desktop::isCoached)
        .map(m -> m.getJsonObject("event"))
        .filter(e -> e.getBoolean("on") == on)
        .toList();
  }

  private static List<String> ids(StaffClient who) {
    Answer a = who.get("/api/monitor");
    assertEquals(200, a.status(), a.body());
    return a.json().getJsonArray("sessions").stream()
        .map(s -> ((JsonObject) s).getString("id"))
        .toList();
  }

  @Test
  void aSessionOutlivesTheInstanceThatStartedItAndItsEndIsAuditedOnce() throws Exception {
    Gateway c = h.anotherGateway();
    StaffClient agent = TestStaff.signIn(h.gateway, "two2");
    String callId = h.answeredCall(agent, "two2", "002", "13911117002");
    StaffClient sup = TestStaff.signIn(c, "twosup2");
    h.sim.seat("seat007").behave(SeatBehaviour.answering(0.5, 600));
    Answer login = sup.post("/api/agents/twosup2/login", "{\"seat\":\"007\"}");
    assertEquals(200, login.status(), login.body());
    Answer started = sup.post("/api/seats/002/monitor", "{\"mode\":\"whisper\"}");
    assertEquals(200, started.status(), started.body());
    String id = started.json().getString("id");
    StaffClient onB = TestStaff.signIn(b, "twosup2");
    h.await(
        "the session is active",
        WAIT,
        () -> MonitorEndToEndTest.session(onB, id).getString("state").equals("active"));
    assertEquals(
        "monitor",
        h.gateway.seats().status("twosup2").toCompletableFuture().join()
                instanceof AgentStatus.Paused p
            ? p.reason()
            : "not paused");

    c.close().await(10, TimeUnit.SECONDS); // the instance that started it is gone
    Thread.sleep(1200);
    assertEquals("active", MonitorEndToEndTest.session(onB, id).getString("state"));
    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);

    h.await(
        "the session ends with the call",
        WAIT,
        () -> MonitorEndToEndTest.session(onB, id).getString("state").equals("ended"));
    assertEquals("call ended", MonitorEndToEndTest.session(onB, id).getString("reason"));
    h.await(
        "the end is audited",
        WAIT,
        () -> MonitorEndToEndTest.audited(onB, "seat.monitor.end", id).size() == 1);
    Thread.sleep(1000);
    List<JsonObject> ends = MonitorEndToEndTest.audited(onB, "seat.monitor.end", id);
    assertEquals(1, ends.size(), ends.toString());
    JsonObject detail = ends.get(0).getJsonObject("detail");
    assertEquals("call ended", detail.getString("reason"));
    assertEquals("twosup2", ends.get(0).getString("actor"));
    assertEquals("002", ends.get(0).getString("target"));
    assertTrue(Long.parseLong(detail.getString("millis")) >= 1000, detail.encode());
    assertFalse(detail.getString("started").isEmpty());
    h.await("the supervisor is free again", WAIT, () -> h.state("twosup2") == AgentState.AVAILABLE);
    Answer again = onB.post("/api/seats/002/monitor", "{\"mode\":\"listen\"}");
    assertEquals(409, again.status(), again.body());
    assertEquals("NO_CALL", again.error(), "free to monitor again (no longer ALREADY_MONITORING)");

    MonitorEndToEndTest.loggedOut(onB, "twosup2");
    h.await("two2 wraps up", WAIT, () -> h.call(callId).get().state() == CallState.FINISHED);
    MonitorEndToEndTest.loggedOut(agent, "two2");
  }

  @Test
  void aSessionWhoseInstanceIsGoneAndWhoseEndWentUnheardIsFoundLostByAnother() throws Exception {
    Gateway c = h.anotherGateway();
    StaffClient agent = TestStaff.signIn(h.gateway, "two3");
    String callId = h.answeredCall(agent, "two3", "003", "13911117003");
    StaffClient sup = TestStaff.signIn(c, "twosup3");
    h.sim.seat("seat008").behave(SeatBehaviour.answering(0.5, 600));
    assertEquals(200, sup.post("/api/agents/twosup3/login", "{\"seat\":\"008\"}").status());
    Answer started = sup.post("/api/seats/003/monitor", "{\"mode\":\"listen\"}");
    assertEquals(200, started.status(), started.body());
    String id = started.json().getString("id");
    StaffClient onB = TestStaff.signIn(b, "twosup3");
    h.await(
        "the session is active",
        WAIT,
        () -> MonitorEndToEndTest.session(onB, id).getString("state").equals("active"));
    String spyer = MonitorEndToEndTest.spied(h, id).get().spyer();
    c.close().await(10, TimeUnit.SECONDS);

    // nobody hears the supervisor's phone hang up: every AMI connection is down meanwhile
    h.sim.refuseAmiConnections(Duration.ofSeconds(3)).await(5, TimeUnit.SECONDS);
    h.sim.dropAmiConnections().await(5, TimeUnit.SECONDS);
    h.await("the instances notice", WAIT, () -> !h.gateway.exchangesUp() && !b.exchangesUp());
    h.sim.callerHangsUp(spyer).await(5, TimeUnit.SECONDS);
    assertEquals("active", MonitorEndToEndTest.session(onB, id).getString("state"));

    h.await("reconnected", WAIT, () -> h.gateway.exchangesUp() && b.exchangesUp());
    h.await(
        "the session is found over",
        WAIT,
        () -> MonitorEndToEndTest.session(onB, id).getString("state").equals("ended"));
    assertEquals("lost", MonitorEndToEndTest.session(onB, id).getString("reason"));
    h.await(
        "the end is audited",
        WAIT,
        () -> MonitorEndToEndTest.audited(onB, "seat.monitor.end", id).size() == 1);
    Thread.sleep(1000); // both remaining instances read the channels again
    assertEquals(1, MonitorEndToEndTest.audited(onB, "seat.monitor.end", id).size());
    h.await("the supervisor is free again", WAIT, () -> h.state("twosup3") == AgentState.AVAILABLE);

    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    MonitorEndToEndTest.loggedOut(onB, "twosup3");
    h.await("two3 wraps up", WAIT, () -> h.call(callId).get().state() == CallState.FINISHED);
    MonitorEndToEndTest.loggedOut(agent, "two3");
  }
}
