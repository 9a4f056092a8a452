package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.EventLog.event;
import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.ManagerConf;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a gateway session receives per call with the shipped manager.conf (read = system,call,
 * dialplan and its eventfilters) and the shipped dialplan, against everything the simulator raised.
 */
class AmiFiltersTest {
  static final Set<String> NEVER =
      Set.of(
          "VarSet",
          "AGIExecStart",
          "AGIExecEnd",
          "HangupHandlerPush",
          "HangupHandlerRun",
          "DeviceStateChange",
          "NewConnectedLine",
          "BridgeCreate",
          "BridgeDestroy",
          "SuccessfulAuth",
          "DialState");
  static final List<String> ALL_OF =
      List.of(
          "Newchannel",
          "NewCallerid",
          "Newstate",
          "DialBegin",
          "DialEnd",
          "BridgeEnter",
          "BridgeLeave",
          "MixMonitorStart",
          "SoftHangupRequest",
          "HangupRequest",
          "Hangup");

  Vertx vertx;
  TestAgiServer agi;
  AsteriskSimulator sim;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    agi = new TestAgiServer(vertx);
    // the gateway of the shipped design: the offer is handed over inside /incoming
    int[] n = {0};
    agi.on(
        "incoming",
        (s, t) -> {
          int call = n[0]++;
          List<String> sets =
              List.of(
                  "HOTLINE_CALL_ID \"ast1:" + call + "\"",
                  "SEAT_DEVICE \"PJSIP/seat00" + (call + 1) + "\"",
                  "SEAT_TIMEOUT \"15\"",
                  "HOTLINE_RECORDING \"hotline/20261130/ast1-" + call + "\"",
                  "HOTLINE_NEXT \"connect\"");
          sendAll(s, sets, 0);
        });
    sim =
        await(
            AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(SECRET, agi.address())
                    // the shipped account's filters and read classes; the Filter action this
                    // test also drives needs the system write class, which the gateway's lacks
                    .withManagerConf(
                        ManagerConf.shippedText()
                            .replaceFirst(
                                "(?m)^write = call,reporting", "write = call,reporting,system"))
                    .withTimeScale(10)
                    .withSeatDefault(SeatBehaviour.answering(0, 5))));
  }

  static void sendAll(TestAgiServer.Session s, List<String> sets, int i) {
    if (i == sets.size()) {
      s.socket.close();
      return;
    }
    s.send("SET VARIABLE " + sets.get(i));
    s.onReply(() -> sendAll(s, sets, i + 1));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(sim.close());
    agi.close();
    await(vertx.close());
  }

  private static RawAmiClient login(int port, String... extra) throws Exception {
    RawAmiClient c = new RawAmiClient(port);
    String[] lines = new String[4 + extra.length];
    lines[0] = "Action: Login";
    lines[1] = "ActionID: login-1";
    lines[2] = "Username: hotline";
    lines[3] = "Secret: " + SECRET;
    System.arraycopy(extra, 0, lines, 4, extra.length);
    c.send(lines);
    c.await(m -> m.value("ActionID").equals("login-1"), Duration.ofSeconds(5));
    return c;
  }

  static Map<String, Long> mix(List<AmiMessage> events, Predicate<AmiMessage> of) {
    Map<String, Long> out = new TreeMap<>();
    events.stream()
        .filter(AmiMessage::isEvent)
        .filter(m -> m.value("ActionID").isEmpty()) // not the list items of a response
        .filter(of)
        .forEach(m -> out.merge(m.eventType(), 1L, Long::sum));
    return out;
  }

  @Test
  void theGatewaySessionGetsTheFewDozenEventsItUsesAndAllResponses() throws Exception {
    EventLog all = EventLog.of(sim);
    try (RawAmiClient gateway = login(sim.amiPort());
        RawAmiClient callOnly = login(sim.amiPort(), "Events: call");
        RawAmiClient narrowed = login(sim.amiPort())) {
      assertEquals("FullyBooted", gateway.awaitEvent("FullyBooted", null, null).eventType());
      narrowed.send("Action: Filter", "ActionID: f1", "Operation: Add", "Filter: !Event: Newstate");
      narrowed.send(
          "Action: Filter",
          "ActionID: f2",
          "Operation: Add",
          "MatchCriteria: action(exclude),name(Hangup),header(Channel),method(starts_with)",
          "Filter: PJSIP/seat");
      narrowed.send(
          "Action: Filter", "ActionID: f3", "Operation: Add", "MatchCriteria: method(frob)");
      narrowed.send("Action: Filter", "ActionID: f4", "Operation: Remove", "Filter: x");
      assertEquals("Success", reply(narrowed, "f1").value("Response"));
      assertEquals("Success", reply(narrowed, "f2").value("Response"));
      assertEquals("Error", reply(narrowed, "f3").value("Response"));
      assertEquals("Unknown operation", reply(narrowed, "f4").value("Message"));

      String first = await(sim.placeCall(CallSpec.of("13912340001")));
      String second = await(sim.placeCall(CallSpec.of("13912340002")));
      all.await(event("DialEnd", "Channel", first), Duration.ofSeconds(5));
      // responses are not filtered: list items whose event names no filter includes arrive
      gateway.send("Action: CoreShowChannels", "ActionID: csc");
      gateway.await(m -> m.eventType().equals("CoreShowChannelsComplete"), Duration.ofSeconds(5));
      gateway.send(
          "Action: Getvar", "ActionID: gv", "Channel: " + first, "Variable: HOTLINE_CALL_ID");
      assertEquals("ast1:0", reply(gateway, "gv").value("Value"));
      gateway.send("Action: Status", "ActionID: st", "Channel: " + first);
      gateway.await(m -> m.eventType().equals("StatusComplete"), Duration.ofSeconds(5));
      all.await(event("Hangup", "Channel", first), Duration.ofSeconds(10));
      all.await(event("Hangup", "Channel", second), Duration.ofSeconds(10));
      Thread.sleep(300);

      List<AmiMessage> everything = all.events;
      Set<String> linked = Set.of(linkedid(everything, first), linkedid(everything, second));
      Predicate<AmiMessage> ofCalls = m -> linked.contains(m.value("Linkedid"));
      List<AmiMessage> got = gateway.drain(Duration.ofMillis(100));
      Map<String, Long> full = mix(everything, ofCalls);
      Map<String, Long> filtered = mix(got, ofCalls);
      System.out.println("per call, shipped dialplan, read = all:          " + half(full));
      System.out.println("per call, shipped dialplan, shipped manager.conf: " + half(filtered));

      assertTrue(got.stream().anyMatch(m -> m.eventType().equals("CoreShowChannel")));
      assertTrue(got.stream().anyMatch(m -> m.eventType().equals("Status")));
      for (String type : NEVER) {
        assertFalse(filtered.containsKey(type), type + " is filtered out");
      }
      for (String type : ALL_OF) {
        assertTrue(full.getOrDefault(type, 0L) > 0, type + " happens in these calls");
        assertEquals(full.get(type), filtered.get(type), type + ": every one is let through");
      }
      long hotlineSteps =
          everything.stream()
              .filter(ofCalls)
              .filter(m -> m.eventType().equals("Newexten"))
              .filter(m -> m.value("Context").startsWith("hotline-"))
              .count();
      assertEquals(hotlineSteps, filtered.get("Newexten"), "Newexten in hotline-* only");
      assertTrue(full.get("Newexten") > hotlineSteps, "from-trunk's Newexten are not sent");
      assertTrue(
          got.stream()
              .filter(m -> m.eventType().equals("Newexten"))
              .allMatch(m -> m.value("Context").startsWith("hotline-")));
      long total = full.values().stream().mapToLong(Long::longValue).sum();
      long sent = filtered.values().stream().mapToLong(Long::longValue).sum();
      assertTrue(sent * 2 < total, sent + " of " + total);

      List<AmiMessage> calls = callOnly.drain(Duration.ofMillis(50));
      assertTrue(calls.stream().noneMatch(m -> m.eventType().equals("Newexten")), "Events: call");
      assertTrue(calls.stream().noneMatch(m -> m.eventType().equals("FullyBooted")));
      assertEquals(full.get("Newchannel"), mix(calls, ofCalls).get("Newchannel"));

      List<AmiMessage> narrow = narrowed.drain(Duration.ofMillis(50));
      assertFalse(mix(narrow, ofCalls).containsKey("Newstate"), "session filter: !Event: Newstate");
      assertTrue(
          narrow.stream()
              .filter(m -> m.eventType().equals("Hangup"))
              .noneMatch(m -> m.value("Channel").startsWith("PJSIP/seat")));
      assertTrue(
          narrow.stream()
              .anyMatch(m -> m.eventType().equals("Hangup") && m.value("Channel").equals(first)));
    }
  }

  private static AmiMessage reply(RawAmiClient c, String id) throws InterruptedException {
    return c.await(m -> m.value("ActionID").equals(id) && !m.isEvent(), Duration.ofSeconds(5));
  }

  private static String linkedid(List<AmiMessage> events, String channel) {
    return events.stream()
        .filter(m -> m.value("Channel").equals(channel))
        .findFirst()
        .orElseThrow()
        .value("Linkedid");
  }

  private static Map<String, Double> half(Map<String, Long> twoCalls) {
    Map<String, Double> out = new TreeMap<>();
    twoCalls.forEach((k, v) -> out.put(k, v / 2.0));
    out.put("(total)", twoCalls.values().stream().mapToLong(Long::longValue).sum() / 2.0);
    return out;
  }
}
