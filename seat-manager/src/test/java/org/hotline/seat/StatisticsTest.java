package org.hotline.seat;

import static org.hotline.seat.testing.TestConfig.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.stats.FloorSeat;
import org.hotline.seat.stats.LiveStatistics;
import org.hotline.seat.stats.QueueStatistics;
import org.hotline.seat.testing.SeatManagerTestBase;
import org.hotline.seat.testing.TestConfig;
import org.junit.jupiter.api.Test;

class StatisticsTest extends SeatManagerTestBase {

  private static final Map<String, Integer> GENERAL = Map.of("general", 5);

  @Test
  void aScriptedMorningAddsUpToTheKpiDefinitions() {
    start(
        TestConfig.config(
            List.of(
                queue("general", Map.of("general", 3), List.of()),
                queue("english", Map.of("english", 3), List.of())),
            10));
    loggedIn("a1", "001", GENERAL);
    join(seats.pause("a1", "break"));

    // c1 waits 10 s then is answered (within 20 s), talks 120 s with 30 s on hold, wraps up 40 s
    join(seats.enqueue(RoutingRequest.of("c1", "general")));
    later(10_000);
    join(seats.ready("a1"));
    join(seats.answered("c1"));
    later(45_000);
    join(seats.hold("c1", true));
    later(30_000);
    join(seats.hold("c1", false));
    later(45_000);
    join(seats.hangUp("c1"));
    later(40_000);
    join(seats.pause("a1", "break"));

    // c2 waits 30 s (outside the service level), talks 60 s, wrap-up runs into its 60 s limit
    join(seats.enqueue(RoutingRequest.of("c2", "general")));
    later(30_000);
    join(seats.ready("a1"));
    join(seats.answered("c2"));
    later(60_000);
    join(seats.hangUp("c2"));
    join(seats.enqueue(RoutingRequest.of("c3", "general"))); // rings at a1 once wrap-up ends
    later(60_000);
    join(seats.tick());

    // c3 rang at a1 from the wrap-up's end; nobody answers, a1 auto-paused
    join(seats.ringNoAnswer("c3", "no-answer", "noanswer"));
    // c3 hangs up after 75 s in all: an abandon; c4 hangs up after 3 s: a short abandon
    later(15_000);
    join(seats.hangUp("c3"));
    join(seats.enqueue(RoutingRequest.of("c4", "general")));
    later(3_000);
    join(seats.hangUp("c4"));
    // c5 still waits, 12 s old when we look
    join(seats.enqueue(RoutingRequest.of("c5", "general")));
    later(12_000);

    loggedIn("a2", "002", Map.of("english", 5));

    LiveStatistics live = join(seats.statistics());
    QueueStatistics general = live.queue("general").orElseThrow();
    assertEquals(5, general.offered());
    assertEquals(2, general.answered());
    assertEquals(1, general.answeredInServiceLevel());
    assertEquals(1, general.abandoned());
    assertEquals(1, general.shortAbandoned());
    assertEquals(1, general.ringNoAnswer());
    assertEquals(1, general.waiting());
    assertEquals(Duration.ofSeconds(12), general.oldestWait());
    assertEquals(Duration.ofSeconds(40), general.totalWait());
    assertEquals(Duration.ofSeconds(180), general.totalTalk());
    assertEquals(Duration.ofSeconds(30), general.totalHold());
    assertEquals(Duration.ofSeconds(100), general.totalWrapUp());
    assertEquals(2, general.handled());

    // service level = in SL / (answered + abandoned) = 1 / 3; short abandons stay out
    assertEquals(1.0 / 3, general.serviceLevel().orElseThrow(), 1e-9);
    assertEquals(1.0 / 3, general.abandonRate().orElseThrow(), 1e-9);
    assertEquals(Duration.ofSeconds(20), general.averageSpeedOfAnswer());
    // AHT = (talk incl. hold + wrap-up) / handled = (120 + 40 + 60 + 60) / 2
    assertEquals(Duration.ofSeconds(140), general.averageHandleTime());

    assertEquals(1, general.agentsIn(AgentState.PAUSED));
    assertEquals(1, general.staffed(), "a2 has no general skill");
    assertEquals(1, live.floorIn(AgentState.AVAILABLE));
    assertEquals(1, live.floorIn(AgentState.PAUSED));
    QueueStatistics english = live.queue("english").orElseThrow();
    assertEquals(0, english.offered());
    assertEquals(1, english.agentsIn(AgentState.AVAILABLE));
    assertEquals(true, english.serviceLevel().isEmpty(), "nothing to divide yet");
  }

  @Test
  void countersStartAgainAtTheCentresMidnight() {
    start(TestConfig.config(List.of(queue("general", Map.of("general", 3), List.of())), 10));
    join(seats.enqueue(RoutingRequest.of("c1", "general")));
    // the test clock starts at 09:00 Beijing time: 15 h later it is tomorrow there
    later(Duration.ofHours(15));
    LiveStatistics tomorrow = join(seats.statistics());
    assertEquals("20261128", tomorrow.day());
    QueueStatistics general = tomorrow.queue("general").orElseThrow();
    assertEquals(0, general.offered());
    assertEquals(1, general.waiting(), "the call itself still waits");
  }

  @Test
  void waitingCallsRingingAtASeatAreCountedApartAndTheFloorShowsEverySeat() {
    start(TestConfig.config(List.of(queue("general", Map.of("general", 3), List.of())), 10));
    loggedIn("a1", "001", GENERAL);
    loggedIn("a2", "002", GENERAL);
    join(seats.pause("a2", "break"));
    join(seats.enqueue(RoutingRequest.of("c1", "general"))); // rings at a1
    join(seats.enqueue(RoutingRequest.of("c2", "general"))); // nobody free: waits
    later(5_000);

    QueueStatistics general = join(seats.statistics()).queue("general").orElseThrow();
    assertEquals(2, general.waiting());
    assertEquals(1, general.ringing());
    assertEquals(1, general.waitingNotRinging());

    List<FloorSeat> floor = join(seats.floor());
    assertEquals(List.of("001", "002"), floor.stream().map(FloorSeat::seatId).toList());
    FloorSeat ringing = floor.get(0);
    assertEquals("a1", ringing.agentId());
    assertEquals(AgentState.OFFERED, ringing.state());
    assertEquals(java.util.Optional.of("c1"), ringing.callId());
    assertEquals(List.of("general"), ringing.queues());
    FloorSeat paused = floor.get(1);
    assertEquals(AgentState.PAUSED, paused.state());
    assertEquals("break", paused.reason());
    assertEquals(clock.instant().minusSeconds(5), paused.since());

    join(seats.answered("c1"));
    join(seats.logout("a2"));
    general = join(seats.statistics()).queue("general").orElseThrow();
    assertEquals(0, general.ringing(), "answered: no longer waiting nor ringing");
    assertEquals(1, general.waitingNotRinging());
    floor = join(seats.floor());
    assertEquals(1, floor.size(), "a signed-out seat is not on the floor");
    assertEquals(AgentState.ON_CALL, floor.get(0).state());
  }

  @Test
  void aFloorLargerThanOneStretchIsReadWholeEachAgentOnce() {
    int agents = 2 * org.hotline.seat.redis.RedisSeatManager.FLOOR_STRETCH + 37;
    start(TestConfig.config(List.of(queue("general", Map.of("general", 3), List.of())), agents));
    for (int i = 1; i <= agents; i++) {
      loggedIn("f" + i, String.format("%03d", i), GENERAL);
    }
    List<FloorSeat> floor = join(seats.floor());
    assertEquals(agents, floor.size());
    assertEquals(agents, floor.stream().map(FloorSeat::agentId).distinct().count(), "nobody twice");
    assertEquals("001", floor.get(0).seatId(), "in seat order");
  }
}
