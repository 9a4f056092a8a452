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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.dialplan.ChanSpyApp;
import org.hotline.asterisk.sim.dialplan.DialplanProfile;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.junit.jupiter.api.Test;

/**
 * ChanSpy as the recording {@code chanspy-supervisor.ami} shows it on Asterisk 22: the supervisor's
 * Originate with Application ChanSpy spies on the agent's ;2 leg, ChanSpyStart/Stop carry only
 * Spyer and Spyee fields, ChanSpyStop comes before the spied leg's Hangup and, with E, the spy's
 * channel hangs up after it. And through the shipped dialplan's hotline-spy context.
 */
class ChanSpyTest {

  private static final Pattern LEG = Pattern.compile("@(agents|supervisor)-[0-9a-f]+(;\\d)");

  private static List<AmiMessage> recording() throws Exception {
    try (InputStream in =
        ChanSpyTest.class.getResourceAsStream("/recordings/chanspy-supervisor.ami")) {
      return RecordingComparisonTest.parse(in.readAllBytes());
    }
  }

  /** From ChanSpyStart on: the spy's events, the spied leg's Hangup, and the spy's legs' ends. */
  private static List<String> spyTail(List<AmiMessage> events) {
    List<String> out = new ArrayList<>();
    boolean on = false;
    for (AmiMessage m : events) {
      String type = m.eventType();
      on |= type.equals("ChanSpyStart");
      if (!on) {
        continue;
      }
      String channel = m.value("Channel").isEmpty() ? m.value("SpyerChannel") : m.value("Channel");
      Matcher leg = LEG.matcher(channel);
      if (!leg.find()) {
        continue;
      }
      String who = leg.group(1) + leg.group(2);
      boolean spyEvent = type.startsWith("ChanSpy");
      boolean spiedEnds = type.equals("Hangup") && who.equals("agents;2");
      boolean spyLeg =
          who.startsWith("supervisor")
              && (type.equals("Hangup")
                  || type.equals("HangupRequest")
                  || type.equals("SoftHangupRequest"));
      if (spyEvent || spiedEnds || spyLeg) {
        out.add(type + " " + who);
      }
    }
    return out;
  }

  @Test
  void anOriginatedChanSpyBehavesAsRecorded() throws Exception {
    List<AmiMessage> recorded = recording();
    AmiMessage recordedStart =
        recorded.stream().filter(m -> m.eventType().equals("ChanSpyStart")).findFirst().get();
    AmiMessage recordedStop =
        recorded.stream().filter(m -> m.eventType().equals("ChanSpyStop")).findFirst().get();

    Vertx vertx = Vertx.vertx();
    try (TestAgiServer agi = new TestAgiServer(vertx)) {
      agi.gatewayDefaults();
      AsteriskSimulator sim =
          await(
              AsteriskSimulator.start(
                  vertx,
                  SimulatorOptions.defaults(SECRET, agi.address())
                      .withProfile(DialplanProfile.RECORDED)
                      .withTimeScale(4)));
      sim.seat("Local/1001@agents")
          .behave(SeatBehaviour.answering(0, 3)); // before the spy's Wait(5)
      try (RawAmiClient ami = new RawAmiClient(sim.amiPort())) {
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
        AmiMessage wait =
            ami.await(
                m ->
                    m.eventType().equals("Newexten")
                        && m.value("Application").equals("Wait")
                        && m.value("Context").equals("hotline-hold"),
                Duration.ofSeconds(5));
        String caller = wait.value("Channel");
        String callerLinkedid = wait.value("Linkedid");
        ami.send(
            "Action: Setvar",
            "ActionID: setvar-seat-1",
            "Channel: " + caller,
            "Variable: SEAT_DEVICE",
            "Value: Local/1001@agents");
        ami.send(
            "Action: Redirect",
            "ActionID: redirect-1",
            "Channel: " + caller,
            "Context: hotline-connect",
            "Exten: s",
            "Priority: 1");
        ami.await(
            m ->
                m.eventType().equals("DialEnd")
                    && m.value("DestChannel").startsWith("Local/1001@agents")
                    && m.value("DialStatus").equals("ANSWER"),
            Duration.ofSeconds(10));
        ami.send(
            "Action: Originate",
            "ActionID: orig-supervisor",
            "Channel: Local/9000@supervisor",
            "Application: ChanSpy",
            "Data: Local/1001@agents,qEw",
            "CallerID: \"Supervisor\" <9000>",
            "Timeout: 30000",
            "Async: true");
        AmiMessage start = ami.awaitEvent("ChanSpyStart", null, null);
        assertEquals(recordedStart.names(), start.names(), "only Spyer and Spyee fields, in order");
        assertTrue(start.value("SpyerChannel").matches("Local/9000@supervisor-[0-9a-f]+;1"));
        assertTrue(
            start.value("SpyeeChannel").matches("Local/1001@agents-[0-9a-f]+;2"),
            "the agent's ;2 leg is spied on: " + start.value("SpyeeChannel"));
        assertEquals(callerLinkedid, start.value("SpyeeLinkedid"), "correlate by SpyeeLinkedid");
        assertEquals(start.value("SpyerUniqueid"), start.value("SpyerLinkedid"));
        List<ChanSpyApp.Spied> spies = await(sim.spies());
        assertEquals(1, spies.size());
        assertEquals("Local/1001@agents", spies.get(0).chanprefix());
        assertEquals("qEw", spies.get(0).options());
        assertEquals(start.value("SpyeeChannel"), spies.get(0).spyee());
        assertTrue(spies.get(0).active());

        AmiMessage stop = ami.awaitEvent("ChanSpyStop", null, null);
        assertEquals(recordedStop.names(), stop.names());
        ami.await(
            m ->
                m.eventType().equals("Hangup")
                    && m.value("Channel").equals(start.value("SpyerChannel")),
            Duration.ofSeconds(10));
        ami.await(
            m ->
                m.eventType().equals("Hangup")
                    && m.value("Channel").startsWith("Local/9000@supervisor")
                    && m.value("Channel").endsWith(";2"),
            Duration.ofSeconds(10));
        List<AmiMessage> mine =
            RecordingComparisonTest.parse(ami.rawText().getBytes(StandardCharsets.UTF_8));
        assertEquals(spyTail(recorded), spyTail(mine));
        assertTrue(!await(sim.spies()).get(0).active(), "E: the spy ended with the spied leg");
      } finally {
        await(sim.close());
      }
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void theShippedSpyContextSpiesOnlyOnTheNamedSeat() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestAgiServer agi = new TestAgiServer(vertx)) {
      agi.gatewayDefaults();
      AsteriskSimulator sim =
          await(
              AsteriskSimulator.start(
                  vertx, SimulatorOptions.defaults(SECRET, agi.address()).withTimeScale(4)));
      sim.seat("seat0361").behave(SeatBehaviour.answering(0.2, 600));
      sim.seat("seat036").behave(SeatBehaviour.answering(0.2, 600));
      sim.seat("seat006").behave(SeatBehaviour.answering(0.2, 600));
      try (RawAmiClient ami = new RawAmiClient(sim.amiPort())) {
        ami.login(SECRET);
        String seat = connected(ami, sim, "13912345678", "PJSIP/seat036");
        connected(ami, sim, "13912345679", "PJSIP/seat0361"); // newer, and shares the prefix
        ami.send(
            "Action: Originate",
            "ActionID: spy",
            "Channel: PJSIP/seat006",
            "Context: hotline-spy",
            "Exten: s",
            "Priority: 1",
            "ChannelId: mon-1",
            "Variable: SPY_TARGET=PJSIP/seat036-",
            "Variable: SPY_OPTIONS=qESw",
            "Async: true");
        AmiMessage start = ami.awaitEvent("ChanSpyStart", "SpyerUniqueid", "mon-1");
        assertEquals(seat, start.value("SpyeeChannel"), "PJSIP/seat036- never matches seat0361");
        assertTrue(start.value("SpyerChannel").startsWith("PJSIP/seat006-"));
        ChanSpyApp.Spied spied = await(sim.spies()).get(0);
        assertEquals("qESw", spied.options());
        assertEquals("PJSIP/seat036-", spied.chanprefix());

        // the supervisor stops: AMI Hangup of the spy's channel
        ami.send("Action: Hangup", "ActionID: stop", "Channel: " + start.value("SpyerChannel"));
        ami.awaitEvent("ChanSpyStop", "SpyerUniqueid", "mon-1");
        ami.awaitEvent("Hangup", "Uniqueid", "mon-1");
        assertTrue(await(sim.channels()).stream().anyMatch(c -> c.name().equals(seat)));
      } finally {
        await(sim.close());
      }
    } finally {
      await(vertx.close());
    }
  }

  /** A caller connected to {@code device} through the shipped dialplan: the seat's leg. */
  private static String connected(
      RawAmiClient ami, AsteriskSimulator sim, String number, String device) throws Exception {
    String caller = await(sim.placeCall(CallSpec.of(number)));
    ami.awaitEvent("MusicOnHoldStart", "Channel", caller);
    ami.send(
        "Action: Setvar",
        "ActionID: sv-" + number,
        "Channel: " + caller,
        "Variable: SEAT_DEVICE",
        "Value: " + device);
    ami.send(
        "Action: Redirect",
        "ActionID: rd-" + number,
        "Channel: " + caller,
        "Context: hotline-connect",
        "Exten: s",
        "Priority: 1");
    String seat = ami.awaitEvent("DialBegin", "Channel", caller).value("DestChannel");
    ami.awaitEvent("BridgeEnter", "Channel", caller);
    return seat;
  }
}
