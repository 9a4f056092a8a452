package org.hotline.gateway.reports;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.reports.centre.CentreCsv;
import org.hotline.reports.centre.CentreReports;
import org.hotline.reports.centre.Distributions;
import org.hotline.reports.centre.QueueThresholds;
import org.hotline.reports.centre.ReportDays;
import org.hotline.reports.centre.WaitBuckets;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.staff.directory.StaffRole;

/**
 * {@code GET /api/reports/centre/:report?from=&to=&format=json|csv[&table=]}, for supervisors and
 * managers: the call centre's reports from the record. {@code intervals} (15 minutes per queue),
 * {@code agents} (the day of each agent; {@code from} only) and {@code distributions} (by hour and
 * weekday, wait buckets, hang-ups, IVR and lines, repeat callers; as CSV one {@code table} at a
 * time). Days are the centre's calendar days; both default to today. Each queue's thresholds are
 * the seat manager's, so the figures agree with the live board's definitions.
 */
public final class CentreReportRoutes {

  /** The CSV tables of the distributions report. */
  private static final Map<String, Function<Distributions, String>> TABLES =
      Map.of(
          "hour", d -> CentreCsv.callsByHour(d.byHour()),
          "weekday", d -> CentreCsv.callsByWeekday(d.byWeekday()),
          "waits", d -> CentreCsv.waitTimes(d.waitTimes()),
          "hangups", d -> CentreCsv.hangupsByParty(d.hangups()),
          "causes", d -> CentreCsv.hangupCauses(d.hangups()),
          "ivr", d -> CentreCsv.ivrChoices(d.ivrAndLines()),
          "lines", d -> CentreCsv.lines(d.ivrAndLines()),
          "callers", d -> CentreCsv.repeatCallers(d.repeatCallers()));

  private final CentreReports reports;
  private final SeatManagerConfig seatConfig;
  private final Access access;
  private final Context context;
  private final Clock clock;
  private final List<QueueThresholds> queues;

  public CentreReportRoutes(
      CentreReports reports,
      SeatManagerConfig seatConfig,
      Access access,
      Context context,
      Clock clock) {
    this.reports = reports;
    this.seatConfig = seatConfig;
    this.access = access;
    this.context = context;
    this.clock = clock;
    this.queues =
        seatConfig.queues().stream()
            .map(
                q ->
                    new QueueThresholds(
                        q.id(), q.serviceLevelThreshold(), q.shortAbandonThreshold()))
            .toList();
  }

  public void addTo(Router router) {
    access
        .route(
            router,
            HttpMethod.GET,
            "/api/reports/centre/:report",
            Rule.roles(StaffRole.SUPERVISOR, StaffRole.MANAGER))
        .handler(this::report);
  }

  private void report(RoutingContext ctx) {
    ReportDays days;
    try {
      days = days(ctx);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      HttpErrors.error(ctx, 400, "INVALID_ARGUMENT", "from/to: " + e.getMessage());
      return;
    }
    Optional<Boolean> asked = ReportDownload.csvAsked(ctx);
    if (asked.isEmpty()) {
      return;
    }
    boolean csv = asked.get();
    String name = ctx.pathParam("report");
    switch (name) {
      case "intervals" ->
          send(
              ctx,
              name,
              days,
              csv,
              Future.fromCompletionStage(reports.intervals(days, queues), context),
              CentreCsv::intervals);
      case "agents" ->
          send(
              ctx,
              name,
              days,
              csv,
              Future.fromCompletionStage(reports.agents(days, clock.instant()), context),
              CentreCsv::agents);
      case "distributions" -> {
        String table = ctx.request().getParam("table", "hour");
        Function<Distributions, String> toCsv = TABLES.get(table);
        if (csv && toCsv == null) {
          HttpErrors.error(
              ctx,
              400,
              "INVALID_ARGUMENT",
              "table is one of " + new java.util.TreeSet<>(TABLES.keySet()));
          return;
        }
        send(
            ctx,
            csv ? name + "-" + table : name,
            days,
            csv,
            Future.fromCompletionStage(
                reports.distributions(
                    days, queues, WaitBuckets.DEFAULT, CentreReports.DEFAULT_TOP_CALLERS),
                context),
            toCsv);
      }
      default ->
          HttpErrors.error(
              ctx, 404, "NOT_FOUND", "no such report: intervals, agents or distributions");
    }
  }

  private ReportDays days(RoutingContext ctx) {
    LocalDate today = LocalDate.now(clock.withZone(seatConfig.zone()));
    LocalDate from = date(ctx.request().getParam("from"), today);
    LocalDate to = date(ctx.request().getParam("to"), from);
    return new ReportDays(from, to, seatConfig.zone());
  }

  private static LocalDate date(String text, LocalDate fallback) {
    return text == null || text.isBlank() ? fallback : LocalDate.parse(text.strip());
  }

  private <R> void send(
      RoutingContext ctx,
      String name,
      ReportDays days,
      boolean csv,
      Future<R> report,
      Function<R, String> toCsv) {
    ReportDownload.send(
        ctx, ReportDownload.stem(name, days.first(), days.last()), csv, report, toCsv);
  }
}
