package org.hotline.seat;

import static org.hotline.seat.testing.TestConfig.after;
import static org.hotline.seat.testing.TestConfig.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.Offer;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.config.LocalizedName;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.testing.SeatManagerTestBase;
import org.hotline.seat.testing.TestConfig;
import org.junit.jupiter.api.Test;

class RoutingTest extends SeatManagerTestBase {

  private static final Map<String, Integer> GENERAL_5 = Map.of("general", 5);

  private void startWith(QueueConfig... queues) {
    start(TestConfig.config(List.of(queues), 40));
  }

  private Decision call(String id, String queue, int priority) {
    return join(seats.enqueue(RoutingRequest.of(id, queue).withPriority(priority)));
  }

  @Test
  void aCallGoesToTheAgentIdleLongest() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    loggedIn("a1", "001", GENERAL_5);
    later(1000);
    loggedIn("a2", "002", GENERAL_5);
    later(1000);
    loggedIn("a3", "003", GENERAL_5);

    Offer offer = onlyOffer(call("c1", "general", 0));

    assertEquals(new Offer("c1", "a1", "001", "general"), offer);
    assertInstanceOf(AgentStatus.Offered.class, join(seats.status("a1")));
    assertSound();
  }

  @Test
  void agentsIdleSinceTheSameMomentAreOfferedHigherSkillFirst() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    loggedIn("junior", "001", Map.of("general", 3));
    loggedIn("senior", "002", Map.of("general", 9));

    assertEquals("senior", onlyOffer(call("c1", "general", 0)).agentId());
  }

  @Test
  void anAgentWhoBecomesAvailableGetsTheOldestCallOfTheHighestPriority() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    call("low-old", "general", 1);
    later(100);
    call("high-new", "general", 7);
    later(100);
    call("high-newer", "general", 7);
    later(100);
    call("mid", "general", 4);

    assertEquals("high-new", onlyOffer(loggedIn("a1", "001", GENERAL_5)).callId());
    assertEquals("high-newer", onlyOffer(loggedIn("a2", "002", GENERAL_5)).callId());
    assertEquals("mid", onlyOffer(loggedIn("a3", "003", GENERAL_5)).callId());
    assertEquals("low-old", onlyOffer(loggedIn("a4", "004", GENERAL_5)).callId());
    assertSound();
  }

  @Test
  void callsOfOnePriorityAreServedFirstInFirstOut() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    for (int i = 0; i < 5; i++) {
      call("c" + i, "general", 3);
      later(10);
    }
    for (int i = 0; i < 5; i++) {
      assertEquals("c" + i, onlyOffer(loggedIn("a" + i, "00" + (i + 1), GENERAL_5)).callId());
    }
  }

  @Test
  void aCallQueuedLateKeepsItsPlaceByArrivalAndItsWaitCountsFromThen() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    java.time.Instant arrived = clock.instant();
    later(5000); // the gateway was restarting meanwhile
    call("newer", "general", 3);
    later(100);
    join(
        seats.enqueue(
            RoutingRequest.of("during-outage", "general").withPriority(3).arrivedAt(arrived)));
    join(
        seats.enqueue(
            RoutingRequest.of("clock-skewed", "general")
                .withPriority(3)
                .arrivedAt(clock.instant().plusSeconds(3600))));
    join(
        seats.enqueue(
            RoutingRequest.of("yesterday", "general")
                .withPriority(3)
                .arrivedAt(clock.instant().minus(Duration.ofDays(2)))));

    CallView late = join(seats.call("during-outage")).orElseThrow();
    assertEquals(arrived, late.enqueuedAt(), "its wait counts from its arrival");
    assertEquals(
        clock.instant(),
        join(seats.call("clock-skewed")).orElseThrow().enqueuedAt(),
        "a time in the future is taken as now");
    assertEquals("during-outage", onlyOffer(loggedIn("a1", "001", GENERAL_5)).callId());
    assertEquals("newer", onlyOffer(loggedIn("a2", "002", GENERAL_5)).callId());
    assertEquals("clock-skewed", onlyOffer(loggedIn("a3", "003", GENERAL_5)).callId());
    assertEquals(
        "yesterday",
        onlyOffer(loggedIn("a4", "004", GENERAL_5)).callId(),
        "more than a day ago is taken as now too");
    assertSound();
  }

  @Test
  void anAgentWithoutTheSkillOrBelowItsLevelNeverGetsTheCall() {
    startWith(
        queue("business", Map.of("business", 4), List.of()),
        queue("general", Map.of("general", 1), List.of()));
    loggedIn("generalist", "001", Map.of("general", 9));
    loggedIn("weak", "002", Map.of("business", 3));

    Decision waiting = call("c1", "business", 9);
    assertEquals(List.of(), waiting.offers());

    Decision expert = loggedIn("expert", "003", Map.of("business", 4));
    assertEquals("c1", onlyOffer(expert).callId());
    assertSound();
  }

  @Test
  void aCallInALanguageGoesOnlyToAgentsWhoSpeakIt() {
    QueueConfig dialect =
        new QueueConfig(
            "dialect",
            new LocalizedName("方言", "Dialect"),
            List.of("yue", "wuu"),
            Map.of("general", 1),
            false,
            Duration.ofSeconds(20),
            Duration.ofSeconds(5),
            Duration.ofSeconds(60),
            Duration.ofMinutes(10),
            List.of());
    startWith(dialect);
    agent("cantonese", Map.of("general", 5), Set.of("zh", "yue"), Set.of());
    agent("shanghainese", Map.of("general", 5), Set.of("zh", "wuu"), Set.of());
    join(seats.login("cantonese", "001"));
    later(1000);
    join(seats.login("shanghainese", "002"));

    Decision wu = join(seats.enqueue(RoutingRequest.of("c-wu", "dialect").withLanguage("wuu")));

    assertEquals(
        "shanghainese", onlyOffer(wu).agentId(), "the longer idle agent does not speak it");
    assertRefused(
        ErrorCode.INVALID_ARGUMENT,
        seats.enqueue(RoutingRequest.of("c-en", "dialect").withLanguage("en")));
  }

  /** The officials' line: the call's district first, any official after 45 s. */
  private static QueueConfig officials() {
    return new QueueConfig(
        "officials",
        new LocalizedName("领导干部", "Officials"),
        List.of("zh"),
        Map.of("official_line", 1),
        true,
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        List.of(after(45, null, true)));
  }

  @Test
  void aDistrictCallGoesFirstToAnOfficialOfThatDistrictThenToAnyOfficial() {
    startWith(officials());
    agent("haidian-secretary", Map.of("official_line", 1), Set.of("zh"), Set.of("haidian"));
    join(seats.login("haidian-secretary", "001"));

    Decision chaoyangCall =
        join(seats.enqueue(RoutingRequest.of("c1", "officials").withDistrict("chaoyang")));
    assertEquals(List.of(), chaoyangCall.offers(), "not their district");

    Decision haidianCall =
        join(seats.enqueue(RoutingRequest.of("c2", "officials").withDistrict("haidian")));
    assertEquals("c2", onlyOffer(haidianCall).callId(), "the later call, but in their district");

    agent("chaoyang-secretary", Map.of("official_line", 1), Set.of("zh"), Set.of("chaoyang"));
    assertEquals("c1", onlyOffer(join(seats.login("chaoyang-secretary", "002"))).callId());
    assertSound();
  }

  @Test
  void aCallAboutNoKnownDistrictGoesToAnyOfficialAtOnce() {
    startWith(officials());
    agent("haidian-secretary", Map.of("official_line", 1), Set.of("zh"), Set.of("haidian"));
    join(seats.login("haidian-secretary", "001"));

    // no district chosen, none known from the caller's cases: no reason to wait 45 s
    Decision unknown = join(seats.enqueue(RoutingRequest.of("c1", "officials")));
    assertEquals("haidian-secretary", onlyOffer(unknown).agentId());
    // a call about another district still waits for an official of it first
    Decision chaoyang =
        join(seats.enqueue(RoutingRequest.of("c2", "officials").withDistrict("chaoyang")));
    assertEquals(List.of(), chaoyang.offers());
    assertSound();
  }

  @Test
  void escalationWidensAtTheConfiguredSecondNotBefore() {
    startWith(queue("general", Map.of("general", 5), List.of(after(30, 2, false))));
    loggedIn("junior", "001", Map.of("general", 2));
    call("c1", "general", 0);

    later(29_999);
    assertEquals(List.of(), join(seats.tick()).offers(), "29.999 s: still seniors only");
    assertEquals(0, join(seats.call("c1")).orElseThrow().step());

    later(1);
    Offer offer = onlyOffer(join(seats.tick()));
    assertEquals(new Offer("c1", "junior", "001", "general"), offer);
    assertEquals(1, join(seats.call("c1")).orElseThrow().step());
    assertSound();
  }

  @Test
  void anOverflowedCallKeepsItsPlaceInTheOverflowQueuesLine() {
    startWith(
        queue("business", Map.of("business", 3), List.of(after(60, null, false, "general"))),
        queue("general", Map.of("general", 3), List.of()));
    call("business-old", "business", 0);
    later(10_000);
    call("general-1", "general", 0);
    later(10_000);
    call("general-2", "general", 0);
    later(40_000);
    join(seats.tick()); // business-old overflows into general's line at its original place

    assertEquals("business-old", onlyOffer(loggedIn("g1", "001", Map.of("general", 3))).callId());
    assertEquals("general-1", onlyOffer(loggedIn("g2", "002", Map.of("general", 3))).callId());
    assertSound();
  }

  @Test
  void ringNoAnswerPutsTheCallBackAtTheHeadOfItsLineAndPausesTheAgent() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    loggedIn("a1", "001", GENERAL_5);
    call("first", "general", 0);
    later(1000);
    call("second", "general", 0);

    Decision back = join(seats.ringNoAnswer("first", "no-answer", "noanswer"));

    assertEquals(List.of(), back.offers(), "nobody else is available");
    AgentStatus a1 = join(seats.status("a1"));
    assertEquals(new AgentStatus.Paused("a1", "001", "no-answer", clock.instant()), a1);
    assertEquals("first", onlyOffer(loggedIn("a2", "002", GENERAL_5)).callId(), "head of line");
    assertEquals(1, join(seats.call("first")).orElseThrow().requeues());
    assertSound();
  }

  @Test
  void aLateReportAboutAnEarlierOfferDoesNotHitTheCurrentOne() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    loggedIn("a1", "001", GENERAL_5);
    later(10);
    loggedIn("a2", "002", GENERAL_5);
    call("c1", "general", 0);
    Decision first = join(seats.ringNoAnswer("c1", "001", "no-answer", "noanswer"));
    assertEquals("002", onlyOffer(first).seatId(), "now ringing at the next seat");
    // the same failure reported again (by the dialplan this time) must not touch seat 002's offer
    assertRefused(
        ErrorCode.OFFER_MISMATCH, seats.ringNoAnswer("c1", "001", "no-answer", "noanswer"));
    assertRefused(ErrorCode.OFFER_MISMATCH, seats.answered("c1", "001"));
    join(seats.answered("c1", "002"));
    assertEquals(CallState.CONNECTED, join(seats.call("c1")).orElseThrow().state());
    assertSound();
  }

  @Test
  void anOfferThatRingsTooLongIsTakenBackByTheTimer() {
    start(
        TestConfig.config(
            List.of(queue("general", Map.of("general", 3), List.of())),
            10,
            Duration.ofSeconds(25)));
    loggedIn("a1", "001", GENERAL_5);
    call("c1", "general", 0);
    later(24_999);
    join(seats.tick());
    assertInstanceOf(AgentStatus.Offered.class, join(seats.status("a1")));
    later(1);
    Decision timedOut = join(seats.tick());
    assertEquals(List.of("c1"), timedOut.withdrawn(), "the telephony must stop the ringing");
    assertEquals(CallState.WAITING, join(seats.call("c1")).orElseThrow().state());
    assertEquals("no-answer", ((AgentStatus.Paused) join(seats.status("a1"))).reason());
    assertSound();
  }

  @Test
  void aCallerWhoHangsUpWhileRingingFreesTheAgentForTheNextCall() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    loggedIn("a1", "001", GENERAL_5);
    call("c1", "general", 0);
    later(500);
    call("c2", "general", 0);
    later(9_000);

    Decision gone = join(seats.hangUp("c1"));

    assertEquals("abandoned", gone.outcome());
    assertEquals(new Offer("c2", "a1", "001", "general"), onlyOffer(gone));
    assertSound();
  }

  @Test
  void theWrapUpLimitMakesTheAgentAvailableByItself() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    loggedIn("a1", "001", GENERAL_5);
    call("c1", "general", 0);
    join(seats.answered("c1"));
    later(60_000);
    assertEquals("finished", join(seats.hangUp("c1")).outcome());
    call("c2", "general", 0);

    later(59_999);
    assertEquals(List.of(), join(seats.tick()).offers());
    later(1);
    assertEquals("c2", onlyOffer(join(seats.tick())).callId());
    assertSound();
  }

  @Test
  void anAgentWhoLogsOutWhileACallRingsGivesItBackWithdrawn() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    loggedIn("a1", "001", GENERAL_5);
    call("c1", "general", 0);
    Decision out = join(seats.logout("a1"));
    assertEquals(List.of("c1"), out.withdrawn());
    assertEquals(Map.of("c1", CallState.WAITING), join(seats.activeCalls()));
    assertEquals("c1", onlyOffer(loggedIn("a2", "002", GENERAL_5)).callId());
    join(seats.answered("c1"));
    call("c2", "general", 0);
    assertEquals(
        Map.of("c1", CallState.CONNECTED, "c2", CallState.WAITING), join(seats.activeCalls()));
    assertSound();
  }

  @Test
  void aCallPastItsMaximumWaitIsReportedOnce() {
    startWith(queue("general", Map.of("general", 3), List.of()));
    call("c1", "general", 0);
    later(Duration.ofMinutes(10));
    assertEquals(List.of("c1"), join(seats.tick()).maxWaitReached());
    later(1000);
    assertEquals(List.of(), join(seats.tick()).maxWaitReached());
    CallView view = join(seats.call("c1")).orElseThrow();
    assertEquals(CallState.WAITING, view.state());
    assertTrue(view.agentId().isEmpty());
    assertEquals(Optional.empty(), join(seats.call("nope")));
  }
}
