package org.hotline.reports.centre;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Callers who called at least {@link #MINIMUM_CALLS} times over the days, and how much of the
 * traffic they make. Numbers are masked ({@code 139****5678}); a withheld number is nobody's and
 * never a repeat caller (its calls count in {@code allCalls} only).
 *
 * @param callers how many repeat callers
 * @param calls their calls
 * @param allCalls every call that entered
 * @param share calls ÷ allCalls; null when there were no calls
 * @param top the repeat callers with the most calls (the first call first among equals), at most as
 *     many as asked for
 */
public record RepeatCallers(
    ReportDays days, long callers, long calls, long allCalls, Double share, List<Caller> top) {

  /** A repeat caller calls at least this often in the days. */
  public static final int MINIMUM_CALLS = 2;

  public RepeatCallers {
    top = List.copyOf(top);
  }

  /**
   * @param number masked: the first three and last four digits of a long number
   */
  public record Caller(
      String number,
      long calls,
      long answered,
      OffsetDateTime firstCall,
      OffsetDateTime lastCall) {}
}
