package org.hotline.reports.centre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reports' parameters are checked when they are made, before any SQL runs. */
class ReportParametersTest {

  @Test
  void aDayRunsFromMidnightToMidnightOnTheCentresClock() {
    ReportDays day = ReportDays.of(LocalDate.of(2026, 3, 2));
    assertEquals(Instant.parse("2026-03-01T16:00:00Z"), day.start());
    assertEquals(Instant.parse("2026-03-02T16:00:00Z"), day.end());
    assertEquals(1, day.count());
  }

  @Test
  void aDayWithAClockChangeIsTwentyThreeHoursLong() {
    ReportDays spring = ReportDays.of(LocalDate.of(2026, 3, 29), ZoneId.of("Europe/Berlin"));
    assertEquals(Duration.ofHours(23), Duration.between(spring.start(), spring.end()));
  }

  @Test
  void rangesRunForwardAndAtMostAYearAndADay() {
    LocalDate first = LocalDate.of(2026, 1, 1);
    assertThrows(
        IllegalArgumentException.class, () -> ReportDays.between(first, first.minusDays(1)));
    assertEquals(366, ReportDays.between(first, first.plusDays(365)).count());
    assertThrows(
        IllegalArgumentException.class, () -> ReportDays.between(first, first.plusDays(366)));
  }

  @Test
  void thresholdsArePositiveAndQueueIdsAreTheSeatManagers() {
    assertEquals(Duration.ofSeconds(20), QueueThresholds.of("general").serviceLevel());
    assertThrows(
        IllegalArgumentException.class,
        () -> new QueueThresholds("general", Duration.ZERO, Duration.ofSeconds(5)));
    assertThrows(IllegalArgumentException.class, () -> QueueThresholds.of("General Line"));
  }

  @Test
  void bucketEdgesIncreaseFromAboveZero() {
    assertEquals(List.of(0, 10, 20, 30, 60, 120, 300), WaitBuckets.DEFAULT.lowerEdges());
    assertThrows(IllegalArgumentException.class, () -> new WaitBuckets(List.of(10, 10)));
    assertThrows(IllegalArgumentException.class, () -> new WaitBuckets(List.of(0, 10)));
    assertThrows(IllegalArgumentException.class, () -> new WaitBuckets(List.of()));
  }

  @Test
  void aQueueGivenTwiceIsRefusedRatherThanCountedTwice() {
    CentreReports reports = HandBuiltDay.reports();
    ReportDays day = ReportDays.of(LocalDate.of(2026, 3, 2));
    List<QueueThresholds> twice =
        List.of(QueueThresholds.of("general"), QueueThresholds.of("general"));
    assertThrows(IllegalArgumentException.class, () -> reports.intervals(day, twice));
  }
}
