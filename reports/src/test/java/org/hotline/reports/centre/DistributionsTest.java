package org.hotline.reports.centre;

import static org.hotline.reports.centre.HandBuiltDay.DAY;
import static org.hotline.reports.centre.HandBuiltDay.QUEUES;
import static org.hotline.reports.centre.HandBuiltDay.ZONE;
import static org.hotline.reports.centre.HandBuiltDay.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distributions of the hand-built day ({@link HandBuiltDay}): its 11 calls c12, c1, c3, c4, c5,
 * c9, c6, c7, c8, c10, c2 (c0 was the evening before, c11 the day after).
 */
class DistributionsTest {

  private static Distributions day;

  @BeforeAll
  static void readTheDay() {
    day =
        HandBuiltDay.await(
            HandBuiltDay.reports()
                .distributions(ReportDays.of(DAY, ZONE), QUEUES, WaitBuckets.DEFAULT, 10));
  }

  @Test
  void callsByHourOfTheDayOnTheCentresClock() {
    List<CallsByHour.Row> hours = day.byHour().hours();
    assertEquals(24, hours.size());
    // c12 at 07:30 Shanghai is 23:30 UTC the day before: it counts at 7
    assertEquals(new CallsByHour.Row(7, 1, 0, 0, 0, 0), hours.get(7));
    // 08: c1, c3, c4, c5, c9, c6, c7, c8; queued all but c8; answered c1, c3, c6, c7; abandoned
    // c5, c9; short c4
    assertEquals(new CallsByHour.Row(8, 8, 7, 4, 2, 1), hours.get(8));
    // 09: c10 (dropped), c2 (answered)
    assertEquals(new CallsByHour.Row(9, 2, 2, 1, 0, 0), hours.get(9));
    assertEquals(new CallsByHour.Row(0, 0, 0, 0, 0, 0), hours.get(0));
    assertEquals(11, hours.stream().mapToLong(CallsByHour.Row::calls).sum());
  }

  @Test
  void callsByDayOfTheWeekWithHowManyOfEachDayTheRangeHolds() {
    // Sunday 1 to Monday 9 March: two Sundays and two Mondays, one of every other day
    CallsByWeekday weekdays =
        HandBuiltDay.await(
            HandBuiltDay.reports()
                .callsByWeekday(new ReportDays(DAY.minusDays(1), DAY.plusDays(7), ZONE), QUEUES));
    List<CallsByWeekday.Row> rows = weekdays.weekdays();
    assertEquals(7, rows.size());
    // Monday: the day's 11 calls over 2 Mondays; queued 9 (all but c12, c8), answered 5
    assertEquals(new CallsByWeekday.Row(DayOfWeek.MONDAY, 2, 11, 9, 5, 2, 1, 5.5), rows.get(0));
    // Tuesday: c11
    assertEquals(new CallsByWeekday.Row(DayOfWeek.TUESDAY, 1, 1, 1, 1, 0, 0, 1.0), rows.get(1));
    assertEquals(new CallsByWeekday.Row(DayOfWeek.WEDNESDAY, 1, 0, 0, 0, 0, 0, 0.0), rows.get(2));
    // Sunday: c0 (23:55 on 1 March) over 2 Sundays
    assertEquals(new CallsByWeekday.Row(DayOfWeek.SUNDAY, 2, 1, 1, 1, 0, 0, 0.5), rows.get(6));
  }

  @Test
  void waitTimesInBucketsForAnsweredAndAbandonedCalls() {
    List<WaitTimes.Row> rows = day.waitTimes().rows();
    // answered waits: c6 8, c3 15, c7 16, c1 20, c2 30 (5 answered); abandoned: c9 5, c5 45;
    // short: c4 3; c10 (dropped, 30) is in no column. A bucket holds its lower edge: 20 is in 20-30
    assertEquals(
        List.of(
            new WaitTimes.Row("0-10", 0, 10, 1, 0.2, 1, 1), // c6 | c9 | c4
            new WaitTimes.Row("10-20", 10, 20, 2, 0.6, 0, 0), // c3, c7: (1 + 2) ÷ 5
            new WaitTimes.Row("20-30", 20, 30, 1, 0.8, 0, 0), // c1
            new WaitTimes.Row("30-60", 30, 60, 1, 1.0, 1, 0), // c2 | c5
            new WaitTimes.Row("60-120", 60, 120, 0, 1.0, 0, 0),
            new WaitTimes.Row("120-300", 120, 300, 0, 1.0, 0, 0),
            new WaitTimes.Row("300+", 300, null, 0, 1.0, 0, 0)),
        rows);
  }

  @Test
  void bucketEdgesAreAParameter() {
    WaitTimes two =
        HandBuiltDay.await(
            HandBuiltDay.reports()
                .waitTimes(ReportDays.of(DAY, ZONE), QUEUES, new WaitBuckets(List.of(16))));
    // below 16: c6 8, c3 15 | c9 | c4; from 16: c7 16, c1 20, c2 30 | c5
    assertEquals(
        List.of(
            new WaitTimes.Row("0-16", 0, 16, 2, 0.4, 1, 1),
            new WaitTimes.Row("16+", 16, null, 3, 1.0, 1, 0)),
        two.rows());
  }

  @Test
  void whoHungUpByOutcomeAndWhy() {
    // caller: c1, c6 answered; c5, c9 abandoned; c4 short; c12, c8 in the IVR.
    // agent: c3, c7, c2 answered. exchange: c10 dropped. Most calls first.
    assertEquals(
        List.of(
            new Hangups.ByParty("agent", "answered", 3),
            new Hangups.ByParty("caller", "abandoned", 2),
            new Hangups.ByParty("caller", "answered", 2),
            new Hangups.ByParty("caller", "ivr", 2),
            new Hangups.ByParty("caller", "short_abandoned", 1),
            new Hangups.ByParty("exchange", "dropped", 1)),
        day.hangups().byParty());
    assertEquals(
        List.of(
            new Hangups.ByCause(16, "Normal clearing", 10),
            new Hangups.ByCause(34, "No circuit/channel available", 1)),
        day.hangups().byCause());
  }

  @Test
  void ivrChoicesAndLinesWithTheirShareOfAllCalls() {
    IvrAndLines r = day.ivrAndLines();
    assertEquals(11, r.calls());
    assertEquals(
        List.of(
            // c1, c4, c5, c9, c10, c2: answered c1, c2; abandoned c5, c9 (c4 is short)
            new IvrAndLines.Row("1", 6, 2, 2, 6.0 / 11),
            // c12, c8 (hung up in the menu), c7 (the elderly line has no menu)
            new IvrAndLines.Row(IvrAndLines.NONE, 3, 1, 0, 3.0 / 11),
            new IvrAndLines.Row("2", 1, 1, 0, 1.0 / 11), // c3
            new IvrAndLines.Row("3", 1, 1, 0, 1.0 / 11)), // c6
        r.ivrChoices());
    assertEquals(
        List.of(
            new IvrAndLines.Row("12345", 10, 4, 2, 10.0 / 11),
            new IvrAndLines.Row("12349", 1, 1, 0, 1.0 / 11)), // c7
        r.lines());
  }

  @Test
  void repeatCallersAreMaskedAndTheirShareIsOfAllCalls() {
    RepeatCallers r = day.repeatCallers();
    // 139…5678: c1, c5, c2; 136…3333: c12, c8; 135…2222: c6, c7. Single: c3, c9, c10; c4 withheld
    assertEquals(3, r.callers());
    assertEquals(7, r.calls());
    assertEquals(11, r.allCalls());
    assertEquals(7.0 / 11, r.share());
    assertEquals(
        List.of(
            new RepeatCallers.Caller("139****5678", 3, 2, local("08:00:00"), local("09:39:55")),
            // two calls each: the one who called first first
            new RepeatCallers.Caller("136****3333", 2, 0, local("07:30:00"), local("08:40:00")),
            new RepeatCallers.Caller("135****2222", 2, 2, local("08:29:50"), local("08:30:50"))),
        r.top());
  }

  @Test
  void repeatCallersListsTheTopAskedForAndCountsThemAll() {
    RepeatCallers r =
        HandBuiltDay.await(HandBuiltDay.reports().repeatCallers(ReportDays.of(DAY, ZONE), 1));
    assertEquals(3, r.callers());
    assertEquals(
        List.of("139****5678"), r.top().stream().map(RepeatCallers.Caller::number).toList());
  }

  @Test
  void aDayWithoutCallsHasEmptyDistributionsAndNoRates() {
    Distributions none =
        HandBuiltDay.await(
            HandBuiltDay.reports()
                .distributions(
                    ReportDays.of(DAY.plusDays(10), ZONE), QUEUES, WaitBuckets.DEFAULT, 10));
    assertEquals(24, none.byHour().hours().size());
    assertEquals(7, none.waitTimes().rows().size());
    assertNull(none.waitTimes().rows().get(0).answeredCumulativeShare());
    assertEquals(0, none.repeatCallers().allCalls());
    assertNull(none.repeatCallers().share());
    assertEquals(List.of(), none.ivrAndLines().lines());
  }
}
