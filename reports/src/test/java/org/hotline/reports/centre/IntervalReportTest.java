package org.hotline.reports.centre;

import static org.hotline.reports.centre.HandBuiltDay.DAY;
import static org.hotline.reports.centre.HandBuiltDay.ZONE;
import static org.hotline.reports.centre.HandBuiltDay.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The 15-minute interval report of the hand-built day ({@link HandBuiltDay}). */
class IntervalReportTest {

  private static IntervalReport report;

  @BeforeAll
  static void readTheDay() {
    report =
        HandBuiltDay.await(
            HandBuiltDay.reports().intervals(ReportDays.of(DAY, ZONE), HandBuiltDay.QUEUES));
  }

  private static IntervalReport.Row interval(String queue, String from) {
    return report.intervals().stream()
        .filter(r -> r.queueId().equals(queue) && r.from().equals(local(from)))
        .findFirst()
        .orElseThrow();
  }

  private static IntervalReport.Row total(IntervalReport r, String queue) {
    return r.totals().stream().filter(t -> t.queueId().equals(queue)).findFirst().orElseThrow();
  }

  @Test
  void everyIntervalOfTheDayIsThereForEveryQueueEvenEmpty() {
    // 24 h × 4 = 96 intervals a day, for each of the two queues, in the order the queues were given
    assertEquals(2 * 96, report.intervals().size());
    assertEquals("general", report.intervals().get(0).queueId());
    assertEquals(local("00:00:00"), report.intervals().get(0).from());
    assertEquals(local("00:15:00"), report.intervals().get(0).to());
    assertEquals(local("23:45:00"), report.intervals().get(95).from());
    assertEquals("elderly", report.intervals().get(96).queueId());

    IntervalReport.Row night = interval("general", "03:00:00");
    assertEquals(0, night.offered());
    assertNull(night.serviceLevel(), "nothing to divide is no figure, not 0");
    assertNull(night.averageSpeedOfAnswerSeconds());
    assertNull(night.longestWaitSeconds());
  }

  @Test
  void aCallCountsInTheIntervalItEnteredTheQueueNotWhereItWasAnswered() {
    // 08:00–08:15: c1 (queued 08:00:02, wait 20) and c3 (queued 08:14:50, answered 08:15:05,
    // wait 15: crosses into the next interval but belongs here)
    IntervalReport.Row r = interval("general", "08:00:00");
    assertEquals(2, r.offered());
    assertEquals(2, r.answered());
    // 20 ≤ 20 and 15 ≤ 20: both within the service level (the threshold itself is within)
    assertEquals(2, r.answeredInServiceLevel());
    assertEquals(1.0, r.serviceLevel()); // 2 ÷ (2 + 0)
    assertEquals(0.0, r.abandonRate()); // 0 ÷ (2 + 0)
    assertEquals(17.5, r.averageSpeedOfAnswerSeconds()); // (20 + 15) ÷ 2
    // AHT = (talk + wrap) ÷ handled, talk_sec holding the hold: ((300 + 40) + (300 + 60)) ÷ 2
    assertEquals(2, r.handled());
    assertEquals(350.0, r.averageHandleTimeSeconds());
    assertEquals(20.0, r.longestWaitSeconds());
  }

  @Test
  void shortAbandonsStayOutOfTheRatesAndTheThresholdItselfIsAnAbandon() {
    // 08:15–08:30: c4 hung up after 3 s (short), c5 after 45 s, c9 after exactly 5 s (not < 5)
    IntervalReport.Row r = interval("general", "08:15:00");
    assertEquals(3, r.offered());
    assertEquals(0, r.answered());
    assertEquals(2, r.abandoned());
    assertEquals(1, r.shortAbandoned());
    assertEquals(0.0, r.serviceLevel()); // 0 ÷ (0 + 2): the short abandon is not in it
    assertEquals(1.0, r.abandonRate()); // 2 ÷ (0 + 2)
    assertNull(r.averageSpeedOfAnswerSeconds()); // nothing answered
    assertNull(r.averageHandleTimeSeconds());
    assertEquals(45.0, r.longestWaitSeconds());
  }

  @Test
  void aTransferredCallCountsOnceInItsFirstQueueWithItsFirstWait() {
    // 08:30–08:45 general: c6 waited 8 s for a2, was handed on to elderly and answered by a1;
    // AHT = talk of both legs (52 + 140 = 192, hold included) + wrap 30 = 222
    IntervalReport.Row general = interval("general", "08:30:00");
    assertEquals(1, general.offered());
    assertEquals(1, general.answered());
    assertEquals(1, general.transferred());
    assertEquals(1.0, general.serviceLevel());
    assertEquals(8.0, general.averageSpeedOfAnswerSeconds());
    assertEquals(222.0, general.averageHandleTimeSeconds());

    // elderly 08:30–08:45 holds c7 alone: 16 s is beyond elderly's 15 s (general's 20 s would
    // have taken it): service level 0 ÷ 1; AHT 120 + 20
    IntervalReport.Row elderly = interval("elderly", "08:30:00");
    assertEquals(1, elderly.offered());
    assertEquals(0, elderly.answeredInServiceLevel());
    assertEquals(0.0, elderly.serviceLevel());
    assertEquals(16.0, elderly.averageSpeedOfAnswerSeconds());
    assertEquals(140.0, elderly.averageHandleTimeSeconds());
  }

  @Test
  void droppedCallsAreOfferedButNeitherAnsweredNorAbandoned() {
    // 09:00–09:15: c10, lost by the system after 30 s in the queue
    IntervalReport.Row r = interval("general", "09:00:00");
    assertEquals(1, r.offered());
    assertEquals(1, r.dropped());
    assertEquals(0, r.answered() + r.abandoned() + r.shortAbandoned());
    assertNull(r.serviceLevel()); // 0 ÷ (0 + 0)
    assertEquals(30.0, r.longestWaitSeconds());
  }

  @Test
  void aCallStillInWrapUpIsAnsweredButNotYetInTheHandleTime() {
    // 09:30–09:45: c2 waited 30 s (beyond 20), its wrap-up has not ended
    IntervalReport.Row r = interval("general", "09:30:00");
    assertEquals(1, r.answered());
    assertEquals(0.0, r.serviceLevel()); // 0 ÷ 1
    assertEquals(30.0, r.averageSpeedOfAnswerSeconds());
    assertEquals(0, r.handled());
    assertNull(r.averageHandleTimeSeconds());
  }

  @Test
  void theDaysTotalOfEachQueue() {
    // general: c1, c3, c4, c5, c9, c6, c10, c2 (c0 was the evening before, c11 the day after)
    IntervalReport.Row general = total(report, "general");
    assertEquals(local("00:00:00"), general.from());
    assertEquals(local("2026-03-03 00:00:00"), general.to());
    assertEquals(8, general.offered());
    assertEquals(4, general.answered()); // c1, c3, c6, c2
    assertEquals(3, general.answeredInServiceLevel()); // c1 (20), c3 (15), c6 (8); c2 (30) not
    assertEquals(2, general.abandoned()); // c5, c9
    assertEquals(1, general.shortAbandoned()); // c4
    assertEquals(1, general.dropped()); // c10
    assertEquals(1, general.transferred()); // c6
    assertEquals(0.5, general.serviceLevel()); // 3 ÷ (4 + 2)
    assertEquals(2.0 / 6, general.abandonRate()); // 2 ÷ (4 + 2)
    assertEquals(18.25, general.averageSpeedOfAnswerSeconds()); // (20 + 15 + 8 + 30) ÷ 4
    assertEquals(3, general.handled()); // c2 is still in wrap-up
    assertEquals(922.0 / 3, general.averageHandleTimeSeconds(), 1e-9); // (340 + 360 + 222) ÷ 3
    assertEquals(45.0, general.longestWaitSeconds());

    IntervalReport.Row elderly = total(report, "elderly");
    assertEquals(1, elderly.offered());
    assertEquals(0.0, elderly.serviceLevel());
  }

  @Test
  void theThresholdsAreTheReportsParametersNotTheRecordsClassification() {
    // with a 10 s short-abandon threshold c9 (5 s) becomes a short abandon: general's service level
    // is then 3 ÷ (4 + 1), and 08:15–08:30 has one abandon and two short ones
    QueueThresholds patient =
        new QueueThresholds("general", Duration.ofSeconds(20), Duration.ofSeconds(10));
    IntervalReport r =
        HandBuiltDay.await(
            HandBuiltDay.reports().intervals(ReportDays.of(DAY, ZONE), List.of(patient)));
    assertEquals(96, r.intervals().size());
    assertEquals(0.6, total(r, "general").serviceLevel());
    IntervalReport.Row quarter =
        r.intervals().stream()
            .filter(x -> x.from().equals(local("08:15:00")))
            .findFirst()
            .orElseThrow();
    assertEquals(1, quarter.abandoned());
    assertEquals(2, quarter.shortAbandoned());
  }

  @Test
  void aRangeOfDaysHasEveryIntervalOfEachDay() {
    // 1 to 3 March: 3 × 96 intervals; c0 (1 March 23:55) and c11 (3 March 08:00) now count
    IntervalReport r =
        HandBuiltDay.await(
            HandBuiltDay.reports()
                .intervals(
                    new ReportDays(DAY.minusDays(1), DAY.plusDays(1), ZONE),
                    List.of(HandBuiltDay.GENERAL)));
    assertEquals(3 * 96, r.intervals().size());
    assertEquals(8 + 2, total(r, "general").offered());
    assertEquals(
        1,
        r.intervals().stream()
            .filter(x -> x.from().equals(local("2026-03-01 23:45:00")))
            .findFirst()
            .orElseThrow()
            .answered());
  }

  @Test
  void theReportReadsOnlyTheMonthPartitionsOfItsDays() {
    // the day's calls are in March (months on the centre's clock); the day before the first
    // midnight, read for calls still in the IVR, is 1 March too
    String plan =
        HandBuiltDay.plan(
            IntervalQuery.SQL,
            (c, ps) -> IntervalQuery.bind(c, ps, ReportDays.of(DAY, ZONE), HandBuiltDay.QUEUES));
    assertTrue(plan.contains("call_detail_202603"), plan);
    assertFalse(plan.contains("call_detail_202602"), plan);
    assertFalse(plan.contains("call_detail_202604"), plan);
    assertFalse(plan.contains("call_detail_default"), plan);
  }
}
