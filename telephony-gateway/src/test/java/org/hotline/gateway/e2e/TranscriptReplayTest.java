package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.hotline.asterisk.sim.replay.ReplayServer;
import org.hotline.asterisk.sim.replay.Transcript;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.ami.EventTranslator;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.channel.CallLifecycle;
import org.hotline.gateway.config.DialplanNames;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.gateway.config.LineConfig;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.config.LocalizedName;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.redis.RedisSeatManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each transcript recorded from a real Asterisk 22 is replayed over AMI into a gateway whose seat
 * manager holds the calls as they were before the recording started; the resulting call lifecycle
 * is checked. The seat devices are the recording's Local channels.
 */
class TranscriptReplayTest {

  private final Vertx vertx = Vertx.vertx();
  private ReplayServer replay;
  private Gateway gateway;
  private RedisSeatManager seats;
  private final List<CallLifecycle> lifecycles = new CopyOnWriteArrayList<>();
  private SeatManagerConfig config;

  private final List<RedisClient> clients = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    clients.forEach(RedisClient::shutdown);
    if (gateway != null) {
      gateway.close().await(10, TimeUnit.SECONDS);
    }
    if (replay != null) {
      replay.close().await(5, TimeUnit.SECONDS);
    }
    if (seats != null) {
      seats.close();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void setUp(String... devices) {
    List<Seat> seatList = new ArrayList<>();
    for (int i = 0; i < devices.length; i++) {
      seatList.add(new Seat(String.format("%03d", i + 1), "A", "1", devices[i]));
    }
    config =
        new SeatManagerConfig(
            "replay" + UUID.randomUUID().toString().substring(0, 8),
            ZoneId.of("Asia/Shanghai"),
            Duration.ofMinutes(5),
            List.of("chaoyang"),
            List.of(
                new QueueConfig(
                    "general",
                    new LocalizedName("综合", "General"),
                    List.of("zh"),
                    Map.of("general", 1),
                    false,
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(30),
                    List.of())),
            List.of(
                new PauseReason("technical", new LocalizedName("技术故障", "Technical"), true),
                new PauseReason(
                    PauseReason.NO_ANSWER, new LocalizedName("未接听", "No answer"), false)),
            seatList);
    seats =
        RedisSeatManager.connect(
            LocalRedis.shared().uri(), config, Clock.systemUTC(), DecisionRecorder.NONE);
  }

  private void agentAt(String agent, String seat) throws InterruptedException {
    seats
        .registerAgent(
            new Agent(agent, agent, Role.AGENT, Map.of("general", 5), Set.of("zh"), Set.of()))
        .toCompletableFuture()
        .join();
    seats.login(agent, seat).toCompletableFuture().join();
    Thread.sleep(5); // distinct idle times: the first logged in is offered first
  }

  /** The call as the /incoming AGI would have queued it: its record first, then the queue. */
  private void enqueue(String uniqueId, String channel) throws Exception {
    String callId = "ast1:" + uniqueId;
    RedisClient client = RedisClient.create(LocalRedis.shared().uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      new CallDirectory(c.async(), vertx.getOrCreateContext(), config.centreId())
          .put(
              new CallRecord(
                  callId,
                  "ast1",
                  channel,
                  uniqueId,
                  "13912345678",
                  "Citizen",
                  "",
                  "general",
                  "en",
                  Instant.now(),
                  ""))
          .await(5, TimeUnit.SECONDS);
    } finally {
      client.shutdown();
    }
    seats.enqueue(RoutingRequest.of(callId, "general")).toCompletableFuture().join();
  }

  private void replay(String recording) throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/asterisk/" + recording)) {
      bytes = in.readAllBytes();
    }
    replay = new ReplayServer(vertx, Transcript.parse(bytes), 0, 1);
    int port = replay.listen("127.0.0.1", 0).await(5, TimeUnit.SECONDS);
    GatewayConfig shipped =
        GatewayConfigLoader.load(
            Path.of("..", "config", "gateway.yaml"), Map.of("HOTLINE_AMI_SECRET", "x")::get);
    GatewayConfig gw =
        new GatewayConfig(
            GatewayConfigLoader.single("ast1", "127.0.0.1", port, "hotline", "replay"),
            AgiServerOptions.defaults().withHost("127.0.0.1").withPort(0),
            "127.0.0.1",
            0,
            new DialplanNames("hotline-hold", "hotline-connect", "s", 1, Duration.ofSeconds(15)),
            "",
            shipped.ivr(),
            Map.of("default", new LineConfig(false, Optional.of("general"), 0)),
            Duration.ofMillis(100));
    gateway =
        Gateway.create(
                vertx, gw, config, LocalRedis.shared().uri(), Optional.empty(), Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    gateway.observeLifecycles(lifecycles::add);
    gateway.begin().await(30, TimeUnit.SECONDS);
  }

  private CallState call(String uniqueId) {
    return seats.call("ast1:" + uniqueId).toCompletableFuture().join().orElseThrow().state();
  }

  private AgentStatus agent(String id) {
    return seats.status(id).toCompletableFuture().join();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void twoAnsweredCallsAreAnsweredThenFinishedAndTheirAgentsInWrapUp() throws Exception {
    setUp("Local/1001@agents", "Local/1002@agents");
    agentAt("a1", "001");
    agentAt("a2", "002");
    enqueue("1795764987.1", "Local/s@hotline-in-00000000;2");
    enqueue("1795764987.3", "Local/s@hotline-in-00000001;2");
    replay("external-acd-answered.ami");
    await(
        "both calls finished",
        () ->
            call("1795764987.1") == CallState.FINISHED
                && call("1795764987.3") == CallState.FINISHED);
    assertEquals(AgentState.WRAP_UP, agent("a1").state());
    assertEquals(AgentState.WRAP_UP, agent("a2").state());
    await("both calls' lives complete", () -> lifecycles.size() == 2);
    for (CallLifecycle call : lifecycles) {
      assertTrue(call.bridged(), "caller and seat were bridged");
      assertEquals(4, call.legs().size(), "two Local pairs: handset and caller, the seat");
      assertTrue(call.legs().stream().allMatch(l -> l.cause() == 16), "normal clearing everywhere");
      assertEquals(
          List.of("ANSWER", "ANSWER"),
          call.dials().stream().map(CallLifecycle.Dial::status).toList(),
          "the originate's dial, then the seat's");
      assertTrue(
          call.legs().stream().anyMatch(CallLifecycle.Leg::requestedHangup),
          "someone hung up first");
    }
    assertEquals(
        2,
        seats.statistics().toCompletableFuture().join().queue("general").orElseThrow().answered());
  }

  @Test
  void noAnswerBusyAndCongestionRequeueTheCallSeatBySeatThenTheCallerGivesUp() throws Exception {
    setUp(
        "Local/1101@agents-noanswer",
        "Local/1102@agents-busy",
        "Local/1103@agents-congestion",
        "PJSIP/seat-away");
    agentAt("n1", "001");
    agentAt("n2", "002");
    agentAt("n3", "003");
    agentAt("n4", "004");
    enqueue("1795765045.19", "Local/s@hotline-in-00000009;2");
    replay("external-acd-no-answer-busy-unavailable.ami");
    // CHANUNAVAIL creates no channel, so AMI never shows that fourth dial: the caller hangs up
    // while the call still rings (for the seat manager) at seat 004
    await("the caller's hang-up", () -> call("1795765045.19") == CallState.ABANDONED);
    assertEquals("no-answer", ((AgentStatus.Paused) agent("n1")).reason());
    assertEquals("no-answer", ((AgentStatus.Paused) agent("n2")).reason());
    assertEquals("technical", ((AgentStatus.Paused) agent("n3")).reason());
    assertEquals(AgentState.AVAILABLE, agent("n4").state());
    assertEquals(
        3,
        seats
            .statistics()
            .toCompletableFuture()
            .join()
            .queue("general")
            .orElseThrow()
            .ringNoAnswer());
    await("the call's life completes", () -> lifecycles.size() == 1);
    CallLifecycle call = lifecycles.get(0);
    assertEquals(
        List.of("ANSWER", "NOANSWER", "BUSY", "CONGESTION"),
        call.dials().stream().map(CallLifecycle.Dial::status).toList(),
        "CHANUNAVAIL makes no channel, hence no dial event");
    assertEquals(false, call.bridged(), "the caller never reached a seat");
  }

  @Test
  void aDialCancelledByOurOwnRedirectIsNotANoAnswerAndStaleReportsAreRefused() throws Exception {
    setUp("Local/1101@agents-noanswer", "Local/1102@agents-busy", "Local/1103@agents-congestion");
    agentAt("r1", "001");
    enqueue("1795765026.9", "Local/s@hotline-in-00000004;2");
    replay("external-acd-redirect-during-dial.ami");
    await("the caller's hang-up", () -> call("1795765026.9") == CallState.ABANDONED);
    // CANCEL is ignored; BUSY and CONGESTION name seats 002 and 003, where the call never rang
    assertEquals(AgentState.AVAILABLE, agent("r1").state());
    assertEquals(
        0,
        seats
            .statistics()
            .toCompletableFuture()
            .join()
            .queue("general")
            .orElseThrow()
            .ringNoAnswer());
  }

  @Test
  void aCallerWhoHangsUpWhileHoldingIsAnAbandon() throws Exception {
    setUp("Local/1001@agents");
    enqueue("1795765061.29", "Local/s@hotline-in-0000000e;2");
    Thread.sleep(1200); // past the short-abandon threshold (1 s here)
    replay("abandon-while-holding.ami");
    await("abandoned", () -> call("1795765061.29") == CallState.ABANDONED);
    assertEquals(
        1,
        seats.statistics().toCompletableFuture().join().queue("general").orElseThrow().abandoned());
    await("the call's life completes", () -> lifecycles.size() == 1);
    assertEquals(false, lifecycles.get(0).bridged());
    assertTrue(lifecycles.get(0).legs().stream().allMatch(l -> l.cause() == 16));
  }

  @Test
  void aCallerHungUpByARedirectBetweenApplicationsIsADroppedCallNotAnAbandon() throws Exception {
    setUp("Local/1186@agents");
    enqueue("1796041115.3395", "Local/s@hotline-in-000006a1;2");
    replay("redirect-as-agi-ends.ami");
    await("the call's life completes", () -> lifecycles.size() == 1);
    CallLifecycle call = lifecycles.get(0);
    assertEquals(
        Optional.of(new CallLifecycle.Drop("1796041115.3395", "waiting", "exchange")),
        call.drop("hotline-connect"),
        "SoftHangupRequest on the caller's leg, nothing from its far end, no seat rang");
    await("counted once", () -> dropped("waiting", "exchange") == 1.0);
    assertEquals(
        Optional.of("dropped:waiting:exchange"),
        directory().field("ast1:1796041115.3395", "ending").await(5, TimeUnit.SECONDS),
        "the call's record says so");
    await("no longer waiting", () -> call("1796041115.3395") != CallState.WAITING);
  }

  @Test
  void anOrdinaryCallThroughTheShippedDialplanIsNeitherDroppedNorEnteredMidway() throws Exception {
    setUp("Local/1101@agents");
    agentAt("a1", "001");
    enqueue("1796041111.3045", "Local/s@hotline-in-000005f2;2");
    replay("shipped-dialplan-answered.ami");
    await("finished", () -> call("1796041111.3045") == CallState.FINISHED);
    await("the call's life completes", () -> lifecycles.size() == 1);
    assertEquals(Optional.empty(), lifecycles.get(0).drop("hotline-connect"));
    assertEquals(
        "1796041111.3045",
        lifecycles.get(0).hotlineLeg().orElseThrow().uniqueId(),
        "the leg that ran the hotline dialplan is the caller's");
    assertEquals(0.0, dropped("waiting", "exchange") + dropped("ringing", "exchange"));
    assertEquals(0.0, counter("hotline.calls.connect.midway"));
  }

  @Test
  void aCallerWhoseHandsetHangsUpAfterThreeUnansweredSeatsAbandonedIsNotDropped() throws Exception {
    setUp("Local/2001@agents", "Local/2002@agents", "Local/2003@agents");
    agentAt("n1", "001");
    agentAt("n2", "002");
    agentAt("n3", "003");
    enqueue("1796041679.29055", "Local/s@hotline-in-000038bf;2");
    replay("shipped-dialplan-ring-no-answer.ami");
    await("the caller's hang-up", () -> call("1796041679.29055") == CallState.ABANDONED);
    for (String agent : List.of("n1", "n2", "n3")) {
      assertEquals("no-answer", ((AgentStatus.Paused) agent(agent)).reason());
    }
    await("the call's life completes", () -> lifecycles.size() == 1);
    CallLifecycle call = lifecycles.get(0);
    assertEquals(
        CallLifecycle.HangupBy.FAR_END, call.hotlineLeg().orElseThrow().hangupBy(), "its handset");
    assertEquals(Optional.empty(), call.drop("hotline-connect"));
    assertEquals(0.0, dropped("ringing", "exchange"));
  }

  private double dropped(String stage, String reason) {
    io.micrometer.core.instrument.Counter c =
        gateway
            .metrics()
            .find("hotline.calls.dropped")
            .tag("stage", stage)
            .tag("reason", reason)
            .counter();
    return c == null ? 0 : c.count();
  }

  private double counter(String name) {
    io.micrometer.core.instrument.Counter c = gateway.metrics().find(name).counter();
    return c == null ? 0 : c.count();
  }

  private CallDirectory directory() {
    RedisClient client = RedisClient.create(LocalRedis.shared().uri());
    clients.add(client);
    return new CallDirectory(
        client.connect().async(), vertx.getOrCreateContext(), config.centreId());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "queue-abandon-and-ringnoanswer.ami",
        "coreshowchannels-and-status.ami",
        "chanspy-supervisor.ami",
        "return-visit-survey.ami",
        "fastagi-hangup-midcommand.ami",
        "md5-login-and-basics.ami",
        "app-queue/queue-calls.ami"
      })
  void recordingsOfOtherFeaturesFlowThroughWithoutTouchingUnknownCalls(String recording)
      throws Exception {
    setUp("Local/1001@agents");
    agentAt("bystander", "001");
    replay(recording);
    long expected = countChannelEvents(recording);
    await(
        "every channel event handled",
        () -> gateway.amiClients().get(0).eventsHandled() >= expected);
    assertEquals(AgentState.AVAILABLE, agent("bystander").state(), "no call of ours was touched");
    assertTrue(seats.activeCalls().toCompletableFuture().join().isEmpty());
  }

  /** Events the translator keeps, counted from the file itself. */
  private long countChannelEvents(String recording) throws IOException {
    Set<String> kept = EventTranslator.TRANSLATED;
    Set<String> hotline =
        new org.hotline.gateway.config.DialplanNames(
                "hotline-hold", "hotline-connect", "s", 1, Duration.ofSeconds(15))
            .contexts();
    try (InputStream in = getClass().getResourceAsStream("/asterisk/" + recording)) {
      return Transcript.parse(in.readAllBytes()).events().stream()
          .filter(f -> kept.contains(f.substring("Event: ".length(), f.indexOf("\r\n"))))
          .filter(
              f ->
                  !f.startsWith("Event: Newexten\r\n")
                      || hotline.stream().anyMatch(c -> f.contains("\r\nContext: " + c + "\r\n"))
                          && !f.contains("\r\nApplication: AppDial"))
          .count();
    }
  }
}
