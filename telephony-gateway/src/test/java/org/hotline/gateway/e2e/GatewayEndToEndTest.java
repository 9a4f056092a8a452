package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.stats.QueueStatistics;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Simulator ↔ gateway ↔ Redis through the real wire protocols: AMI on TCP through Asterisk-Java,
 * FastAGI on TCP into the gateway's server, the seat manager's scripts on a real Redis.
 */
class GatewayEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private Harness h;
  private final List<AmiMessage> events = new CopyOnWriteArrayList<>();

  private void start(Duration ringTimeout) throws Exception {
    h = Harness.start(o -> o.withSeed(3), ringTimeout);
    h.sim.onEvent(events::add);
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  /** A caller on a line without the menu (straight to general). */
  private static CallSpec caller(String number) {
    return new CallSpec(number, "", "10000", Double.POSITIVE_INFINITY, Keypad.silent());
  }

  private String callIdOf(String channel) throws Exception {
    String uniqueId =
        h.sim.channels().await(5, TimeUnit.SECONDS).stream()
            .filter(c -> c.name().equals(channel))
            .findFirst()
            .orElseThrow()
            .uniqueid();
    return "ast1:" + uniqueId;
  }

  private Optional<CallView> view(String callId) {
    return h.gateway.seats().call(callId).toCompletableFuture().join();
  }

  private boolean callIs(String callId, CallState state) {
    return view(callId).map(v -> v.state() == state).orElse(false);
  }

  private AgentStatus status(String agent) {
    return h.gateway.seats().status(agent).toCompletableFuture().join();
  }

  private QueueStatistics general() {
    return h.gateway
        .seats()
        .statistics()
        .toCompletableFuture()
        .join()
        .queue("general")
        .orElseThrow();
  }

  @Test
  void aCallIsAnsweredByTheRightSeatRecordedAndEndsInWrapUp() throws Exception {
    start(Duration.ofSeconds(5));
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 1.0));
    h.sim.seat("seat002").behave(SeatBehaviour.answering(0.2, 1.0));
    h.agent("english-only", "002", "en"); // idle longer, but speaks no Mandarin
    Thread.sleep(20);
    h.agent("mandarin", "001", "zh");

    String channel = h.sim.placeCall(caller("13912345678")).await(5, TimeUnit.SECONDS);
    h.await(
        "the caller is queued",
        WAIT,
        () -> !h.gateway.seats().activeCalls().toCompletableFuture().join().isEmpty());
    String callId = callIdOf(channel);
    h.await("answered", WAIT, () -> view(callId).flatMap(CallView::answeredAt).isPresent());
    assertEquals(Optional.of("mandarin"), view(callId).orElseThrow().agentId());
    h.await("the call ends", WAIT, () -> callIs(callId, CallState.FINISHED));
    assertEquals(AgentState.WRAP_UP, status("mandarin").state());
    assertEquals(AgentState.AVAILABLE, status("english-only").state());
    assertEquals(1, general().answered());
    assertEquals(1, h.sim.stats().answered());
    assertEquals(
        1, h.gateway.metrics().get("hotline.agi.queueing").tag("offered", "true").timer().count());
    assertTrue(h.gateway.metrics().scrape().contains("hotline_ami_events_total"));
    assertTrue(
        events.stream().anyMatch(e -> e.isEvent() && e.eventType().equals("MixMonitorStart")),
        "the answered call is recorded");
  }

  @Test
  void anAnsweredCallBecomesACaseWhoseFormIsValidatedDeliveredAndShownOnTheNextScreenPop()
      throws Exception {
    start(Duration.ofSeconds(5));
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 0.5));
    TestStaff.add(h.gateway, "mandarin", StaffRole.AGENT);
    TestStaff.add(h.gateway, "super", StaffRole.SUPERVISOR);
    h.agent("mandarin", "001", "zh");
    String channel = h.sim.placeCall(caller("13912345678")).await(5, TimeUnit.SECONDS);
    h.await(
        "queued",
        WAIT,
        () -> !h.gateway.seats().activeCalls().toCompletableFuture().join().isEmpty());
    String callId = callIdOf(channel);
    h.await("finished", WAIT, () -> callIs(callId, CallState.FINISHED));
    StaffClient agent = TestStaff.signIn(h.gateway, "mandarin");
    StaffClient supervisor = TestStaff.signIn(h.gateway, "super");
    h.await(
        "a draft case exists for the answered call",
        WAIT,
        () -> history(supervisor).getJsonArray("lastCases").size() == 1);

    JsonObject hostile =
        new JsonObject()
            .put("requestType", "complaint")
            .put("category", "noise.construction")
            .put("location", "<script>alert(1)</script>")
            .put("summary", 42)
            .put("disposition", "dispatch");
    StaffClient.Answer refused = agent.post("/api/calls/" + callId + "/case", hostile.encode());
    assertEquals(422, refused.status());
    assertTrue(refused.json().getJsonArray("fields").size() > 0, "field by field");

    JsonObject form =
        new JsonObject()
            .put("requestType", "complaint")
            .put("category", "noise.construction")
            .put("location", "朝阳区望京街道 花家地小区3号楼")
            .put("summary", "楼下工地夜间施工噪声扰民，已持续一周")
            .put("disposition", "dispatch")
            .put("agentId", "mandarin");
    StaffClient.Answer created = agent.post("/api/calls/" + callId + "/case", form.encode());
    assertEquals(201, created.status(), created.body());
    String caseId = created.json().getString("caseId");
    assertTrue(caseId.matches("\\d{8}-\\d{6}"), caseId);
    assertEquals(
        "wangjing",
        created.json().getJsonObject("content").getJsonObject("jurisdiction").getString("street"));
    h.await(
        "delivered to the dispatch file",
        WAIT,
        () -> {
          try {
            return Files.readString(h.dispatched).contains(caseId);
          } catch (java.io.IOException e) {
            return false;
          }
        });
    JsonObject pop = agent.get("/api/calls/" + callId + "/history").json();
    assertEquals(caseId, pop.getJsonArray("lastCases").getJsonObject(0).getString("caseId"));
    assertEquals("mandarin", pop.getString("lastAgent"));
    String line =
        Files.readAllLines(h.dispatched).stream()
            .filter(l -> l.contains(caseId))
            .findFirst()
            .orElseThrow();
    assertTrue(
        line.contains("hotline/") && line.contains(callId.replace(':', '-')),
        "the case points to the call's recording: " + line);
  }

  private static JsonObject history(StaffClient supervisor) {
    return supervisor.get("/api/callers/13912345678/history").json();
  }

  @Test
  void theMenuChoiceRoutesAnEnglishCallerToTheEnglishSpeaker() throws Exception {
    start(Duration.ofSeconds(5));
    h.sim.seat("seat002").behave(SeatBehaviour.answering(0.2, 30));
    h.agent("mandarin", "001", "zh");
    h.agent("english", "002", "en");
    CallSpec english = CallSpec.of("13800001111").pressing("2", 0.2); // dialled 12345: the menu
    String channel = h.sim.placeCall(english).await(5, TimeUnit.SECONDS);
    h.await(
        "queued",
        WAIT,
        () -> !h.gateway.seats().activeCalls().toCompletableFuture().join().isEmpty());
    String callId = callIdOf(channel);
    h.await("answered", WAIT, () -> callIs(callId, CallState.CONNECTED));
    CallView v = view(callId).orElseThrow();
    assertEquals("english", v.queueId());
    assertEquals(Optional.of("english"), v.agentId());
  }

  @Test
  void ringNoAnswerRequeuesTheCallAndPausesTheSeatsAgent() throws Exception {
    start(Duration.ofSeconds(1));
    h.sim.seat("seat001").behave(SeatBehaviour.neverAnswers());
    h.sim.seat("seat002").behave(SeatBehaviour.answering(0.2, 30));
    h.agent("asleep", "001", "zh");
    Thread.sleep(20);
    h.agent("awake", "002", "zh");

    String channel = h.sim.placeCall(caller("13912340000")).await(5, TimeUnit.SECONDS);
    h.await(
        "queued",
        WAIT,
        () -> !h.gateway.seats().activeCalls().toCompletableFuture().join().isEmpty());
    String callId = callIdOf(channel);
    try {
      h.await("answered by the second seat", WAIT, () -> callIs(callId, CallState.CONNECTED));
    } catch (AssertionError e) {
      events.stream()
          .filter(m -> m.isEvent())
          .forEach(m -> System.out.println("SIMEVENT " + m.toString().replace("\r\n", " | ")));
      throw e;
    }
    CallView v = view(callId).orElseThrow();
    assertEquals(Optional.of("awake"), v.agentId());
    assertEquals(1, v.requeues());
    AgentStatus asleep = status("asleep");
    assertEquals(AgentState.PAUSED, asleep.state());
    assertEquals("no-answer", ((AgentStatus.Paused) asleep).reason());
    assertEquals(1, general().ringNoAnswer());
    assertEquals(1, h.sim.stats().dialNoAnswer());
  }

  @Test
  void aCallerWhoHangsUpWhileWaitingIsCountedAsAnAbandon() throws Exception {
    start(Duration.ofSeconds(5));
    String channel =
        h.sim.placeCall(caller("13900002222").withPatience(2.5)).await(5, TimeUnit.SECONDS);
    h.await(
        "queued",
        WAIT,
        () -> !h.gateway.seats().activeCalls().toCompletableFuture().join().isEmpty());
    String callId = callIdOf(channel);
    h.await("abandoned", WAIT, () -> callIs(callId, CallState.ABANDONED));
    assertEquals(1, general().abandoned());
    assertEquals(0, general().waiting());
    assertEquals(1, h.sim.stats().abandoned());
  }

  @Test
  void anAmiConnectionDroppedMidCallIsReestablishedAndTheStateRepaired() throws Exception {
    start(Duration.ofSeconds(5));
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 60));
    h.agent("talking", "001", "zh");
    String channel = h.sim.placeCall(caller("13911112222")).await(5, TimeUnit.SECONDS);
    h.await(
        "queued",
        WAIT,
        () -> !h.gateway.seats().activeCalls().toCompletableFuture().join().isEmpty());
    String callId = callIdOf(channel);
    h.await("connected", WAIT, () -> callIs(callId, CallState.CONNECTED));

    h.sim.refuseAmiConnections(Duration.ofSeconds(2)).await(5, TimeUnit.SECONDS);
    h.sim.dropAmiConnections().await(5, TimeUnit.SECONDS);
    h.await("the gateway notices", WAIT, () -> !h.gateway.exchangesUp());
    // the caller hangs up while nobody is listening: the Hangup event is lost
    assertTrue(h.sim.callerHangsUp(channel).await(5, TimeUnit.SECONDS));
    Thread.sleep(300);
    assertEquals(CallState.CONNECTED, view(callId).orElseThrow().state(), "nothing was heard yet");

    h.await("reconnected", Duration.ofSeconds(30), h.gateway::exchangesUp);
    h.await("repaired from CoreShowChannels", WAIT, () -> callIs(callId, CallState.FINISHED));
    assertEquals(AgentState.WRAP_UP, status("talking").state(), "the seat is freed into wrap-up");
  }

  @Test
  void aCallArrivingWhileRedisIsDownWaitsOnHoldAndIsAnsweredOnceRedisIsBack() throws Exception {
    LocalRedis redis = LocalRedis.start(true);
    try {
      h = Harness.start(o -> o.withSeed(3), Duration.ofSeconds(5), redis.uri());
      h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 30));
      h.agent("mandarin", "001", "zh");
      redis.kill();
      String channel = h.sim.placeCall(caller("13955556666")).await(5, TimeUnit.SECONDS);
      h.await("the AGI session ended", WAIT, () -> h.sim.stats().agiSessions() >= 1);
      Thread.sleep(1500); // a few failed attempts to queue the call
      redis.restart();
      h.await(
          "queued and answered once Redis is back",
          Duration.ofSeconds(30),
          () -> {
            try {
              return callIs(callIdOf(channel), CallState.CONNECTED);
            } catch (Exception e) {
              return false;
            }
          });
      assertEquals(1, general().offered());
    } finally {
      if (h != null) {
        h.close();
        h = null;
      }
      redis.close();
    }
  }

  @Test
  void brokenFramesUnknownEventsGarbageAgiAndAHangUpMidCommandAreSurvived() throws Exception {
    start(Duration.ofSeconds(5));
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 1.0));
    h.agent("mandarin", "001", "zh");

    h.sim.sendRawToAmiClients("this is not a header line\r\n\r\n").await(5, TimeUnit.SECONDS);
    h.sim
        .sendRawToAmiClients("Event: FrobnicateStorm\r\nPrivilege: call,all\r\nWind: 12\r\n\r\n")
        .await(5, TimeUnit.SECONDS);
    h.sim
        .sendRawToAmiClients(
            "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/x\r\nUniqueid: 9.9\r\nCause: notanumber\r\n\r\n")
        .await(5, TimeUnit.SECONDS);
    h.sim
        .sendRawToAmiClients("Event: Newchannel\r\nChannel: PJSIP/trunc")
        .await(5, TimeUnit.SECONDS);
    try (Socket garbage = new Socket("127.0.0.1", h.gateway.agiPort())) {
      OutputStream out = garbage.getOutputStream();
      out.write(
          "\u0000\u0001GET / HTTP/1.0\r\nagi_channel: x\n\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertEquals(
          -1, garbage.getInputStream().read(), "the gateway closes a session it cannot serve");
    }
    // a caller who hangs up while the menu asks (dialled 12345: GET DATA, 4 s)
    CallSpec impatient = CallSpec.of("13922223333").withPatience(0.5);
    h.sim.placeCall(impatient).await(5, TimeUnit.SECONDS);
    h.await("the AGI session ends", WAIT, () -> h.sim.stats().abandoned() == 1);

    String channel = h.sim.placeCall(caller("13912345678")).await(5, TimeUnit.SECONDS);
    h.await(
        "queued",
        WAIT,
        () -> !h.gateway.seats().activeCalls().toCompletableFuture().join().isEmpty());
    String callId = callIdOf(channel);
    h.await("the next call is still served", WAIT, () -> callIs(callId, CallState.FINISHED));
    assertTrue(h.gateway.exchangesUp());
    assertEquals(
        1, general().offered(), "the caller who left during the menu never entered a queue");
  }
}
