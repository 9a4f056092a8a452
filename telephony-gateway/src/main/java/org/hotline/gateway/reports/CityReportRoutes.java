package org.hotline.gateway.reports;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.pg.support.Database;
import org.hotline.reports.city.Categories;
import org.hotline.reports.city.CityReports;
import org.hotline.reports.city.CityReportsConfigLoader;
import org.hotline.reports.city.Places;
import org.hotline.staff.directory.StaffRole;

/**
 * {@code GET /api/reports/city/:report?month=YYYY-MM&format=json|csv}, for supervisors and
 * managers: the city's monthly reports. {@code rates} (districts and streets, their three rates and
 * ranking), {@code units}, {@code classification} ({@code table=focus} for the focus list as CSV),
 * {@code review} ({@code district=} required; {@code table=problems}), {@code hot} ({@code
 * table=lists}), {@code weekly} ({@code day=} a day of the week wanted) and {@code livelihood}. The
 * month defaults to the last whole one. A month's report changes slowly and some take seconds: each
 * answer is kept for {@link #KEPT}.
 */
public final class CityReportRoutes {

  static final Duration KEPT = Duration.ofMinutes(5);

  private record Kept(Instant at, Future<?> report) {}

  private final CityReports reports;
  private final Places places;
  private final ZoneId zone;
  private final Access access;
  private final Context context;
  private final Clock clock;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();

  public CityReportRoutes(
      CityReports reports,
      Places places,
      ZoneId zone,
      Access access,
      Context context,
      Clock clock) {
    this.reports = reports;
    this.places = places;
    this.zone = zone;
    this.access = access;
    this.context = context;
    this.clock = clock;
  }

  /** The routes over the reports configured in {@code directory} (reports.yaml beside the rest). */
  public static CityReportRoutes of(
      Path directory, Database db, ZoneId zone, Access access, Context context, Clock clock) {
    Categories categories = Categories.load(directory.resolve("taxonomy.yaml"));
    Places places = Places.load(directory.resolve("jurisdictions.yaml"));
    return new CityReportRoutes(
        new CityReports(
            db,
            CityReportsConfigLoader.load(directory.resolve("reports.yaml"), zone, categories),
            places,
            categories,
            clock),
        places,
        zone,
        access,
        context,
        clock);
  }

  public void addTo(Router router) {
    access
        .route(
            router,
            HttpMethod.GET,
            "/api/reports/city/:report",
            Rule.roles(StaffRole.SUPERVISOR, StaffRole.MANAGER))
        .handler(this::report);
  }

  private void report(RoutingContext ctx) {
    YearMonth month;
    LocalDate day;
    try {
      month = month(ctx.request().getParam("month"));
      String d = ctx.request().getParam("day");
      day = d == null || d.isBlank() ? LocalDate.now(clock.withZone(zone)) : LocalDate.parse(d);
    } catch (DateTimeParseException e) {
      HttpErrors.error(ctx, 400, "INVALID_ARGUMENT", "month is YYYY-MM, day YYYY-MM-DD");
      return;
    }
    Optional<Boolean> asked = ReportDownload.csvAsked(ctx);
    if (asked.isEmpty()) {
      return;
    }
    boolean csv = asked.get();
    String table = ctx.request().getParam("table", "");
    String name = ctx.pathParam("report");
    String m = month.toString();
    switch (name) {
      case "rates" ->
          send(ctx, name, m, csv, kept(name + m, () -> reports.monthlyRates(month)), r -> r.csv());
      case "units" ->
          send(ctx, name, m, csv, kept(name + m, () -> reports.units(month)), r -> r.csv());
      case "classification" ->
          send(
              ctx,
              table.equals("focus") ? "focus" : name,
              m,
              csv,
              kept(name + m, () -> reports.classification(month)),
              r -> table.equals("focus") ? r.focusCsv() : r.csv());
      case "review" -> {
        String district = ctx.request().getParam("district", "");
        if (places.district(district).isEmpty()) {
          HttpErrors.error(
              ctx, 400, "INVALID_ARGUMENT", "district: a district id of the gazetteer");
          return;
        }
        send(
            ctx,
            "review-" + district,
            m,
            csv,
            kept(name + m + district, () -> reports.districtReview(month, district)),
            r -> table.equals("problems") ? r.problemsCsv() : r.csv());
      }
      case "hot" ->
          send(
              ctx,
              name,
              m,
              csv,
              kept(name + m, () -> reports.hotIssues(month)),
              r -> table.equals("lists") ? r.listsCsv() : r.csv());
      case "weekly" ->
          send(
              ctx,
              "weekly",
              day.toString(),
              csv,
              kept(name + day, () -> reports.weeklyHotList(day)),
              r -> r.csv());
      case "livelihood" ->
          send(ctx, name, m, csv, kept(name + m, () -> reports.livelihood(month)), r -> r.csv());
      default ->
          HttpErrors.error(
              ctx,
              404,
              "NOT_FOUND",
              "no such report: rates, units, classification, review, hot, weekly or livelihood");
    }
  }

  /** The month asked for, or the last whole month. */
  private YearMonth month(String text) {
    return text == null || text.isBlank()
        ? YearMonth.now(clock.withZone(zone)).minusMonths(1)
        : YearMonth.parse(text.strip());
  }

  @SuppressWarnings("unchecked")
  private <R> Future<R> kept(String key, Supplier<CompletionStage<R>> read) {
    Instant now = clock.instant();
    kept.values().removeIf(k -> k.at().plus(KEPT).isBefore(now));
    Kept k =
        kept.compute(
            key,
            (x, old) ->
                old != null && !old.report().failed()
                    ? old
                    : new Kept(now, Future.fromCompletionStage(read.get(), context)));
    return (Future<R>) k.report();
  }

  private <R> void send(
      RoutingContext ctx,
      String name,
      String period,
      boolean csv,
      Future<R> report,
      Function<R, String> toCsv) {
    ReportDownload.send(ctx, name + "-" + period, csv, report, toCsv);
  }
}
