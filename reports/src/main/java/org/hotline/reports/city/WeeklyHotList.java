package org.hotline.reports.city;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hotline.support.text.LocalizedName;

/**
 * The week's list a manager can act on: streets whose volume of a category jumped against the
 * previous weeks, and the numbers and locations that came up most often, each with its open cases
 * and example case ids.
 *
 * @param monday the week's first day; {@code sunday} its last (the centre's calendar)
 */
public record WeeklyHotList(
    LocalDate monday,
    LocalDate sunday,
    String zone,
    Instant computedAt,
    LocalizedName jumpRule,
    List<VolumeJump> jumps,
    int frequentCallerCases,
    List<FrequentCaller> callers,
    int frequentLocationCases,
    List<FrequentLocation> locations) {

  public WeeklyHotList {
    jumps = List.copyOf(jumps);
    callers = List.copyOf(callers);
    locations = List.copyOf(locations);
  }

  public String csv() {
    return HotLists.csv(
        "week " + monday + " to " + sunday + " (" + zone + ")",
        jumpRule,
        jumps,
        callers,
        locations);
  }
}
