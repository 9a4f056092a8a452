package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.logging.CapturedLog;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FastAGI sessions from an exchange's own host act only on channels that exchange's AMI has shown:
 * one that names a channel the exchange never had, or a real call's Uniqueid under another channel,
 * is ended without a command; nothing is queued or reported, no AMI action is sent, a warning and a
 * counter say so, and real calls go on being served. A caller who arrives while the AMI connection
 * is down is refused too, and served from the dialplan's retry context once it is back.
 */
class AgiKnownChannelTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Actions the gateway sends whatever happens: its keep-alive and its reconciliation. */
  private static final Set<String> ROUTINE = Set.of("Ping", "CoreShowChannels");

  private Harness h;
  private final List<String> actions = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private void start() throws Exception {
    h = Harness.start(o -> o.withSeed(31), Duration.ofSeconds(5));
    h.sim
        .onAction(a -> actions.add(a.value("Action") + " " + a.value("Channel")))
        .await(5, TimeUnit.SECONDS);
  }

  /** What a session sent (one command a line) and how long it took until the gateway closed it. */
  private record Session(List<String> commands, Duration took) {}

  /**
   * A FastAGI session from 127.0.0.1, the exchange's host, with the environment of a recorded
   * session: every command the gateway sends is answered {@code 200 result=1}.
   */
  private Session session(
      String script, String channel, String uniqueId, String caller, String... args)
      throws Exception {
    StringBuilder env =
        new StringBuilder()
            .append("agi_network: yes\nagi_network_script: ")
            .append(script)
            .append("\nagi_request: agi://127.0.0.1/")
            .append(script)
            .append("\nagi_channel: ")
            .append(channel)
            .append("\nagi_language: en\nagi_type: PJSIP\nagi_uniqueid: ")
            .append(uniqueId)
            .append("\nagi_version: 22.10.1\nagi_callerid: ")
            .append(caller)
            .append("\nagi_calleridname: unknown\nagi_dnid: 10000\nagi_context: hotline-in\n")
            .append("agi_extension: s\nagi_priority: 7\n");
    for (int i = 0; i < args.length; i++) {
      env.append("agi_arg_").append(i + 1).append(": ").append(args[i]).append('\n');
    }
    env.append('\n');
    List<String> commands = new ArrayList<>();
    long start = System.nanoTime();
    try (Socket s = new Socket("127.0.0.1", h.gateway.agiPort())) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      out.write(env.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line);
        out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }
    return new Session(commands, Duration.ofNanos(System.nanoTime() - start));
  }

  private static String now() {
    return Long.toString(Instant.now().getEpochSecond());
  }

  private double refused(String reason) {
    return h.gateway
        .metrics()
        .find("hotline.agi.sessions.refused")
        .tag("reason", reason)
        .counter()
        .count();
  }

  private List<String> unusualActions() {
    return actions.stream().filter(a -> !ROUTINE.contains(a.split(" ")[0])).toList();
  }

  private String uniqueIdOf(String channel) throws Exception {
    return h.sim.channels().await(5, TimeUnit.SECONDS).stream()
        .filter(c -> c.name().equals(channel))
        .findFirst()
        .orElseThrow()
        .uniqueid();
  }

  private Optional<CallView> view(String callId) {
    return h.gateway.seats().call(callId).toCompletableFuture().join();
  }

  private boolean callIs(String callId, CallState state) {
    return view(callId).map(v -> v.state() == state).orElse(false);
  }

  private static CallSpec caller(String number) {
    return new CallSpec(number, "", "10000", Double.POSITIVE_INFINITY, Keypad.silent());
  }

  @Test
  void aSessionNamingAChannelTheExchangeNeverHadIsRefusedQueuesNothingAndSendsNoAmiAction()
      throws Exception {
    start();
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 30));
    h.agent("mandarin", "001", "zh"); // a call queued now would be offered at once

    Session refused;
    try (CapturedLog log = CapturedLog.start()) {
      refused =
          session(
              "incoming",
              "PJSIP/trunk-0000dead",
              "1796600000.999",
              "13900001111",
              "ast1",
              "10000",
              now());
      List<String> warned = log.lines("refused (unknown)");
      assertEquals(1, warned.size(), log.text());
      assertTrue(warned.get(0).contains("PJSIP/trunk-0000dead"), warned.get(0));
      assertTrue(warned.get(0).contains("139****1111"), "the caller's number is masked");
      assertFalse(log.text().contains("13900001111"), "and never logged in full");
    }
    assertEquals(List.of(), refused.commands(), "closed without a command");
    assertTrue(
        refused.took().compareTo(Duration.ofMillis(1500)) >= 0,
        "it waited for the channel to appear first: " + refused.took());
    assertEquals(1.0, refused("unknown"));
    assertTrue(
        h.gateway.seats().activeCalls().toCompletableFuture().join().isEmpty(), "nothing queued");
    assertEquals(Optional.empty(), view("ast1:1796600000.999"));
    assertEquals(
        Optional.empty(),
        h.gateway.switchboard().directory().get("ast1:1796600000.999").await(5, TimeUnit.SECONDS),
        "no call record either");
    assertEquals(List.of(), unusualActions(), "no AMI action");

    // and the gateway goes on serving real callers
    String channel = h.sim.placeCall(caller("13912345678")).await(5, TimeUnit.SECONDS);
    String callId = "ast1:" + uniqueIdOf(channel);
    h.await("the real caller is answered", WAIT, () -> callIs(callId, CallState.CONNECTED));
    assertEquals(1, h.sim.stats().answered());
    assertEquals(1.0, refused("unknown"), "the real caller was not refused");
  }

  @Test
  void aSessionNamingARealCallsUniqueidUnderAnotherChannelIsRefusedAndTheCallKeepsItsPlace()
      throws Exception {
    start();
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 30));
    String channel = h.sim.placeCall(caller("13912345678")).await(5, TimeUnit.SECONDS);
    String uniqueId = uniqueIdOf(channel);
    String callId = "ast1:" + uniqueId;
    h.await("the real caller waits", WAIT, () -> callIs(callId, CallState.WAITING));
    CallView before = view(callId).orElseThrow();
    actions.clear();

    // the retry form: a session that would rejoin the waiting call and be handed its seat
    Session forged =
        session(
            "incoming",
            "PJSIP/trunk-ffffffff",
            uniqueId,
            "13700000000",
            "ast1",
            "10000",
            now(),
            "retry");
    assertEquals(List.of(), forged.commands(), "closed without a command");
    assertTrue(
        forged.took().compareTo(Duration.ofMillis(1500)) < 0,
        "a Uniqueid the exchange has under another name is refused at once: " + forged.took());
    assertEquals(1.0, refused("other-channel"));
    CallView after = view(callId).orElseThrow();
    assertEquals(CallState.WAITING, after.state(), "the real call still waits");
    assertEquals(before.enqueuedAt(), after.enqueuedAt(), "in its place");
    assertEquals(before.requeues(), after.requeues());
    CallRecord record =
        h.gateway.switchboard().directory().get(callId).await(5, TimeUnit.SECONDS).orElseThrow();
    assertEquals(channel, record.channel(), "and its record still names its own channel");
    assertEquals(List.of(), unusualActions(), "no AMI action");

    h.agent("mandarin", "001", "zh");
    h.await("the real caller is answered", WAIT, () -> callIs(callId, CallState.CONNECTED));
    assertEquals(1, h.sim.stats().answered());
  }

  @Test
  void aForgedDialResultForACallRingingAtASeatIsRefusedAndTheSeatIsNotPaused() throws Exception {
    start();
    h.sim.seat("seat001").behave(SeatBehaviour.answering(3, 30));
    h.agent("mandarin", "001", "zh");
    String channel = h.sim.placeCall(caller("13912345678")).await(5, TimeUnit.SECONDS);
    String uniqueId = uniqueIdOf(channel);
    String callId = "ast1:" + uniqueId;
    h.await("ringing at seat 001", WAIT, () -> callIs(callId, CallState.OFFERED));

    Session forged =
        session(
            "dialresult",
            "PJSIP/trunk-ffffffff",
            uniqueId,
            "13700000000",
            "NOANSWER",
            "ast1",
            "PJSIP/seat001");
    assertEquals(List.of(), forged.commands(), "closed without a command");
    assertEquals(1.0, refused("other-channel"));
    assertEquals(CallState.OFFERED, view(callId).orElseThrow().state(), "still ringing");

    h.await("answered at seat 001", WAIT, () -> callIs(callId, CallState.CONNECTED));
    assertEquals(
        AgentState.ON_CALL,
        h.gateway.seats().status("mandarin").toCompletableFuture().join().state(),
        "the seat was not paused for a ring-no-answer that never happened");
  }

  @Test
  void aCallerWhoRingsWhileTheAmiIsDownAsksAgainFromTheRetryContextAndIsAnsweredOnceItIsBack()
      throws Exception {
    start();
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 30));
    h.agent("mandarin", "001", "zh");
    h.sim.refuseAmiConnections(Duration.ofSeconds(3)).await(5, TimeUnit.SECONDS);
    h.sim.dropAmiConnections().await(5, TimeUnit.SECONDS);
    h.await("the gateway notices", WAIT, () -> !h.gateway.exchangesUp());

    Instant placed = Instant.now();
    String channel = h.sim.placeCall(caller("13912345678")).await(5, TimeUnit.SECONDS);
    String callId = "ast1:" + uniqueIdOf(channel);
    h.await("refused while the AMI is down", WAIT, () -> refused("ami-down") >= 1);
    assertEquals(Optional.empty(), view(callId), "not queued on a channel nobody could check");

    h.await("reconnected", Duration.ofSeconds(30), h.gateway::exchangesUp);
    h.await("answered once the AMI is back", WAIT, () -> callIs(callId, CallState.CONNECTED));
    CallView answered = view(callId).orElseThrow();
    assertTrue(
        answered.enqueuedAt().isBefore(placed.plusSeconds(1)),
        "it kept its arrival (" + placed + ") as its place in line: " + answered.enqueuedAt());
    assertEquals(1, h.sim.stats().answered());
    assertEquals(0, h.sim.stats().abandoned());
    assertEquals(0, h.sim.stats().redirectDrops());
  }
}
