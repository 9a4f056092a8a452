package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.dialplan.ChanSpyApp;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallState;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Supervisors on the line through the simulated exchange running the shipped dialplan and
 * manager.conf: the supervisor's own seat phone is Originated into hotline-spy, whose ChanSpy joins
 * the agent's seat with the mode's options; the session follows ChanSpyStart/Stop; each use is in
 * the audit trail with how long it lasted; the agent's desktop hears of a whisper (configured so
 * here) and never of a listen.
 */
class MonitorEndToEndTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  private static Harness h;
  private static WebSocketClient sockets;

  @BeforeAll
  static void start() throws Exception {
    h = start(UnaryOperator.identity());
    sockets = h.vertx.createWebSocketClient();
    for (String id : List.of("mon1", "mon2", "mon3", "mon4", "mon5", "mon6", "plain")) {
      TestStaff.add(h.gateway, id, StaffRole.AGENT);
    }
    for (String id : List.of("msup1", "msup2", "msup3", "msup4", "msup5", "msup6")) {
      TestStaff.add(h.gateway, id, StaffRole.SUPERVISOR);
    }
    TestStaff.add(h.gateway, "boss", StaffRole.MANAGER);
  }

  static Harness start(UnaryOperator<GatewayConfig> configure) throws Exception {
    return Harness.start(
        o -> o.withSeed(47), Duration.ofSeconds(15), LocalRedis.shared().uri(), configure);
  }

  @AfterAll
  static void stop() throws Exception {
    if (sockets != null) {
      sockets.close().await(5, TimeUnit.SECONDS);
    }
    if (h != null) {
      h.close();
    }
  }

  /** The supervisor signs in at {@code seat}, whose phone answers after half a second. */
  static StaffClient supervisorAt(Harness h, String id, String seat) {
    StaffClient s = TestStaff.signIn(h.gateway, id);
    h.sim.seat("seat" + seat).behave(SeatBehaviour.answering(0.5, 600));
    Answer login = s.post("/api/agents/" + id + "/login", "{\"seat\":\"" + seat + "\"}");
    assertEquals(200, login.status(), login.body());
    return s;
  }

  /** What one desktop socket received. */
  record Desktop(WebSocket ws, BlockingQueue<JsonObject> received) {

    /** The next "supervisor coaching" event, on or off. */
    JsonObject coached(boolean on) throws InterruptedException {
      long end = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < end) {
        JsonObject m = received.poll(100, TimeUnit.MILLISECONDS);
        if (m != null && isCoached(m) && m.getJsonObject("event").getBoolean("on") == on) {
          return m.getJsonObject("event");
        }
      }
      throw new AssertionError("no coaching event (on=" + on + ") arrived");
    }

    boolean anyCoached() {
      return received.stream().anyMatch(Desktop::isCoached);
    }

    static boolean isCoached(JsonObject m) {
      return "event".equals(m.getString("type"))
          && "coached".equals(m.getJsonObject("event").getString("kind"));
    }
  }

  static Desktop desktop(Harness h, WebSocketClient sockets, StaffClient who) throws Exception {
    return desktop(h.gateway.httpPort(), sockets, who);
  }

  /** A desktop connected to the gateway instance listening on {@code port}. */
  static Desktop desktop(int port, WebSocketClient sockets, StaffClient who) throws Exception {
    WebSocketConnectOptions o =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/api/desktop/events")
            .addHeader("Cookie", "hotline_session=" + who.cookie("hotline_session").orElseThrow())
            .addHeader("Origin", "http://127.0.0.1:" + port);
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    WebSocket ws =
        sockets
            .connect(o)
            .map(
                w -> {
                  w.textMessageHandler(t -> received.add(new JsonObject(t)));
                  return w;
                })
            .await(10, TimeUnit.SECONDS);
    return new Desktop(ws, received);
  }

  /** The ChanSpy the exchange ran for session {@code id}. */
  static Optional<ChanSpyApp.Spied> spied(Harness h, String id) {
    try {
      return h.sim.spies().await(5, TimeUnit.SECONDS).stream()
          .filter(s -> s.spyerUniqueid().equals(id))
          .findFirst();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject session(StaffClient who, String id) {
    Answer a = who.get("/api/monitor/" + id);
    assertEquals(200, a.status(), a.body());
    return a.json();
  }

  static String monitor(StaffClient sup, String seat, String mode) {
    Answer started = sup.post("/api/seats/" + seat + "/monitor", "{\"mode\":\"" + mode + "\"}");
    assertEquals(200, started.status(), started.body());
    assertEquals("dialling", started.json().getString("state"));
    assertEquals(mode, started.json().getString("mode"));
    return started.json().getString("id");
  }

  /** The audit trail's events of {@code action} for session {@code id}, newest first. */
  static List<JsonObject> audited(StaffClient reader, String action, String id) {
    Answer a = reader.get("/api/audit?action=" + action + "&limit=500");
    assertEquals(200, a.status(), a.body());
    JsonArray events = a.json().getJsonArray("events");
    return events.stream()
        .map(JsonObject.class::cast)
        .filter(e -> id.equals(e.getJsonObject("detail").getString("session")))
        .toList();
  }

  /** An agent at {@code seat} talking to a caller, the seat hanging up after {@code talk} s. */
  private static String callAt(StaffClient agent, String agentId, String seat, double talk)
      throws Exception {
    h.sim.seat("seat" + seat).behave(SeatBehaviour.answering(0.2, talk));
    Answer login = agent.post("/api/agents/" + agentId + "/login", "{\"seat\":\"" + seat + "\"}");
    assertEquals(200, login.status(), login.body());
    String channel =
        h.sim
            .placeCall(
                new CallSpec(
                    "1391111500" + seat.charAt(2),
                    "",
                    "10000",
                    Double.POSITIVE_INFINITY,
                    Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    String callId =
        "ast1:"
            + h.channels().stream()
                .filter(c -> c.name().equals(channel))
                .findFirst()
                .orElseThrow()
                .uniqueid();
    h.await(
        agentId + " talks to the caller",
        WAIT,
        () ->
            h.call(callId)
                .map(v -> v.state() == CallState.CONNECTED && v.answeredAt().isPresent())
                .orElse(false));
    return callId;
  }

  @Test
  void aSupervisorWhispersIntoALiveCallTheAgentIsToldAndTheAuditShowsWhoWhereAndHowLong()
      throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "mon1");
    Desktop desk = desktop(h, sockets, agent);
    String callId = h.answeredCall(agent, "mon1", "001", "13911115001");
    StaffClient sup = supervisorAt(h, "msup1", "006"); // after the answer: no queue call for them
    String id = monitor(sup, "001", "whisper");

    h.await("the exchange runs ChanSpy", WAIT, () -> spied(h, id).isPresent());
    ChanSpyApp.Spied spy = spied(h, id).get();
    assertEquals("qESw", spy.options(), "whisper: quiet, exit with the call, whisper");
    assertEquals("PJSIP/seat001-", spy.chanprefix(), "only seat 001, never seat 0011");
    assertTrue(spy.spyer().startsWith("PJSIP/seat006-"), "the supervisor's own phone: " + spy);
    assertTrue(spy.spyee().startsWith("PJSIP/seat001-"), "the agent's seat leg: " + spy);
    h.await(
        "the session is active", WAIT, () -> session(sup, id).getString("state").equals("active"));
    JsonObject tell = desk.coached(true);
    assertEquals("whisper", tell.getString("mode"));
    assertEquals(callId, tell.getString("call"));
    assertEquals(
        Optional.of("monitor"), pauseReason("msup1"), "no queue call rings the busy phone");
    JsonArray listed = sup.get("/api/monitor").json().getJsonArray("sessions");
    assertTrue(listed.stream().anyMatch(s -> ((JsonObject) s).getString("id").equals(id)));
    StaffClient boss = TestStaff.signIn(h.gateway, "boss");
    assertEquals(200, boss.get("/api/monitor").status(), "managers see who is on the line");

    Thread.sleep(1200);
    Answer stopped = sup.post("/api/monitor/" + id + "/stop", "");
    assertEquals(200, stopped.status(), stopped.body());
    h.await("the session ends", WAIT, () -> session(sup, id).getString("state").equals("ended"));
    JsonObject ended = session(sup, id);
    assertEquals("stopped", ended.getString("reason"));
    assertTrue(ended.getLong("seconds") >= 1, ended.encode());
    assertFalse(desk.coached(false).getBoolean("on"), "the agent is told it is over");
    h.await("the supervisor is free again", WAIT, () -> h.state("msup1") == AgentState.AVAILABLE);
    h.await("the spy let go", WAIT, () -> !spied(h, id).get().active());
    assertEquals(CallState.CONNECTED, h.call(callId).get().state(), "the call goes on");
    assertTrue(
        h.channels().stream().noneMatch(c -> c.uniqueid().equals(id)), "the spy's leg is gone");

    List<JsonObject> begun = audited(sup, "seat.monitor", id);
    assertEquals(1, begun.size());
    assertEquals("msup1", begun.get(0).getString("actor"));
    assertEquals("001", begun.get(0).getString("target"));
    assertEquals("whisper", begun.get(0).getJsonObject("detail").getString("mode"));
    assertEquals(callId, begun.get(0).getJsonObject("detail").getString("call"));
    assertEquals("mon1", begun.get(0).getJsonObject("detail").getString("agent"));
    h.await("the end is audited", WAIT, () -> audited(sup, "seat.monitor.end", id).size() == 1);
    JsonObject end = audited(sup, "seat.monitor.end", id).get(0).getJsonObject("detail");
    assertEquals("stopped", end.getString("reason"));
    assertTrue(Long.parseLong(end.getString("millis")) >= 1000, end.encode());
    assertFalse(end.getString("started").isEmpty());

    // the exchange repeats the spy's start and stop late: nothing changes, nothing is audited again
    String raw =
        "Event: ChanSpyStart\r\nPrivilege: call,all\r\nSpyerChannel: "
            + spy.spyer()
            + "\r\nSpyerUniqueid: "
            + id
            + "\r\nSpyeeChannel: "
            + spy.spyee()
            + "\r\nSpyeeUniqueid: "
            + spy.spyeeUniqueid()
            + "\r\n\r\n";
    h.sim.sendRawToAmiClients(raw + raw.replace("ChanSpyStart", "ChanSpyStop"));
    Thread.sleep(500);
    assertEquals(ended, session(sup, id), "an ended session stays as it ended");
    assertEquals(1, audited(sup, "seat.monitor.end", id).size());

    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    desk.ws().close();
    loggedOut(sup, "msup1");
    h.await("mon1 wraps up", WAIT, () -> h.call(callId).get().state() == CallState.FINISHED);
    loggedOut(agent, "mon1");
  }

  @Test
  void aListenIsNeverShownToTheAgentAndEndsWhenTheAgentHangsUp() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "mon2");
    Desktop desk = desktop(h, sockets, agent);
    String callId = callAt(agent, "mon2", "002", 6);
    StaffClient sup = supervisorAt(h, "msup2", "007");
    String id = monitor(sup, "002", "listen");
    h.await(
        "the session is active", WAIT, () -> session(sup, id).getString("state").equals("active"));
    assertEquals("qES", spied(h, id).get().options());

    h.await(
        "the agent hangs up and the spy leaves with the call (E)",
        WAIT,
        () -> session(sup, id).getString("state").equals("ended"));
    JsonObject ended = session(sup, id);
    assertEquals("call ended", ended.getString("reason"));
    assertTrue(ended.getLong("seconds") >= 1, ended.encode());
    h.await("the spy's leg hangs up", WAIT, () -> !spied(h, id).get().active());
    h.await(
        "the spy's channel is gone",
        WAIT,
        () -> h.channels().stream().noneMatch(c -> c.uniqueid().equals(id)));
    h.await("the end is audited", WAIT, () -> audited(sup, "seat.monitor.end", id).size() == 1);
    assertEquals(
        "call ended",
        audited(sup, "seat.monitor.end", id).get(0).getJsonObject("detail").getString("reason"));
    assertFalse(desk.anyCoached(), "a listen is never shown to the agent");
    assertTrue(
        sup.get("/api/monitor").json().getJsonArray("sessions").stream()
            .noneMatch(s -> ((JsonObject) s).getString("id").equals(id)));
    desk.ws().close();
    loggedOut(sup, "msup2");
    h.await("mon2 wraps up", WAIT, () -> h.call(callId).get().state() == CallState.FINISHED);
    loggedOut(agent, "mon2");
  }

  @Test
  void theSupervisorHangingUpTheirPhoneEndsTheBarge() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "mon3");
    String callId = h.answeredCall(agent, "mon3", "003", "13911115003");
    StaffClient sup = supervisorAt(h, "msup3", "008");
    String id = monitor(sup, "003", "barge");
    h.await(
        "the session is active", WAIT, () -> session(sup, id).getString("state").equals("active"));
    ChanSpyApp.Spied spy = spied(h, id).get();
    assertEquals("qESB", spy.options());
    Answer twice = sup.post("/api/seats/003/monitor", "{\"mode\":\"listen\"}");
    assertEquals(409, twice.status(), twice.body());
    assertEquals("ALREADY_MONITORING", twice.error());

    h.sim.callerHangsUp(spy.spyer()).await(5, TimeUnit.SECONDS); // the handset is put down
    h.await("the session ends", WAIT, () -> session(sup, id).getString("state").equals("ended"));
    assertEquals("supervisor hung up", session(sup, id).getString("reason"));
    assertEquals(CallState.CONNECTED, h.call(callId).get().state(), "the call goes on");
    h.await("the end is audited", WAIT, () -> audited(sup, "seat.monitor.end", id).size() == 1);
    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    loggedOut(sup, "msup3");
    h.await("mon3 wraps up", WAIT, () -> h.call(callId).get().state() == CallState.FINISHED);
    loggedOut(agent, "mon3");
  }

  @Test
  void monitoringIsRefusedClearly() throws Exception {
    StaffClient plain = TestStaff.signIn(h.gateway, "plain");
    Answer agentTries = plain.post("/api/seats/001/monitor", "{\"mode\":\"listen\"}");
    assertEquals(403, agentTries.status(), agentTries.body());

    StaffClient sup = TestStaff.signIn(h.gateway, "msup5");
    Answer offDuty = sup.post("/api/seats/004/monitor", "{\"mode\":\"listen\"}");
    assertEquals(409, offDuty.status(), offDuty.body());
    assertEquals("NOT_ON_DUTY", offDuty.error());

    StaffClient agent = TestStaff.signIn(h.gateway, "mon5");
    assertEquals(200, agent.post("/api/agents/mon5/login", "{\"seat\":\"004\"}").status());
    sup = supervisorAt(h, "msup5", "009");
    Answer unknownSeat = sup.post("/api/seats/999/monitor", "{\"mode\":\"listen\"}");
    assertEquals(404, unknownSeat.status(), unknownSeat.body());
    assertEquals("SEAT_UNKNOWN", unknownSeat.error());
    Answer badMode = sup.post("/api/seats/004/monitor", "{\"mode\":\"shout\"}");
    assertEquals(400, badMode.status(), badMode.body());
    Answer own = sup.post("/api/seats/009/monitor", "{\"mode\":\"listen\"}");
    assertEquals(409, own.status(), own.body());
    assertEquals("OWN_SEAT", own.error());
    Answer idle = sup.post("/api/seats/004/monitor", "{\"mode\":\"listen\"}");
    assertEquals(409, idle.status(), idle.body());
    assertEquals("NO_CALL", idle.error(), "an agent at the seat, but no call");
    Answer empty = sup.post("/api/seats/005/monitor", "{\"mode\":\"listen\"}");
    assertEquals(409, empty.status(), empty.body());
    assertEquals("NO_CALL", empty.error());
    Answer unknownSession = sup.post("/api/monitor/mon-none/stop", "");
    assertEquals(404, unknownSession.status(), unknownSession.body());
    assertTrue(
        h.sim.spies().await(5, TimeUnit.SECONDS).stream()
            .noneMatch(s -> s.spyer().startsWith("PJSIP/seat009-")),
        "nothing was dialled");
    loggedOut(sup, "msup5");
    loggedOut(agent, "mon5");
  }

  @Test
  void stoppingWhileTheSupervisorsPhoneRingsHangsItUpAndNothingIsSpied() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "mon4");
    String callId = h.answeredCall(agent, "mon4", "005", "13911115005");
    StaffClient sup = supervisorAt(h, "msup4", "010");
    String id = monitor(sup, "005", "listen");
    Answer stopped = sup.post("/api/monitor/" + id + "/stop", "");
    assertEquals(200, stopped.status(), stopped.body());
    h.await("the session ends", WAIT, () -> session(sup, id).getString("state").equals("ended"));
    assertEquals("stopped", session(sup, id).getString("reason"));
    assertEquals(0, session(sup, id).getLong("seconds"));
    h.await(
        "the supervisor's phone stops ringing",
        WAIT,
        () -> h.channels().stream().noneMatch(c -> c.uniqueid().equals(id)));
    Thread.sleep(3500); // past the moment the phone would have answered
    assertTrue(spied(h, id).isEmpty(), "ChanSpy never ran");
    h.await("the supervisor is free again", WAIT, () -> h.state("msup4") == AgentState.AVAILABLE);
    h.await("the end is audited", WAIT, () -> audited(sup, "seat.monitor.end", id).size() == 1);
    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    loggedOut(sup, "msup4");
    h.await("mon4 wraps up", WAIT, () -> h.call(callId).get().state() == CallState.FINISHED);
    loggedOut(agent, "mon4");
  }

  @Test
  void aSessionWhoseEndWentUnheardDuringAnAmiOutageEndsWhenTheGatewayReadsTheChannelsAgain()
      throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "mon6");
    String callId = h.answeredCall(agent, "mon6", "002", "13911115006");
    StaffClient sup = supervisorAt(h, "msup6", "007");
    String id = monitor(sup, "002", "listen");
    h.await(
        "the session is active", WAIT, () -> session(sup, id).getString("state").equals("active"));
    String spyer = spied(h, id).get().spyer();

    h.sim.refuseAmiConnections(Duration.ofSeconds(3)).await(5, TimeUnit.SECONDS);
    h.sim.dropAmiConnections().await(5, TimeUnit.SECONDS);
    h.await("the gateway notices", WAIT, () -> !h.gateway.exchangesUp());
    h.sim.callerHangsUp(spyer).await(5, TimeUnit.SECONDS); // unheard: nobody listens to the AMI
    assertEquals("active", session(sup, id).getString("state"));

    h.await("reconnected", WAIT, h.gateway::exchangesUp);
    h.await(
        "the session is found over",
        WAIT,
        () -> session(sup, id).getString("state").equals("ended"));
    assertEquals("lost", session(sup, id).getString("reason"));
    h.await("the end is audited", WAIT, () -> audited(sup, "seat.monitor.end", id).size() == 1);
    h.await("the supervisor is free again", WAIT, () -> h.state("msup6") == AgentState.AVAILABLE);
    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    loggedOut(sup, "msup6");
    h.await("mon6 wraps up", WAIT, () -> h.call(callId).get().state() == CallState.FINISHED);
    loggedOut(agent, "mon6");
  }

  private static Optional<String> pauseReason(String id) {
    return h.gateway.seats().status(id).toCompletableFuture().join() instanceof AgentStatus.Paused p
        ? Optional.of(p.reason())
        : Optional.empty();
  }

  static void loggedOut(StaffClient who, String id) {
    Answer out = who.post("/api/agents/" + id + "/logout", "");
    assertEquals(200, out.status(), out.body());
  }
}
