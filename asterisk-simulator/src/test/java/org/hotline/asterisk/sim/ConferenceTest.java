package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * A three-way call through the shipped hotline-conference context, the test acting as the gateway:
 * a Redirect with ExtraChannel moves the caller and the answering seat's leg out of the Dial into
 * one ConfBridge, an Originate brings an outside phone in, ConfbridgeKick lets the agent go, and
 * the caller's hang-up ends the room.
 */
class ConferenceTest {
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

  private AmiMessage action(String id, String... lines) throws Exception {
    String[] all = new String[lines.length + 1];
    all[0] = "ActionID: " + id;
    System.arraycopy(lines, 0, all, 1, lines.length);
    ami.send(all);
    return ami.await(m -> m.value("ActionID").equals(id), Duration.ofSeconds(5));
  }

  @Test
  void callerAndSeatMoveIntoOneRoomTheUnitJoinsTheAgentLeavesAndTheCallerEndsIt() throws Exception {
    sim.seat("seat036").behave(SeatBehaviour.answering(0.2, 600));
    String caller = await(sim.placeCall(CallSpec.of("13912345678")));
    ami.awaitEvent("MusicOnHoldStart", "Channel", caller);
    agi.nextSession();
    action(
        "sv",
        "Action: Setvar",
        "Channel: " + caller,
        "Variable: SEAT_DEVICE",
        "Value: PJSIP/seat036");
    action(
        "rd",
        "Action: Redirect",
        "Channel: " + caller,
        "Context: hotline-connect",
        "Exten: s",
        "Priority: 1");
    String seat = ami.awaitEvent("DialBegin", "Channel", caller).value("DestChannel");
    ami.awaitEvent("BridgeEnter", "Channel", caller);

    for (String c : List.of(caller, seat)) {
      action(
          "v" + c,
          "Action: Setvar",
          "Channel: " + c,
          "Variable: HOTLINE_CONFERENCE",
          "Value: 3way-1");
    }
    AmiMessage moved =
        action(
            "dual",
            "Action: Redirect",
            "Channel: " + caller,
            "Context: hotline-conference",
            "Exten: caller",
            "Priority: 1",
            "ExtraChannel: " + seat,
            "ExtraExten: seat");
    assertEquals("Success", moved.value("Response"), moved.toString());
    AmiMessage start = ami.awaitEvent("ConfbridgeStart", "Conference", "3way-1");
    assertEquals("softmix", start.value("BridgeTechnology"));
    AmiMessage seatJoined = ami.awaitEvent("ConfbridgeJoin", "Channel", seat);
    assertEquals("seat", seatJoined.value("Exten"), "the seat's leg runs the dialplan now");
    ami.awaitEvent("ConfbridgeJoin", "Channel", caller);

    action(
        "org",
        "Action: Originate",
        "Channel: PJSIP/120@trunk",
        "Context: hotline-conference",
        "Exten: unit",
        "Priority: 1",
        "CallerID: \"12345\" <12345>",
        "Variable: HOTLINE_CONFERENCE=3way-1",
        "Async: true");
    AmiMessage unitJoined = ami.awaitEvent("ConfbridgeJoin", "Exten", "unit");
    String unit = unitJoined.value("Channel");

    AmiMessage kicked =
        action("kick", "Action: ConfbridgeKick", "Conference: 3way-1", "Channel: " + seat);
    assertEquals("User kicked", kicked.value("Message"));
    ami.awaitEvent("ConfbridgeLeave", "Channel", seat);
    ami.awaitEvent("Hangup", "Channel", seat);

    sim.callerHangsUp(caller);
    ami.awaitEvent("ConfbridgeLeave", "Channel", caller);
    ami.awaitEvent("ConfbridgeLeave", "Channel", unit);
    ami.awaitEvent("ConfbridgeEnd", "Conference", "3way-1");
    ami.awaitEvent("Hangup", "Channel", unit);
    for (int i = 0; i < 100 && !await(sim.channels()).isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertTrue(await(sim.channels()).isEmpty(), "every leg hung up");
    assertTrue(agi.noSession(Duration.ofMillis(300)), "no /dialresult after the Dial was left");
    assertEquals(
        "Error",
        action("gone", "Action: ConfbridgeKick", "Conference: 3way-1", "Channel: all")
            .value("Response"));
  }
}
