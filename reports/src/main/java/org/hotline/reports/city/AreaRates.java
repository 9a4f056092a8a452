package org.hotline.reports.city;

import java.util.Optional;
import org.hotline.support.text.LocalizedName;

/**
 * One district's or street's month (or the whole city's: no district).
 *
 * @param received cases created in the month
 * @param dispatched of those, dispatched to a unit (not answered on the call)
 * @param overdue dispatched cases whose deadline passed, by the time the report ran, with no
 *     resolution by then (resolved late included)
 * @param composite the ranking's score; empty when the ranking rule gives it none
 * @param rank among districts, or among all streets of the city; empty: not ranked
 * @param rankInDistrict a street's rank among its district's streets
 */
public record AreaRates(
    Optional<String> districtId,
    Optional<String> streetId,
    LocalizedName name,
    long received,
    long dispatched,
    long overdue,
    Rates rates,
    Optional<Double> composite,
    Optional<Integer> rank,
    Optional<Integer> rankInDistrict) {

  AreaRates ranked(Optional<Integer> rank, Optional<Integer> rankInDistrict) {
    return new AreaRates(
        districtId,
        streetId,
        name,
        received,
        dispatched,
        overdue,
        rates,
        composite,
        rank,
        rankInDistrict);
  }

  /** {@code district.street}, {@code district}, or empty for the city. */
  public String id() {
    return districtId.map(d -> streetId.map(s -> d + "." + s).orElse(d)).orElse("");
  }
}
