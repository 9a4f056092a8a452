package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.call.CallStats;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The race of redirect-as-agi-ends.md, against the dialplan as tried on the real exchange: a
 * stand-in gateway that closes the /incoming session and at once sends Setvar x3 and Redirect loses
 * callers; one that redirects while the session is open, or only once AMI showed the caller inside
 * MusicOnHold, loses none.
 */
class RedirectRaceTest {
  static final int CALLS = 200;

  Vertx vertx;
  Vertx gatewayVertx;
  TestAgiServer agi;
  AsteriskSimulator sim;
  RawAmiClient ami;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    // the stand-in gateway runs on its own event loops, as a separate process would
    gatewayVertx = Vertx.vertx();
    agi = new TestAgiServer(gatewayVertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (ami != null) {
      ami.close();
    }
    if (sim != null) {
      await(sim.close());
    }
    agi.close();
    await(gatewayVertx.close());
    await(vertx.close());
  }

  private void start(UnaryOperator<SimulatorOptions> more) throws Exception {
    sim =
        await(
            AsteriskSimulator.start(
                vertx,
                more.apply(
                    SimulatorOptions.defaults(SECRET, agi.address())
                        .withDialplan(Lab1130.triedDialplan())
                        .withTimeScale(10)
                        .withSeatDefault(SeatBehaviour.answering(0, 0.5)))));
    ami = new RawAmiClient(sim.amiPort());
    ami.login(SECRET);
  }

  /** The lab's stand-in: Setvar SEAT_DEVICE, SEAT_TIMEOUT, HOTLINE_RECORDING, then Redirect. */
  private void offer(String channel, int n) {
    try {
      ami.send(
          "Action: Setvar",
          "Channel: " + channel,
          "Variable: SEAT_DEVICE",
          "Value: PJSIP/seat" + String.format("%03d", 1 + n % 200));
      ami.send("Action: Setvar", "Channel: " + channel, "Variable: SEAT_TIMEOUT", "Value: 15");
      ami.send(
          "Action: Setvar",
          "Channel: " + channel,
          "Variable: HOTLINE_RECORDING",
          "Value: hotline/20261130/" + n);
      ami.send(
          "Action: Redirect",
          "Channel: " + channel,
          "Context: hotline-connect",
          "Exten: s",
          "Priority: 1");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Originates the citizens as the lab did: Local/s@hotline-in, the ;1 half waits in callgen. */
  private void originateAll(int calls) throws Exception {
    for (int i = 0; i < calls; i++) {
      ami.send(
          "Action: Originate",
          "ActionID: o-" + i,
          "Channel: Local/s@hotline-in",
          "Context: callgen",
          "Exten: s",
          "Priority: 1",
          "CallerID: \"Citizen " + i + "\" <1391700" + String.format("%04d", i) + ">",
          "Variable: DRV_CALLNO=" + i,
          "Async: true");
      if (i % 20 == 19) {
        Thread.sleep(20);
      }
    }
  }

  private List<AmiMessage> untilAllCallsEnded(int calls) throws Exception {
    List<AmiMessage> frames = new ArrayList<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long hangups = 0;
    while (hangups < 2L * calls && System.nanoTime() < end) {
      AmiMessage m = ami.frames.poll(100, TimeUnit.MILLISECONDS);
      if (m != null) {
        frames.add(m);
        if (m.eventType().equals("Hangup") && m.value("Channel").startsWith("Local/s@")) {
          hangups++;
        }
      }
    }
    assertEquals(2L * calls, hangups, "every citizen's ;1 and ;2 hung up");
    return frames;
  }

  @Test
  void redirectSentAsTheAgiSessionClosesLosesCallersAsRecorded() throws Exception {
    start(o -> o);
    int[] n = {0};
    agi.on(
        "incoming",
        (s, t) -> {
          int call = n[0]++;
          String channel = s.envValue("agi_channel");
          s.send("SET VARIABLE HOTLINE_CALL_ID \"ast1:" + call + "\"");
          // the FIN goes out first, the AMI actions right after it
          s.onReply(() -> s.socket.close().onComplete(v -> offer(channel, call)));
        });
    originateAll(CALLS);
    List<AmiMessage> frames = untilAllCallsEnded(CALLS);
    CallStats stats = sim.stats();
    assertTrue(stats.redirectDrops() > 0, "some Redirects hit the gap: " + stats);
    assertEquals(0, stats.midwayStarts());

    // a dropped caller: its ;2 hung up in hotline-connect without any Dial
    Map<String, List<AmiMessage>> byChannel = new LinkedHashMap<>();
    for (AmiMessage m : frames) {
      if (m.isEvent() && !m.value("Channel").isEmpty()) {
        byChannel.computeIfAbsent(m.value("Channel"), k -> new ArrayList<>()).add(m);
      }
    }
    List<String> dropped =
        byChannel.keySet().stream()
            .filter(c -> c.endsWith(";2") && c.startsWith("Local/s@hotline-in"))
            .filter(
                c ->
                    byChannel.get(c).stream().noneMatch(m -> m.eventType().equals("DialBegin"))
                        && last(byChannel.get(c)).value("Context").equals("hotline-connect"))
            .toList();
    assertEquals(stats.redirectDrops(), dropped.size(), "AMI shows each dropped caller");

    List<AmiMessage> recorded = RecordingSupport.frames("redirect-as-agi-ends.ami");
    String two = "Local/s@hotline-in-000006a1;2";
    String one = "Local/s@hotline-in-000006a1;1";
    List<String> expectedTwo = signatures(fromFirst(recorded, two, "SoftHangupRequest"));
    List<String> expectedOne = signatures(fromFirst(recorded, one, "HangupRequest"));
    assertEquals(8, expectedTwo.size(), expectedTwo.toString());
    assertEquals("hotline-in,6", oldPosition(recorded, two), "the recorded one: after the Goto");
    for (String c : dropped) {
      String peer = c.substring(0, c.length() - 1) + "1";
      // SoftHangupRequest shows the position of the application that had just returned
      String old = oldPosition(byChannel.get(c), c);
      assertTrue(old.startsWith("hotline-in,") || old.startsWith("hotline-hold,"), old);
      assertEquals(expectedTwo, signatures(fromFirst(byChannel.get(c), c, "SoftHangupRequest")), c);
      assertEquals(
          expectedOne, signatures(fromFirst(byChannel.get(peer), peer, "HangupRequest")), peer);
    }
    // the callers whose Redirect came while the AGI ran went on to a seat
    assertEquals(CALLS - stats.redirectDrops(), stats.dials());
  }

  @Test
  void redirectWhileTheAgiSessionIsOpenLosesNobody() throws Exception {
    start(o -> o);
    int[] n = {0};
    agi.on(
        "incoming",
        (s, t) -> {
          int call = n[0]++;
          String channel = s.envValue("agi_channel");
          s.send("SET VARIABLE HOTLINE_CALL_ID \"ast1:" + call + "\"");
          s.onReply(() -> offer(channel, call));
          // the Redirect makes the session see the channel hung up; then the gateway closes
          s.onLine(
              line -> {
                if (line.equals("HANGUP")) {
                  s.socket.close();
                }
              });
        });
    originateAll(150);
    List<AmiMessage> frames = untilAllCallsEnded(150);
    assertEquals(0, sim.stats().redirectDrops(), sim.stats().toString());
    assertEquals(150, sim.stats().dials());
    assertTrue(
        frames.stream()
            .filter(m -> m.value("Variable").equals("AGISTATUS"))
            .allMatch(m -> m.value("Value").equals("HANGUP")),
        "res_agi treats the Redirect as a hang-up: AGISTATUS=HANGUP, and the channel moves on");
  }

  @Test
  void redirectOnlyOnceAmiShowsTheCallerInMusicOnHoldLosesNobody() throws Exception {
    start(o -> o);
    agi.on(
        "incoming",
        (s, t) -> {
          s.send("SET VARIABLE HOTLINE_CALL_ID \"" + s.envValue("agi_channel") + "\"");
          s.onReply(() -> s.socket.close());
        });
    originateAll(150);
    Set<String> offered = ConcurrentHashMap.newKeySet();
    long hangups = 0;
    int n = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (hangups < 300 && System.nanoTime() < end) {
      AmiMessage m = ami.frames.poll(100, TimeUnit.MILLISECONDS);
      if (m == null) {
        continue;
      }
      if (m.eventType().equals("Newexten")
          && m.value("Context").equals("hotline-hold")
          && m.value("Application").equals("MusicOnHold")
          && offered.add(m.value("Channel"))) {
        offer(m.value("Channel"), n++);
      }
      if (m.eventType().equals("Hangup") && m.value("Channel").startsWith("Local/s@")) {
        hangups++;
      }
    }
    assertEquals(300, hangups);
    assertEquals(0, sim.stats().redirectDrops(), sim.stats().toString());
    assertEquals(150, sim.stats().dials());
  }

  @Test
  void midwayShareStartsTheTargetContextAfterItsFirstPriorities() throws Exception {
    start(o -> o.withMidwayShare(1.0).withAppGap(Duration.ofMillis(250)));
    agi.on(
        "incoming",
        (s, t) -> {
          s.send("SET VARIABLE HOTLINE_CALL_ID \"" + s.envValue("agi_channel") + "\"");
          s.onReply(() -> s.socket.close());
        });
    int calls = 5;
    originateAll(calls);
    Map<String, AmiMessage> firstInConnect = new LinkedHashMap<>();
    Set<String> recording = ConcurrentHashMap.newKeySet();
    long hangups = 0;
    int n = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (hangups < 2L * calls && System.nanoTime() < end) {
      AmiMessage m = ami.frames.poll(100, TimeUnit.MILLISECONDS);
      if (m == null) {
        continue;
      }
      String c = m.value("Channel");
      // redirect right after Set(HOLD_SECS=0) returned: inside the 250 ms gap
      if (m.eventType().equals("Newexten")
          && m.value("Context").equals("hotline-hold")
          && m.value("AppData").equals("HOLD_SECS=0")) {
        offer(c, n++);
      }
      if (m.eventType().equals("Newexten") && m.value("Context").equals("hotline-connect")) {
        firstInConnect.putIfAbsent(c, m);
      }
      if (m.eventType().equals("MixMonitorStart")) {
        recording.add(c);
      }
      if (m.eventType().equals("Hangup") && c.startsWith("Local/s@")) {
        hangups++;
      }
    }
    assertEquals(calls, sim.stats().midwayStarts(), sim.stats().toString());
    assertEquals(0, sim.stats().redirectDrops());
    assertEquals(calls, firstInConnect.size());
    for (AmiMessage first : firstInConnect.values()) {
      assertEquals("3", first.value("Priority"), "old priority 2 + 1: " + first);
      assertEquals("Set", first.value("Application"));
    }
    assertTrue(recording.isEmpty(), "started after the MixMonitor: an unrecorded call");
  }

  /**
   * The SoftHangupRequest of a lost caller shows the old place: that of the last Newexten before
   * it, not the Redirect's target.
   */
  private static String oldPosition(List<AmiMessage> events, String channel) {
    AmiMessage lastStep = null;
    for (AmiMessage m : events) {
      if (!m.value("Channel").equals(channel)) {
        continue;
      }
      if (m.eventType().equals("Newexten")) {
        lastStep = m;
      }
      if (m.eventType().equals("SoftHangupRequest")) {
        assertEquals(lastStep.value("Context"), m.value("Context"));
        assertEquals(lastStep.value("Priority"), m.value("Priority"));
        return m.value("Context") + "," + m.value("Priority");
      }
    }
    throw new AssertionError("no SoftHangupRequest for " + channel);
  }

  private static AmiMessage last(List<AmiMessage> events) {
    return events.get(events.size() - 1);
  }

  private static List<AmiMessage> fromFirst(List<AmiMessage> events, String channel, String type) {
    List<AmiMessage> mine =
        events.stream().filter(m -> m.isEvent() && m.value("Channel").equals(channel)).toList();
    for (int i = 0; i < mine.size(); i++) {
      if (mine.get(i).eventType().equals(type)) {
        return mine.subList(i, mine.size());
      }
    }
    throw new AssertionError("no " + type + " for " + channel + ": " + mine);
  }

  /** What must match the recording: type and the fields that tell the sequence apart. */
  private static List<String> signatures(List<AmiMessage> events) {
    List<String> out = new ArrayList<>();
    for (AmiMessage m : events) {
      String sig =
          switch (m.eventType()) {
            case "SoftHangupRequest" -> "SoftHangupRequest " + m.value("Cause");
            case "HangupRequest" -> "HangupRequest " + m.value("Cause");
            case "HangupHandlerRun" -> "HangupHandlerRun " + m.value("Handler");
            case "VarSet" -> "VarSet " + m.value("Variable") + "=" + m.value("Value");
            case "Newexten" -> "Newexten " + m.value("Context") + " " + m.value("Application");
            case "Hangup" ->
                "Hangup "
                    + m.value("Context")
                    + ","
                    + m.value("Exten")
                    + ","
                    + m.value("Priority")
                    + " "
                    + m.value("Cause");
            default -> m.eventType();
          };
      out.add(sig);
    }
    return out;
  }

  /** Reads recordings from the test resources. */
  static final class RecordingSupport {
    private RecordingSupport() {}

    static List<AmiMessage> frames(String file) throws IOException {
      try (InputStream in = RedirectRaceTest.class.getResourceAsStream("/recordings/" + file)) {
        return RecordingComparisonTest.parse(in.readAllBytes());
      }
    }
  }
}
