package org.hotline.reports.centre;

import static org.hotline.reports.centre.HandBuiltDay.DAY;
import static org.hotline.reports.centre.HandBuiltDay.NOW;
import static org.hotline.reports.centre.HandBuiltDay.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The daily agent report of the hand-built day ({@link HandBuiltDay}), made at 10:00. */
class AgentReportTest {

  private static AgentReport report;

  @BeforeAll
  static void readTheDay() {
    report = HandBuiltDay.await(HandBuiltDay.reports().agents(ReportDays.of(DAY, ZONE), NOW));
  }

  private static AgentReport.Row agent(String id) {
    return report.agents().stream().filter(r -> r.agentId().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void onlyAgentsSignedInOnTheDayHaveARow() {
    // a9 signed out at 23:59 the evening before
    assertEquals(
        List.of("a1", "a2", "a3"), report.agents().stream().map(r -> r.agentId()).toList());
  }

  @Test
  void aStateBegunBeforeMidnightCountsOnlyItsPartInTheDay() {
    AgentReport.Row a1 = agent("a1");
    // signed in from midnight (the break began 23:50) to the sign-out at 10:00: 10 h
    assertEquals(36_000.0, a1.staffedSeconds());
    // available 00:10:00–08:00:12 (28,212) + 08:06:02–08:14:52 (530) + 08:16:00–08:31:02 (902)
    // + 08:34:00–09:00:00 (1,560); the 50 minutes before 23:50 the evening before are not in it
    assertEquals(28_212.0 + 530 + 902 + 1_560, a1.availableSeconds());
    // the break 23:50–00:10 counts from midnight: 600; no-answer 08:15–08:16; meal 09:00–10:00
    assertEquals(Map.of("break", 600.0, "no-answer", 60.0, "meal", 3_600.0), a1.pausedByReason());
    assertEquals(4_260.0, a1.pausedSeconds());
    // ringing 10 (c1) + 8 (c3, not answered) + 8 (c6)
    assertEquals(26.0, a1.ringingSeconds());
    // on a call 300 (c1) + 140 (c6's second leg) = 440, of which on hold 30 (c1) + 20 (c6)
    assertEquals(390.0, a1.talkSeconds());
    assertEquals(50.0, a1.holdSeconds());
    assertEquals(70.0, a1.wrapUpSeconds()); // 40 (c1) + 30 (c6)
    assertEquals(2, a1.callsHandled()); // c1, c6
    assertEquals(3, a1.offers()); // c1, c3, c6
    assertEquals(1, a1.ringNoAnswer()); // c3
    // (390 + 50 + 70) ÷ (390 + 50 + 70 + 31,204)
    assertEquals(510.0 / 31_714, a1.occupancy(), 1e-12);
  }

  @Test
  void aStateStillOpenCountsUntilNow() {
    AgentReport.Row a2 = agent("a2");
    // 08:00 to now (10:00), still in c2's wrap-up
    assertEquals(7_200.0, a2.staffedSeconds());
    // available 08:00:00–08:15:00 (900) + 08:21:05–08:30:02 (537) + 08:31:30–09:40:30 (4,140)
    assertEquals(5_577.0, a2.availableSeconds());
    assertEquals(16.0, a2.ringingSeconds()); // 5 + 6 + 5
    // on a call 300 (c3) + 52 (c6's first leg) + 240 (c2) = 592, 25 of it holding c3 (c6's hold
    // was on a1's leg: the record gives its hold to the agent who had the call last)
    assertEquals(25.0, a2.holdSeconds());
    assertEquals(567.0, a2.talkSeconds());
    // wrap-up 60 (c3) + 30 (c6) + 09:44:35 to now (925)
    assertEquals(1_015.0, a2.wrapUpSeconds());
    assertEquals(0.0, a2.pausedSeconds());
    assertEquals(Map.of(), a2.pausedByReason());
    assertEquals(3, a2.callsHandled()); // c3, c6, c2
    assertEquals(3, a2.offers());
    assertEquals(0, a2.ringNoAnswer());
    assertEquals(1_607.0 / 7_184, a2.occupancy(), 1e-12); // (567 + 25 + 1,015) ÷ (1,607 + 5,577)
  }

  @Test
  void whatHappensAfterNowIsNotCounted() {
    AgentReport.Row a3 = agent("a3");
    // 08:30 to 09:15; signed in again at 10:30, after now
    assertEquals(2_700.0, a3.staffedSeconds());
    assertEquals(754.0, a3.availableSeconds()); // 08:30:00–08:31:10 (70) + 08:33:36–08:45:00 (684)
    assertEquals(Map.of("training", 1_800.0), a3.pausedByReason());
    assertEquals(120.0, a3.talkSeconds());
    assertEquals(20.0, a3.wrapUpSeconds());
    assertEquals(140.0 / 894, a3.occupancy(), 1e-12); // (120 + 20) ÷ (140 + 754)
  }

  @Test
  void theFloorAddsUpTheAgentsAndCountsEachCallOnce() {
    AgentReport.Row floor = report.floor();
    assertEquals(AgentReport.Row.FLOOR, floor.agentId());
    assertEquals(36_000.0 + 7_200 + 2_700, floor.staffedSeconds());
    assertEquals(31_204.0 + 5_577 + 754, floor.availableSeconds());
    assertEquals(75.0, floor.holdSeconds()); // 50 + 25
    assertEquals(390.0 + 567 + 120, floor.talkSeconds());
    assertEquals(70.0 + 1_015 + 20, floor.wrapUpSeconds());
    assertEquals(
        Map.of("break", 600.0, "meal", 3_600.0, "no-answer", 60.0, "training", 1_800.0),
        floor.pausedByReason());
    // c1, c3, c6, c7, c2: c6 was answered by a2 and by a1, one call
    assertEquals(5, floor.callsHandled());
    assertEquals(7, floor.offers());
    assertEquals(1, floor.ringNoAnswer());
    // on a call 1,152 + wrap-up 1,105 = 2,257 busy, 37,535 available
    assertEquals(2_257.0 / (2_257 + 37_535), floor.occupancy(), 1e-12);
  }

  @Test
  void aReportMadeAfterTheDayCountsOpenStatesToMidnight() {
    // made the next morning: a2's wrap-up, never ended in the record, runs to midnight
    AgentReport later =
        HandBuiltDay.await(
            HandBuiltDay.reports()
                .agents(ReportDays.of(DAY, ZONE), HandBuiltDay.at("2026-03-03 09:00:00")));
    AgentReport.Row a2 =
        later.agents().stream().filter(r -> r.agentId().equals("a2")).findFirst().orElseThrow();
    // 08:00 to midnight: 16 h
    assertEquals(16 * 3_600.0, a2.staffedSeconds());
    // 60 + 30 + 09:44:35 to midnight (14 h 15 min 25 s = 51,325)
    assertEquals(60.0 + 30 + 51_325, a2.wrapUpSeconds());
  }

  @Test
  void theReportReadsTheDaysAndTheDayBeforeOnly() {
    String plan =
        HandBuiltDay.plan(
            AgentQuery.TIMES,
            (c, ps) -> AgentQuery.bindTimes(c, ps, ReportDays.of(DAY, ZONE).start(), NOW));
    // the day before the first midnight is 1 March, in the March partition
    assertTrue(plan.contains("agent_state_change_202603"), plan);
    assertFalse(plan.contains("agent_state_change_202602"), plan);
    assertFalse(plan.contains("agent_state_change_default"), plan);
    assertTrue(plan.contains("call_offer_202603"), plan);
    assertFalse(plan.contains("call_offer_202602"), plan);
    assertFalse(plan.contains("call_offer_default"), plan);
  }
}
