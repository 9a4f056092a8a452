package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.dialplan.DialplanProfile;
import org.hotline.asterisk.sim.replay.Transcript;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.junit.jupiter.api.Test;

/**
 * Runs call 1 of external-acd-answered (Originate Local/s@hotline-in into callgen, FastAGI
 * /incoming, two hold loops, Setvar + Redirect to Local/1001@agents, six seconds of talk) and
 * compares event types in order and each event's field names in order with the recording.
 * Device-state and app_queue events and the racy OriginateResponse/BridgeDestroy positions are left
 * out of the ordered comparison.
 */
class RecordingComparisonTest {
  private static final Set<String> UNORDERED =
      Set.of(
          "DeviceStateChange",
          "QueueMemberStatus",
          "BridgeDestroy",
          "OriginateResponse",
          "FullyBooted",
          "SuccessfulAuth");
  private static final Set<String> CALL1 =
      Set.of("hotline-in-00000000;", "agents-00000002;", "66d0902d-9628-4df3-8e34-f34e3010227a");
  private static final Set<String> ACTIONS = Set.of("orig-1", "setvar-seat-1", "redirect-1");

  static List<AmiMessage> parse(byte[] bytes) {
    List<AmiMessage> out = new ArrayList<>();
    Transcript t = Transcript.parse(bytes);
    for (String f : t.frames()) {
      AmiMessage.Builder b = AmiMessage.builder();
      for (String line : f.split("\r\n")) {
        if (line.isEmpty()) {
          continue;
        }
        int c = line.indexOf(':');
        b.add(line.substring(0, c), line.substring(c + 1).stripLeading());
      }
      out.add(b.build());
    }
    return out;
  }

  static boolean belongsToCall1(AmiMessage m) {
    if (!m.isEvent()) {
      return ACTIONS.contains(m.value("ActionID"));
    }
    return m.headers().stream().anyMatch(h -> CALL1.stream().anyMatch(h.value()::contains));
  }

  static String key(AmiMessage m) {
    return m.isEvent() ? "E:" + m.eventType() : "R:" + m.value("Message");
  }

  @Test
  void answeredCallMatchesRecording() throws Exception {
    byte[] recordedBytes;
    try (InputStream in = getClass().getResourceAsStream("/recordings/external-acd-answered.ami")) {
      recordedBytes = in.readAllBytes();
    }
    List<AmiMessage> recorded =
        parse(recordedBytes).stream()
            .filter(RecordingComparisonTest::belongsToCall1)
            .filter(m -> !UNORDERED.contains(m.eventType()))
            .toList();

    Vertx vertx = Vertx.vertx();
    try (TestAgiServer agi = new TestAgiServer(vertx)) {
      agi.gatewayDefaults();
      AsteriskSimulator sim =
          await(
              AsteriskSimulator.start(
                  vertx,
                  SimulatorOptions.defaults(SECRET, agi.address())
                      .withProfile(DialplanProfile.RECORDED)
                      .withTimeScale(2)));
      sim.seat("Local/1001@agents").behave(SeatBehaviour.answering(0, 6));
      try (RawAmiClient ami = new RawAmiClient(sim.amiPort())) {
        assertEquals("Asterisk Call Manager/11.0.0\r\n", ami.banner);
        ami.login(SECRET);
        ami.send(
            "Action: Originate",
            "ActionID: orig-1",
            "Channel: Local/s@hotline-in",
            "Context: callgen",
            "Exten: s",
            "Priority: 1",
            "CallerID: \"Citizen\" <13912345678>",
            "Timeout: 30000",
            "Async: true");
        ami.awaitEvent("VarSet", "Value", "2");
        AmiMessage wait =
            ami.await(
                m ->
                    m.eventType().equals("Newexten")
                        && m.value("Application").equals("Wait")
                        && m.value("Context").equals("hotline-hold"),
                Duration.ofSeconds(5));
        String caller = wait.value("Channel");
        ami.send(
            "Action: Setvar",
            "ActionID: setvar-seat-1",
            "Channel: " + caller,
            "Variable: SEAT_DEVICE",
            "Value: Local/1001@agents");
        ami.await(m -> m.value("ActionID").equals("setvar-seat-1"), Duration.ofSeconds(5));
        ami.send(
            "Action: Redirect",
            "ActionID: redirect-1",
            "Channel: " + caller,
            "Context: hotline-connect",
            "Exten: s",
            "Priority: 1");
        ami.await(
            m -> m.eventType().equals("Hangup") && m.value("Context").equals("callgen"),
            Duration.ofSeconds(15));
        String raw = ami.rawText();
        assertTrue(raw.startsWith("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\n"));
        assertTrue(raw.endsWith("\r\n\r\n"), "every frame ends with a blank CRLF line");
        assertTrue(!raw.replace("\r\n", "").contains("\n"), "no bare LF on the wire");
        List<AmiMessage> mine =
            parse(raw.getBytes(StandardCharsets.UTF_8)).stream()
                .filter(m -> m.isEvent() || ACTIONS.contains(m.value("ActionID")))
                .filter(m -> !UNORDERED.contains(m.eventType()))
                .toList();
        assertTrue(recorded.size() > 100, "compared " + recorded.size() + " frames");
        List<String> expectedKeys = recorded.stream().map(RecordingComparisonTest::key).toList();
        List<String> actualKeys = mine.stream().map(RecordingComparisonTest::key).toList();
        assertEquals(String.join("\n", expectedKeys), String.join("\n", actualKeys));
        for (int i = 0; i < recorded.size(); i++) {
          assertEquals(
              recorded.get(i).names(),
              mine.get(i).names(),
              "field order of " + key(recorded.get(i)) + " #" + i);
        }
        List<AmiMessage> all = parse(raw.getBytes(StandardCharsets.UTF_8));
        assertTrue(all.stream().anyMatch(m -> m.eventType().equals("OriginateResponse")));
        assertTrue(all.stream().anyMatch(m -> m.eventType().equals("BridgeDestroy")));
      } finally {
        await(sim.close());
      }
    } finally {
      await(vertx.close());
    }
  }
}
