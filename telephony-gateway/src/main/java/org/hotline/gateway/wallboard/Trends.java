package org.hotline.gateway.wallboard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.hotline.reports.centre.CentreReports;
import org.hotline.reports.centre.IntervalReport;
import org.hotline.reports.centre.QueueThresholds;
import org.hotline.reports.centre.ReportDays;
import org.hotline.seat.config.QueueConfig;

/**
 * The board's trend charts, per 15 minutes of the centre's day, from the interval report (so the
 * figures are defined in one place): calls offered today against the same weekday last week, and
 * today's service level over all queues (answered within each queue's threshold ÷ (answered +
 * abandoned)). From the call detail records: a call counts once it has ended.
 */
final class Trends {

  static final int SLOTS = 24 * 60 / IntervalReport.MINUTES;

  private final CentreReports reports;
  private final Context context;
  private final ZoneId zone;
  private final List<QueueThresholds> queues;

  Trends(CentreReports reports, Context context, ZoneId zone, List<QueueConfig> queues) {
    this.reports = reports;
    this.context = context;
    this.zone = zone;
    this.queues =
        queues.stream()
            .map(
                q ->
                    new QueueThresholds(
                        q.id(), q.serviceLevelThreshold(), q.shortAbandonThreshold()))
            .toList();
  }

  Future<JsonObject> today(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, zone);
    Future<IntervalReport> today =
        Future.fromCompletionStage(reports.intervals(ReportDays.of(day, zone), queues), context);
    Future<IntervalReport> weekAgo =
        Future.fromCompletionStage(
            reports.intervals(ReportDays.of(day.minusDays(7), zone), queues), context);
    long upTo =
        Duration.between(day.atStartOfDay(zone).toInstant(), now).toMinutes()
                / IntervalReport.MINUTES
            + 1;
    return Future.all(today, weekAgo)
        .map(
            v -> {
              long[][] t = sums(today.result());
              long[][] w = sums(weekAgo.result());
              JsonArray offered = new JsonArray();
              JsonArray lastWeek = new JsonArray();
              JsonArray serviceLevel = new JsonArray();
              for (int i = 0; i < SLOTS; i++) {
                boolean past = i < upTo;
                offered.add(past ? t[i][0] : null);
                lastWeek.add(w[i][0]);
                long denominator = t[i][1] + t[i][3];
                serviceLevel.add(past && denominator > 0 ? (double) t[i][2] / denominator : null);
              }
              return new JsonObject()
                  .put("slotMinutes", IntervalReport.MINUTES)
                  .put("offered", offered)
                  .put("offeredLastWeek", lastWeek)
                  .put("serviceLevel", serviceLevel);
            });
  }

  /** Per slot of the day, over all queues: offered, answered, within the threshold, abandoned. */
  private long[][] sums(IntervalReport report) {
    long[][] slots = new long[SLOTS][4];
    for (IntervalReport.Row r : report.intervals()) {
      int slot = (r.from().getHour() * 60 + r.from().getMinute()) / IntervalReport.MINUTES;
      if (slot >= 0 && slot < SLOTS) {
        slots[slot][0] += r.offered();
        slots[slot][1] += r.answered();
        slots[slot][2] += r.answeredInServiceLevel();
        slots[slot][3] += r.abandoned();
      }
    }
    return slots;
  }
}
