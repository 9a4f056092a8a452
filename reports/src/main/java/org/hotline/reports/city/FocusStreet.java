package org.hotline.reports.city;

import java.util.List;
import java.util.OptionalInt;
import org.hotline.support.text.LocalizedName;

/**
 * A street on the month's focus list.
 *
 * @param callsRank its place by cases received (tied streets share it)
 * @param reasons why it is on the list: {@code most_cases}, {@code population}, or both
 */
public record FocusStreet(
    String districtId,
    String streetId,
    LocalizedName name,
    long received,
    int callsRank,
    OptionalInt population,
    List<String> reasons) {

  public static final String MOST_CASES = "most_cases";
  public static final String POPULATION = "population";

  public FocusStreet {
    reasons = List.copyOf(reasons);
  }
}
