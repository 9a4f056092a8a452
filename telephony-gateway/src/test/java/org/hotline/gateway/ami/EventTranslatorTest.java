package org.hotline.gateway.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Date;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DialEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.HoldEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.hotline.gateway.channel.ChannelEvent;
import org.junit.jupiter.api.Test;

class EventTranslatorTest {

  private final EventTranslator translator =
      new EventTranslator("ast1", c -> c.startsWith("hotline-"));
  private final Date received = Date.from(Instant.parse("2026-11-27T07:36:30Z"));

  @Test
  void aDialEndNamesBothLegsAndItsStatus() {
    DialEndEvent e = new DialEndEvent(this);
    e.setUniqueId("1795764987.1");
    e.setDestUniqueId("1795764987.4");
    e.setDestChannel("Local/1001@agents-00000002;1");
    e.setDialStatus("ANSWER");
    e.setDateReceived(received);
    assertEquals(
        new ChannelEvent.DialEnded(
            "ast1",
            "1795764987.1",
            "1795764987.4",
            "Local/1001@agents-00000002;1",
            "ANSWER",
            received.toInstant()),
        translator.translate(e));
  }

  @Test
  void theSyntheticLegacyDialEventIsNotCountedButDialBeginIs() {
    DialBeginEvent begin = new DialBeginEvent(this);
    begin.setUniqueId("1.1");
    begin.setDestUniqueId("1.4");
    begin.setDateReceived(received);
    assertEquals(ChannelEvent.DialStarted.class, translator.translate(begin).getClass());
    assertNull(translator.translate(new DialEvent(begin)), "Asterisk-Java's copy of DialBegin");
  }

  @Test
  void hangupCarriesItsCauseAndUnknownEventsAreIgnored() {
    HangupEvent h = new HangupEvent(this);
    h.setUniqueId("1.1");
    h.setLinkedId("1.0");
    h.setChannel("PJSIP/trunk-00000001");
    h.setCause(16);
    ChannelEvent.HungUp hungUp = (ChannelEvent.HungUp) translator.translate(h);
    assertEquals(16, hungUp.cause());
    assertEquals("1.0", hungUp.linkedId());
    HoldEvent hold = new HoldEvent(this);
    hold.setUniqueId("1.4");
    assertEquals(true, ((ChannelEvent.HoldChanged) translator.translate(hold)).onHold());
    assertNull(translator.translate(new org.asteriskjava.manager.event.VarSetEvent(this)));
  }

  @Test
  void dialplanStepsAreReportedOnlyInHotlineContexts() {
    NewExtenEvent moh = new NewExtenEvent(this);
    moh.setUniqueId("1.2");
    moh.setContext("hotline-hold");
    moh.setPriority(3);
    moh.setApplication("MusicOnHold");
    moh.setAppData("default,1800");
    moh.setDateReceived(received);
    assertEquals(
        new ChannelEvent.DialplanStep(
            "ast1", "1.2", "hotline-hold", 3, "MusicOnHold", "default,1800", received.toInstant()),
        translator.translate(moh));
    NewExtenEvent elsewhere = new NewExtenEvent(this);
    elsewhere.setUniqueId("1.3");
    elsewhere.setContext("agents");
    elsewhere.setPriority(1);
    elsewhere.setApplication("Answer");
    assertNull(translator.translate(elsewhere), "a seat's own dialplan is not ours to follow");
    assertNull(translator.translate(new NewExtenEvent(this)), "no context, no uniqueid");
  }

  @Test
  void aSoftHangupRequestIsTheExchangeHangingUpNotTheFarEnd() {
    org.asteriskjava.manager.event.SoftHangupRequestEvent soft =
        new org.asteriskjava.manager.event.SoftHangupRequestEvent(this);
    soft.setUniqueId("1.2");
    soft.setCause(16);
    soft.setDateReceived(received);
    assertEquals(
        new ChannelEvent.SoftHangupRequested("ast1", "1.2", 16, received.toInstant()),
        translator.translate(soft));
  }
}
