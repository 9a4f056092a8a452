package org.hotline.gateway.reports;

import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;

/** A report as a CSV download that spreadsheets open as UTF-8 (Chinese names intact). */
final class ReportDownload {

  /**
   * Excel reads a CSV as the system's code page unless it starts with the UTF-8 byte order mark.
   */
  private static final String BOM = "\uFEFF";

  private ReportDownload() {}

  /** {@code name-first.csv}, or {@code name-first_last.csv} for several days. */
  static void csv(RoutingContext ctx, String name, LocalDate first, LocalDate last, String body) {
    csv(ctx, name + "-" + first + (last.equals(first) ? "" : "_" + last), body);
  }

  /** {@code stem.csv}. */
  static void csv(RoutingContext ctx, String stem, String body) {
    String file = stem + ".csv";
    ctx.response()
        .putHeader("content-type", "text/csv; charset=utf-8")
        .putHeader("content-disposition", "attachment; filename=\"" + file + "\"")
        .end(BOM + body);
  }
}
