package org.hotline.gateway.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A session only moves forward: events that come twice, or late, change nothing. */
class MonitorSessionTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static MonitorSession session() {
    return new MonitorSession(
        "mon-1", "ast1", "s1", "006", "001", "a1", "ast1:1.1", MonitorMode.WHISPER, "::1", T0);
  }

  @Test
  void activeThenEndedCountsTheTimeOnTheCall() {
    MonitorSession s = session();
    assertTrue(s.activate(T0.plusSeconds(3)));
    assertFalse(s.activate(T0.plusSeconds(4)), "a repeated ChanSpyStart");
    assertTrue(s.end(T0.plusSeconds(13), "call ended"));
    assertFalse(s.end(T0.plusSeconds(14), "stopped"), "the Hangup after ChanSpyStop");
    assertEquals(MonitorSession.State.ENDED, s.state());
    assertEquals("call ended", s.reason());
    assertEquals(Duration.ofSeconds(10), s.duration());
  }

  @Test
  void aStartArrivingAfterTheEndIsIgnored() {
    MonitorSession s = session();
    assertTrue(s.end(T0.plusSeconds(2), s.endReason()));
    assertFalse(s.activate(T0.plusSeconds(3)));
    assertEquals(Optional.empty(), s.startedAt());
    assertEquals(Duration.ZERO, s.duration());
    assertEquals("not started", s.reason());
  }

  @Test
  void theReasonSaysWhoEndedIt() {
    MonitorSession stopped = session();
    stopped.activate(T0);
    stopped.stopAsked();
    assertEquals("stopped", stopped.endReason());
    MonitorSession handset = session();
    handset.activate(T0);
    handset.hangupAsked();
    assertEquals("supervisor hung up", handset.endReason());
    MonitorSession unanswered = session();
    unanswered.hangupAsked();
    assertEquals("not answered", unanswered.endReason());
    MonitorSession call = session();
    call.activate(T0);
    assertEquals("call ended", call.endReason());
  }

  @Test
  void eachModeHasItsChanSpyOptionsAndOnlyBargeAlwaysTellsTheAgent() {
    assertEquals("qES", MonitorMode.LISTEN.options());
    assertEquals("qESw", MonitorMode.WHISPER.options());
    assertEquals("qESB", MonitorMode.BARGE.options());
    assertEquals(Optional.of(MonitorMode.WHISPER), MonitorMode.parse("whisper"));
    assertEquals(Optional.empty(), MonitorMode.parse("WHISPER"));
    MonitorSettings quiet = new MonitorSettings(false);
    assertFalse(quiet.tellsAgent(MonitorMode.LISTEN));
    assertFalse(quiet.tellsAgent(MonitorMode.WHISPER));
    assertTrue(quiet.tellsAgent(MonitorMode.BARGE));
    assertTrue(MonitorSettings.defaults().tellsAgent(MonitorMode.WHISPER));
    assertFalse(MonitorSettings.defaults().tellsAgent(MonitorMode.LISTEN));
  }
}
