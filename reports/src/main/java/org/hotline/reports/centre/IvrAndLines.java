package org.hotline.reports.centre;

import java.util.List;

/**
 * Calls by the IVR menu choice the caller made and by the line (number) they dialled, most calls
 * first.
 *
 * @param calls every call that entered, the denominator of each share
 */
public record IvrAndLines(ReportDays days, long calls, List<Row> ivrChoices, List<Row> lines) {

  /** The value of calls without one (no menu choice, no line known). */
  public static final String NONE = "(none)";

  public IvrAndLines {
    ivrChoices = List.copyOf(ivrChoices);
    lines = List.copyOf(lines);
  }

  /**
   * @param value the menu choice or the line, or {@link #NONE}
   * @param share calls ÷ all calls; null when there were none
   */
  public record Row(String value, long calls, long answered, long abandoned, Double share) {}
}
