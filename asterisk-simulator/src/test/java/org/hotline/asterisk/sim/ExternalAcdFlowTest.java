package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole external-ACD flow over real sockets, the test acting as the gateway. */
class ExternalAcdFlowTest {
  Vertx vertx;
  TestAgiServer agi;
  AsteriskSimulator sim;
  RawAmiClient ami;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    agi = new TestAgiServer(vertx);
    agi.gatewayDefaults();
    sim =
        await(
            AsteriskSimulator.start(
                vertx, SimulatorOptions.defaults(SECRET, agi.address()).withTimeScale(20)));
    ami = new RawAmiClient(sim.amiPort());
    ami.login(SECRET);
  }

  @AfterEach
  void tearDown() throws Exception {
    ami.close();
    await(sim.close());
    agi.close();
    await(vertx.close());
  }

  private String holdingCaller(String number) throws Exception {
    String channel = await(sim.placeCall(CallSpec.of(number)));
    ami.awaitEvent("MusicOnHoldStart", "Channel", channel);
    return channel;
  }

  private void connect(String channel, String seat) throws Exception {
    ami.send(
        "Action: Setvar",
        "ActionID: sv",
        "Channel: " + channel,
        "Variable: SEAT_DEVICE",
        "Value: " + seat);
    assertEquals(
        "Variable Set",
        ami.await(m -> m.value("ActionID").equals("sv"), Duration.ofSeconds(5)).value("Message"));
    ami.send(
        "Action: Redirect",
        "ActionID: rd",
        "Channel: " + channel,
        "Context: hotline-connect",
        "Exten: s",
        "Priority: 1");
    assertEquals(
        "Redirect successful",
        ami.await(m -> m.value("ActionID").equals("rd"), Duration.ofSeconds(5)).value("Message"));
  }

  @Test
  void answeredCallIsBridgedTalksAndHangsUp() throws Exception {
    sim.seat("seat036").behave(SeatBehaviour.answering(1, 20));
    String caller = holdingCaller("13912345678");
    TestAgiServer.Session incoming = agi.nextSession();
    assertEquals("agi://" + agi.address() + "/incoming", incoming.envValue("agi_request"));
    assertEquals(caller, incoming.envValue("agi_channel"));
    assertEquals("13912345678", incoming.envValue("agi_callerid"));
    connect(caller, "PJSIP/seat036");
    AmiMessage begin = ami.awaitEvent("DialBegin", "Channel", caller);
    assertEquals("seat036", begin.value("DialString"));
    assertTrue(begin.value("DestChannel").startsWith("PJSIP/seat036-"));
    assertEquals("ANSWER", ami.awaitEvent("DialEnd", "Channel", caller).value("DialStatus"));
    ami.awaitEvent("BridgeEnter", "Channel", caller);
    AmiMessage hangup = ami.awaitEvent("Hangup", "Channel", caller);
    assertEquals("16", hangup.value("Cause"));
    assertEquals("Normal Clearing", hangup.value("Cause-txt"));
    ami.awaitEvent("HangupHandlerRun", "Channel", caller);
    assertEquals(1, sim.stats().answered());
    assertEquals(1, sim.stats().completed());
    assertTrue(await(sim.channels()).isEmpty());
  }

  @Test
  void failedSeatsReportDialStatusOverAgiAndReturnToHold() throws Exception {
    sim.seat("seat001").behave(SeatBehaviour.neverAnswers());
    sim.seat("seat002").behave(SeatBehaviour.busy());
    sim.seat("seat003").behave(SeatBehaviour.unreachable());
    String caller = holdingCaller("13912345679");
    agi.nextSession();
    ami.send(
        "Action: Setvar",
        "ActionID: t",
        "Channel: " + caller,
        "Variable: SEAT_TIMEOUT",
        "Value: 5");
    ami.await(m -> m.value("ActionID").equals("t"), Duration.ofSeconds(5));
    String[][] cases = {
      {"PJSIP/seat001", "NOANSWER"},
      {"PJSIP/seat002", "BUSY"},
      {"PJSIP/seat003", "CHANUNAVAIL"},
      {"SIP/nonsense", "CHANUNAVAIL"}
    };
    for (String[] c : cases) {
      connect(caller, c[0]);
      TestAgiServer.Session dialresult = agi.nextSession();
      assertEquals("dialresult", dialresult.script());
      assertEquals(c[1], dialresult.envValue("agi_arg_1"));
      assertEquals(c[0], dialresult.envValue("agi_arg_3"), "the device that Dial rang");
      assertEquals("hotline-connect", dialresult.envValue("agi_context"));
      assertEquals(
          "7",
          dialresult.envValue("agi_priority"),
          "shipped hotline-connect: NoOp, GotoIf, MixMonitor, Set, Dial, Set, AGI");
      ami.awaitEvent("MusicOnHoldStart", "Channel", caller);
    }
    ami.send("Action: Hangup", "ActionID: h", "Channel: " + caller, "Cause: 16");
    assertEquals(
        "Channel Hungup",
        ami.await(m -> m.value("ActionID").equals("h"), Duration.ofSeconds(5)).value("Message"));
    assertEquals("16", ami.awaitEvent("Hangup", "Channel", caller).value("Cause"));
    assertEquals(1, sim.stats().dialNoAnswer());
    assertEquals(1, sim.stats().dialBusy());
    assertEquals(2, sim.stats().dialUnavailable());
  }

  @Test
  void redirectWhileRingingCancelsTheDialWithoutDialresult() throws Exception {
    sim.seat("seat001").behave(SeatBehaviour.neverAnswers());
    sim.seat("seat004").behave(SeatBehaviour.answering(0, 5));
    String caller = holdingCaller("13912345670");
    agi.nextSession();
    connect(caller, "PJSIP/seat001");
    ami.awaitEvent("DialState", "Channel", caller);
    connect(caller, "PJSIP/seat004");
    AmiMessage cancel = ami.awaitEvent("DialEnd", "DialStatus", "CANCEL");
    assertEquals(caller, cancel.value("Channel"));
    assertEquals("ANSWER", ami.awaitEvent("DialEnd", "DialStatus", "ANSWER").value("DialStatus"));
    ami.awaitEvent("Hangup", "Channel", caller);
    assertEquals(1, sim.stats().dialCancel());
    assertTrue(agi.sessions.isEmpty(), "no dialresult session for the cancelled Dial");
  }

  @Test
  void recordingHoldAndCallerEndingTheTalk() throws Exception {
    sim.seat("seat007")
        .behave(
            SeatBehaviour.answering(0, 10)
                .withHold(1.0, org.hotline.asterisk.sim.distribution.Distribution.fixed(2))
                .withCallerEnding(1.0));
    String caller = holdingCaller("01088886666");
    agi.nextSession();
    ami.send(
        "Action: Setvar",
        "ActionID: rec",
        "Channel: " + caller,
        "Variable: HOTLINE_RECORDING",
        "Value: /rec/HC-0001");
    ami.await(m -> m.value("ActionID").equals("rec"), Duration.ofSeconds(5));
    connect(caller, "PJSIP/seat007");
    AmiMessage mix = ami.awaitEvent("Newexten", "Application", "MixMonitor");
    assertEquals("/rec/HC-0001.wav,b", mix.value("AppData"));
    assertEquals("hotline-connect", mix.value("Context"));
    assertEquals(
        "/rec/HC-0001.wav",
        ami.awaitEvent("VarSet", "Variable", "MIXMONITOR_FILENAME").value("Value"));
    ami.awaitEvent("MixMonitorStart", "Channel", caller);
    AmiMessage hold = ami.awaitEvent("Hold", null, null);
    assertTrue(hold.value("Channel").startsWith("PJSIP/seat007-"));
    ami.awaitEvent("Unhold", "Channel", hold.value("Channel"));
    AmiMessage request = ami.awaitEvent("HangupRequest", "Channel", caller);
    assertEquals("16", request.value("Cause"));
    ami.awaitEvent("Hangup", "Channel", caller);
    assertEquals(1, sim.stats().holds());
    assertTrue(
        ami.drain(Duration.ofMillis(100)).stream()
            .noneMatch(m -> m.eventType().equals("MixMonitorStop")),
        "Asterisk sends MixMonitorStop only for StopMixMonitor, not at hang-up (recordings)");
  }

  @Test
  void systemNamePrefixesUniqueids() throws Exception {
    AsteriskSimulator other =
        await(
            AsteriskSimulator.start(
                vertx, SimulatorOptions.defaults(SECRET, agi.address()).withSystemName("ast2")));
    try {
      String channel = await(other.placeCall(CallSpec.of("13900000000")));
      agi.nextSession();
      List<ChannelInfo> chans = await(other.channels());
      assertEquals(channel, chans.get(0).name());
      assertTrue(chans.get(0).uniqueid().matches("ast2-\\d+\\.\\d+"), chans.get(0).uniqueid());
    } finally {
      await(other.close());
    }
  }

  @Test
  void abandonWhileHoldingHangsUpWithCause16AndNoBridge() throws Exception {
    String caller = await(sim.placeCall(CallSpec.of("13800000001").withPatience(10)));
    agi.nextSession();
    AmiMessage hangup = ami.awaitEvent("Hangup", "Channel", caller);
    assertEquals("16", hangup.value("Cause"));
    assertEquals("hotline-hold", hangup.value("Context"));
    List<AmiMessage> rest = ami.drain(Duration.ofMillis(200));
    assertFalse(rest.stream().anyMatch(m -> m.eventType().startsWith("Bridge")));
    assertEquals(1, sim.stats().abandoned());
    assertEquals(0, sim.stats().answered());
  }
}
