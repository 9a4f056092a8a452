package org.hotline.reports.city;

import java.time.Instant;
import java.util.List;
import org.hotline.support.text.LocalizedName;

/**
 * Open cases of one category in a district: still with a unit or back with the centre.
 *
 * @param overdue of those, past their deadline when the report ran
 * @param oldest the creation of the oldest
 * @param exampleCases the three oldest case ids, to open from the review
 */
public record OpenProblem(
    String category,
    LocalizedName categoryName,
    long open,
    long overdue,
    Instant oldest,
    List<String> exampleCases) {

  public OpenProblem {
    exampleCases = List.copyOf(exampleCases);
  }
}
