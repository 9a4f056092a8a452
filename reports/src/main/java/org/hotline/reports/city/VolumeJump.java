package org.hotline.reports.city;

import java.util.List;
import org.hotline.support.text.LocalizedName;

/**
 * A street whose volume of a category jumped by the stated rule.
 *
 * @param baseline λ, the mean count of the baseline periods (floored)
 * @param baselinePeriods the periods λ is the mean of (those with any case in the record)
 * @param z (count − λ) ÷ √λ
 * @param open of this period's cases, those still open
 * @param exampleCases up to three of this period's case ids, newest first
 */
public record VolumeJump(
    String districtId,
    String streetId,
    LocalizedName streetName,
    String category,
    LocalizedName categoryName,
    long count,
    double baseline,
    int baselinePeriods,
    double z,
    long open,
    List<String> exampleCases) {

  public VolumeJump {
    exampleCases = List.copyOf(exampleCases);
  }
}
