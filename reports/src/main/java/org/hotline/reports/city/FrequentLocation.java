package org.hotline.reports.city;

import java.util.List;
import java.util.Optional;

/**
 * A location named often in the period: the location text as the agent wrote it, trimmed, in one
 * street.
 */
public record FrequentLocation(
    Optional<String> districtId,
    Optional<String> streetId,
    String location,
    long cases,
    long open,
    List<String> categories,
    List<String> exampleCases) {

  public FrequentLocation {
    categories = List.copyOf(categories);
    exampleCases = List.copyOf(exampleCases);
  }
}
