package org.hotline.reports.city;

import java.util.List;

/**
 * A number that called often in the period. Only its mask ever leaves the database's side ({@code
 * 139****5678}); a supervisor who must act finds the cases by their ids.
 *
 * @param categories the categories of its cases, most frequent first
 * @param streets {@code district.street} of its cases
 */
public record FrequentCaller(
    String maskedNumber,
    long cases,
    long open,
    List<String> categories,
    List<String> streets,
    List<String> exampleCases) {

  public FrequentCaller {
    categories = List.copyOf(categories);
    streets = List.copyOf(streets);
    exampleCases = List.copyOf(exampleCases);
  }
}
