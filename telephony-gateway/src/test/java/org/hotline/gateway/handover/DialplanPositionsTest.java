package org.hotline.gateway.handover;

import static org.hotline.gateway.handover.Steps.CALL_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.gateway.channel.ChannelEvent;
import org.hotline.gateway.channel.LiveChannel;
import org.junit.jupiter.api.Test;

class DialplanPositionsTest {

  private final Steps steps = new Steps();
  private final List<String> heard = new ArrayList<>();
  private final DialplanPositions positions = new DialplanPositions(Steps.NAMES, steps.now::get);

  DialplanPositionsTest() {
    positions.listener(
        new DialplanPositions.Listener() {
          @Override
          public void becameSafe(String callId) {
            heard.add("safe");
          }

          @Override
          public void enteredConnect(String callId) {
            heard.add("connect");
          }

          @Override
          public void enteredConnectMidway(String callId, String from, int priority) {
            heard.add("midway " + from + " " + priority);
          }

          @Override
          public void gone(String callId) {
            heard.add("gone");
          }
        });
  }

  @Test
  void aCallerIsSafeToRedirectOnlyInsideTheHoldApplicationUntilItsTimeLimitDrawsNear() {
    positions.accept(steps.step("hotline-in", 7, "AGI", "agi://gw/incoming,ast1,12345,1"));
    assertFalse(positions.safeToRedirect(CALL_ID), "inside the AGI: hand over in the session");
    positions.accept(steps.step("hotline-in", 9, "Goto", "hotline-hold,s,1"));
    positions.accept(steps.step("hotline-hold", 1, "GotoIf", "0?hotline-retry,s,1"));
    positions.accept(steps.step("hotline-hold", 2, "Set", "HOTLINE_HELD=1796041115"));
    assertFalse(positions.safeToRedirect(CALL_ID), "between applications");
    assertEquals(List.of(), heard);

    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    assertTrue(positions.safeToRedirect(CALL_ID));
    assertEquals(List.of("safe"), heard);
    steps.later(Duration.ofSeconds(1797));
    assertTrue(positions.safeToRedirect(CALL_ID));
    steps.later(Duration.ofSeconds(2));
    assertFalse(positions.safeToRedirect(CALL_ID), "its 1800 s end within the margin");
  }

  @Test
  void theOldTenSecondHoldLoopIsSafeOnlyWithinEachTurn() {
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,10"));
    steps.later(Duration.ofSeconds(7));
    assertTrue(positions.safeToRedirect(CALL_ID));
    steps.later(Duration.ofMillis(1500));
    assertFalse(positions.safeToRedirect(CALL_ID), "every 10 s the loop is between applications");
  }

  @Test
  void waitIsSafeInTheHoldContextButNotInTheRetryContext() {
    positions.accept(steps.step("hotline-retry", 2, "Wait", "2"));
    assertFalse(positions.safeToRedirect(CALL_ID), "never redirect a caller nobody has queued");
    positions.accept(steps.step("hotline-hold", 5, "Wait", "1800"));
    assertTrue(positions.safeToRedirect(CALL_ID), "the hold without a music class");
    positions.accept(steps.step("hotline-hold", 5, "Wait", "nonsense"));
    assertFalse(positions.safeToRedirect(CALL_ID), "a limit it cannot read is no promise");
  }

  @Test
  void anAnsweredCallerIsMovableForATransferUntilItLeavesTheBridgeOrTheDialplanMovesOn() {
    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat001,15"));
    positions.accept(steps.dialBegin());
    assertFalse(positions.talkingSafely(CALL_ID), "still ringing: nobody to transfer from");
    positions.accept(steps.dialEnd("ANSWER"));
    assertTrue(positions.talkingSafely(CALL_ID));
    assertFalse(positions.safeToRedirect(CALL_ID), "no offer may ring another seat meanwhile");
    positions.accept(
        new ChannelEvent.BridgeLeft("ast1", Steps.UNIQUE_ID, "bridge-1", steps.now.get()));
    assertFalse(positions.talkingSafely(CALL_ID), "out of the bridge: the Dial is returning");

    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat002,15"));
    positions.accept(steps.dialBegin());
    positions.accept(steps.dialEnd("BUSY"));
    assertFalse(positions.talkingSafely(CALL_ID), "only an answered Dial");
    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat003,15"));
    positions.accept(steps.dialBegin());
    positions.accept(steps.dialEnd("ANSWER"));
    positions.accept(steps.step("hotline-connect", 6, "Set", "HOTLINE_NEXT="));
    assertFalse(positions.talkingSafely(CALL_ID), "the Dial returned: between applications");
  }

  @Test
  void aDialIsSafeFromItsRingUntilNearItsTimeOutAndNotAfterItEnds() {
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect"));
    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat001,15"));
    assertFalse(positions.ringingSafely(CALL_ID), "the Dial has not rung yet");
    positions.accept(steps.dialBegin());
    assertTrue(positions.ringingSafely(CALL_ID));
    steps.later(Duration.ofSeconds(12));
    assertTrue(positions.safeToRedirect(CALL_ID));
    steps.later(Duration.ofMillis(1500));
    assertFalse(positions.safeToRedirect(CALL_ID), "its time-out is due: it may return any moment");

    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat001,15"));
    positions.accept(steps.dialBegin());
    positions.accept(steps.dialEnd("NOANSWER"));
    assertFalse(positions.safeToRedirect(CALL_ID), "the Dial is returning");
  }

  @Test
  void enteringTheConnectContextAnywhereButItsStartIsReported() {
    positions.accept(steps.step("hotline-in", 9, "Goto", "hotline-hold,s,1"));
    positions.accept(steps.step("hotline-connect", 10, "GotoIf", "0?hotline-connect,s,1"));
    assertEquals(List.of("midway hotline-in 10", "connect"), heard);
    heard.clear();
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect"));
    positions.accept(steps.step("hotline-connect", 2, "GotoIf", "1?dial"));
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect the next seat"));
    assertEquals(List.of("safe", "connect", "connect"), heard);
  }

  @Test
  void aHangUpForgetsTheCallerAndAResyncPlacesCallersFromTheExchangesSnapshot() {
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    positions.accept(steps.hungUp());
    assertFalse(positions.safeToRedirect(CALL_ID));
    assertEquals(List.of("safe", "gone"), heard);
    heard.clear();

    positions.resync(
        "ast1",
        List.of(
            live(Steps.UNIQUE_ID, "hotline-hold", 3, "MusicOnHold", "default,1800", 100),
            live("1.2", "hotline-hold", 3, "MusicOnHold", "default,1800", 1799),
            live("1.3", "agents", 2, "Answer", "", 5)),
        steps.now.get());
    assertTrue(positions.safeToRedirect(CALL_ID), "at least 1,700 s of its hold are left");
    assertFalse(positions.safeToRedirect("ast1:1.2"), "its hold may end any moment");
    assertEquals(2, positions.size(), "a seat's own dialplan is not followed");
    steps.later(Duration.ofMillis(10));
    positions.resync("ast1", List.of(), steps.now.get());
    assertEquals(0, positions.size());
    assertTrue(heard.contains("gone"));
  }

  @Test
  void aSnapshotNeverOverridesWhatTheEventsHaveShownSince() {
    java.time.Instant asked = steps.now.get();
    steps.later(Duration.ofMillis(5));
    // the snapshot was taken while the caller held; the Redirect's events came meanwhile
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect"));
    positions.accept(steps.step("hotline-connect", 2, "GotoIf", "0?dial"));
    positions.resync(
        "ast1",
        List.of(live(Steps.UNIQUE_ID, "hotline-hold", 3, "MusicOnHold", "default,1800", 30)),
        asked);
    assertFalse(positions.safeToRedirect(CALL_ID), "the stale snapshot must not make it safe");
    positions.resync("ast1", List.of(), asked);
    assertEquals(1, positions.size(), "a channel newer than the snapshot is not taken as gone");
  }

  @Test
  void aCallerRedirectedIsOnTheMoveUntilAmiShowsItsNextStep() {
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    positions.moving(CALL_ID);
    assertFalse(positions.safeToRedirect(CALL_ID), "the hold it is being taken from is past");
    assertFalse(positions.holdingSafely(CALL_ID));
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect"));
    assertFalse(positions.safeToRedirect(CALL_ID), "between applications");
    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat001,15"));
    positions.accept(steps.dialBegin());
    assertTrue(positions.ringingSafely(CALL_ID), "AMI has caught up: the Dial rings");
  }

  @Test
  void aFailedRedirectLeavesTheCallerWhereItWas() {
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    heard.clear();
    positions.moving(CALL_ID);
    positions.moveFailed(CALL_ID);
    assertTrue(positions.holdingSafely(CALL_ID));
    assertEquals(List.of("safe"), heard, "a move that waited may try again");
  }

  /**
   * The race that dropped one caller in 10,000: AMI runs behind, the seat's Dial failed at once and
   * the /dialresult AGI session opened while AMI still showed the Dial ringing. The events that
   * arrive next (the Dial's begin, even) describe the past and must not make the caller safe.
   */
  @Test
  void anAgiSessionAheadOfAmiMakesEverythingAmiShowsBeforeItsStepThePast() {
    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat001,15"));
    positions.sessionAt(CALL_ID, "hotline-connect", 7);
    assertEquals(1, positions.sessionsAheadOfEvents());
    positions.accept(steps.dialBegin());
    assertFalse(positions.ringingSafely(CALL_ID), "this Dial ended before the session opened");
    assertFalse(positions.safeToRedirect(CALL_ID));
    positions.accept(steps.dialEnd("BUSY"));
    positions.accept(steps.step("hotline-connect", 6, "Set", "HOTLINE_NEXT="));
    assertFalse(positions.safeToRedirect(CALL_ID));
    positions.accept(steps.step("hotline-connect", 7, "AGI", "agi://gw/dialresult,BUSY"));
    positions.accept(steps.step("hotline-connect", 10, "Goto", "hotline-hold,s,1"));
    assertFalse(positions.safeToRedirect(CALL_ID), "between applications");
    heard.clear();
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    assertTrue(positions.holdingSafely(CALL_ID), "AMI has caught up: the caller holds");
    assertEquals(List.of("safe"), heard);
  }

  @Test
  void anAgiSessionThatAmiHasShownAlreadyChangesNothing() {
    positions.accept(steps.step("hotline-connect", 7, "AGI", "agi://gw/dialresult,BUSY"));
    positions.sessionAt(CALL_ID, "hotline-connect", 7);
    assertEquals(0, positions.sessionsAheadOfEvents());
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    assertTrue(positions.holdingSafely(CALL_ID));
  }

  @Test
  void aSnapshotNewerThanAnAwaitedStepPlacesTheCallerAndAHangUpForgetsTheMark() {
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    positions.moving(CALL_ID);
    steps.later(Duration.ofSeconds(1));
    // the Redirect's events were lost with the AMI connection; the snapshot after it shows hold
    positions.resync(
        "ast1",
        List.of(live(Steps.UNIQUE_ID, "hotline-hold", 3, "MusicOnHold", "default,1800", 30)),
        steps.now.get());
    assertTrue(positions.holdingSafely(CALL_ID), "the snapshot is newer than the mark");

    positions.sessionAt(CALL_ID, "hotline-connect", 7);
    positions.accept(steps.hungUp());
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    assertTrue(positions.holdingSafely(CALL_ID), "a channel id seen again starts afresh");
  }

  @Test
  void onlyAHandoverAsAmiShowsItNowCountsAsEnteringTheConnectContext() {
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    heard.clear();
    positions.moving(CALL_ID);
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect"));
    assertEquals(List.of(), heard, "the end of our own Redirect hands nothing over");

    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat001,15"));
    positions.sessionAt(CALL_ID, "hotline-in", 7); // AMI is far behind a new call's session
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect"));
    assertEquals(List.of(), heard, "past news hands nothing over");
    positions.accept(steps.step("hotline-in", 7, "AGI", "agi://gw/incoming"));
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect"));
    assertEquals(List.of("connect"), heard, "the session's handover, as AMI shows it now");
  }

  private static LiveChannel live(
      String uniqueId, String context, int priority, String app, String data, long ageSeconds) {
    return new LiveChannel(
        "ast1",
        uniqueId,
        uniqueId,
        "PJSIP/trunk-0000000" + uniqueId.length(),
        "",
        app,
        data,
        context,
        priority,
        "13912345678",
        Duration.ofSeconds(ageSeconds));
  }
}
