package org.hotline.gateway.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.hotline.asterisk.sim.replay.Transcript;
import org.hotline.gateway.channel.ChannelEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTranslatorTest {

  private final EventTranslator translator =
      new EventTranslator("ast1", c -> c.startsWith("hotline-"));
  private final Instant at = Instant.parse("2026-11-27T07:36:30Z");

  private ChannelEvent translate(String... lines) {
    return translator.translate(AmiFrame.of(List.of(lines)), at);
  }

  @Test
  void aDialEndNamesBothLegsAndItsStatus() {
    assertEquals(
        new ChannelEvent.DialEnded(
            "ast1", "1795764987.1", "1795764987.4", "Local/1001@agents-00000002;1", "ANSWER", at),
        translate(
            "Event: DialEnd",
            "Privilege: call,all",
            "Channel: Local/s@hotline-in-00000000;2",
            "Uniqueid: 1795764987.1",
            "DestChannel: Local/1001@agents-00000002;1",
            "DestUniqueid: 1795764987.4",
            "DialStatus: ANSWER",
            ""));
  }

  @Test
  void chanSpyEventsNameTheSpyByItsSpyerUniqueidAndTheCallByTheSpyeesLinkedid() {
    // as recorded (chanspy-supervisor.ami): no top-level Channel, Uniqueid or Linkedid
    assertEquals(
        new ChannelEvent.SpyStarted(
            "ast1",
            "1795765111.50",
            "Local/9000@supervisor-00000019;1",
            "Local/1001@agents-00000018;2",
            "1795765111.49",
            "1795765109.46",
            at),
        translate(
            "Event: ChanSpyStart",
            "Privilege: call,all",
            "SpyerChannel: Local/9000@supervisor-00000019;1",
            "SpyerUniqueid: 1795765111.50",
            "SpyerLinkedid: 1795765111.50",
            "SpyeeChannel: Local/1001@agents-00000018;2",
            "SpyeeUniqueid: 1795765111.49",
            "SpyeeLinkedid: 1795765109.46",
            ""));
    assertEquals(
        new ChannelEvent.SpyStopped(
            "ast1", "1795765111.50", "Local/1001@agents-00000018;2", "1795765109.46", at),
        translate(
            "Event: ChanSpyStop",
            "SpyerChannel: Local/9000@supervisor-00000019;1",
            "SpyerUniqueid: 1795765111.50",
            "SpyeeChannel: Local/1001@agents-00000018;2",
            "SpyeeLinkedid: 1795765109.46",
            ""));
  }

  @Test
  void anOriginatesDialHasNoCallingLegAndHeaderNamesIgnoreCase() {
    ChannelEvent.DialStarted d =
        (ChannelEvent.DialStarted)
            translate("Event: DialBegin", "destuniqueid: 1.4", "DialString: 1001@agents");
    assertEquals("", d.uniqueId());
    assertEquals("1.4", d.destUniqueId());
  }

  @Test
  void hangupCarriesItsCauseAndUnreadableValuesAreNeutral() {
    ChannelEvent.HungUp hungUp =
        (ChannelEvent.HungUp)
            translate(
                "Event: Hangup",
                "Channel: PJSIP/trunk-00000001",
                "Uniqueid: 1.1",
                "Linkedid: 1.0",
                "Cause: 16");
    assertEquals(16, hungUp.cause());
    assertEquals("1.0", hungUp.linkedId());
    assertEquals(
        -1,
        ((ChannelEvent.StateChanged) translate("Event: Newstate", "ChannelState: x", "Uniqueid: 1"))
            .state());
    assertTrue(((ChannelEvent.HoldChanged) translate("Event: Hold", "Uniqueid: 1.4")).onHold());
    assertNull(translate("Event: VarSet", "Variable: DIALSTATUS", "Value: "));
  }

  @Test
  void dialplanStepsAreReportedOnlyInHotlineContexts() {
    assertEquals(
        new ChannelEvent.DialplanStep(
            "ast1", "1.2", "hotline-hold", 3, "MusicOnHold", "default,1800", at),
        translate(
            "Event: Newexten",
            "Context: hotline-hold",
            "Priority: 3",
            "Uniqueid: 1.2",
            "Application: MusicOnHold",
            "AppData: default,1800"));
    assertNull(
        translate("Event: Newexten", "Context: agents", "Uniqueid: 1.3", "Application: Answer"),
        "a seat's own dialplan is not ours to follow");
    assertNull(
        translate(
            "Event: Newexten", "Context: hotline-in", "Uniqueid: 1.3", "Application: AppDial2"),
        "an originated leg's marker, not a dialplan step");
  }

  @Test
  void aSoftHangupRequestIsTheExchangeHangingUpNotTheFarEnd() {
    assertEquals(
        new ChannelEvent.SoftHangupRequested("ast1", "1.2", 16, at),
        translate("Event: SoftHangupRequest", "Uniqueid: 1.2", "Cause: 16"));
  }

  /** Every event of a type we translate, as a real Asterisk 22 sent it, names its leg. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "external-acd-answered.ami",
        "external-acd-no-answer-busy-unavailable.ami",
        "shipped-dialplan-answered.ami",
        "redirect-as-agi-ends.ami",
        "chanspy-supervisor.ami"
      })
  void everyRecordedEventOfATranslatedTypeBecomesAFactAboutItsLeg(String recording)
      throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/asterisk/" + recording)) {
      bytes = in.readAllBytes();
    }
    int facts = 0;
    for (String raw : Transcript.parse(bytes).events()) {
      AmiFrame frame = AmiFrame.of(List.of(raw.split("\r\n")));
      if (!EventTranslator.TRANSLATED.contains(frame.event())) {
        continue;
      }
      ChannelEvent fact = translator.translate(frame, at);
      if (frame.event().equals("Newexten")
          && (!frame.get("Context").startsWith("hotline-")
              || frame.get("Application").startsWith("AppDial"))) {
        assertNull(fact);
        continue;
      }
      assertNotNull(fact, raw);
      boolean namesALeg =
          !fact.uniqueId().isEmpty()
              || fact instanceof ChannelEvent.DialStarted d && !d.destUniqueId().isEmpty()
              || fact instanceof ChannelEvent.DialEnded e && !e.destUniqueId().isEmpty();
      assertTrue(namesALeg, raw);
      facts++;
    }
    assertFalse(facts == 0);
  }
}
