package org.hotline.gateway.reports;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.reports.format.ReportJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A report answered as JSON, or as a CSV download that spreadsheets open as UTF-8 (Chinese names
 * intact), as the request's {@code format} asks.
 */
final class ReportDownload {

  private static final Logger LOG = LoggerFactory.getLogger(ReportDownload.class);

  /**
   * Excel reads a CSV as the system's code page unless it starts with the UTF-8 byte order mark.
   */
  private static final String BOM = "\uFEFF";

  private ReportDownload() {}

  /** Whether CSV is asked for; empty when the format is neither, the request answered 400. */
  static Optional<Boolean> csvAsked(RoutingContext ctx) {
    String format = ctx.request().getParam("format", "json");
    if (!format.equals("json") && !format.equals("csv")) {
      HttpErrors.error(ctx, 400, "INVALID_ARGUMENT", "format is json or csv");
      return Optional.empty();
    }
    return Optional.of(format.equals("csv"));
  }

  /** The report when read: as CSV named {@code stem.csv}, or as JSON; 503 when unreadable. */
  static <R> void send(
      RoutingContext ctx, String stem, boolean csv, Future<R> report, Function<R, String> toCsv) {
    report
        .onSuccess(
            r -> {
              if (csv) {
                csv(ctx, stem, toCsv.apply(r));
              } else {
                ctx.response()
                    .putHeader("content-type", "application/json; charset=utf-8")
                    .end(ReportJson.write(r));
              }
            })
        .onFailure(
            e -> {
              LOG.warn("report {} failed: {}", stem, e.toString());
              HttpErrors.error(ctx, 503, "UNAVAILABLE", "the record could not be read");
            });
  }

  /** {@code name-first}, or {@code name-first_last} for several days. */
  static String stem(String name, LocalDate first, LocalDate last) {
    return name + "-" + first + (last.equals(first) ? "" : "_" + last);
  }

  /** {@code stem.csv}. */
  private static void csv(RoutingContext ctx, String stem, String body) {
    String file = stem + ".csv";
    ctx.response()
        .putHeader("content-type", "text/csv; charset=utf-8")
        .putHeader("content-disposition", "attachment; filename=\"" + file + "\"")
        .end(BOM + body);
  }
}
