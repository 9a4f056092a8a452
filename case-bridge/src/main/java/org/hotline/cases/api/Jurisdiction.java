package org.hotline.cases.api;

import java.util.Objects;

/**
 * 属地: the district and the street or township that own a location.
 *
 * @param districtId e.g. {@code chaoyang}
 * @param streetId the street's id within the district, e.g. {@code wangjing}
 * @param districtName e.g. 朝阳区
 * @param streetName e.g. 望京街道
 */
public record Jurisdiction(
    String districtId, String streetId, LocalizedName districtName, LocalizedName streetName) {

  public Jurisdiction {
    Objects.requireNonNull(districtId, "districtId");
    Objects.requireNonNull(streetId, "streetId");
    Objects.requireNonNull(districtName, "districtName");
    Objects.requireNonNull(streetName, "streetName");
  }

  /** {@code chaoyang.wangjing}. */
  public String fullId() {
    return districtId + "." + streetId;
  }

  /** 朝阳区望京街道. */
  public String label() {
    return districtName.zh() + streetName.zh();
  }
}
