package org.hotline.gateway.units;

import java.util.Optional;
import org.hotline.cases.api.LocalizedName;

/**
 * One outside unit of {@code config/directory.yaml}.
 *
 * @param id what the desktop names it by ({@code 120}, {@code water}, {@code duty-chaoyang})
 * @param number what the exchange dials through the trunk: digits only
 * @param service for emergency lines and utilities: police, fire, ambulance, traffic, water, ...
 * @param district for a district's duty desk: its id in {@code jurisdictions.yaml}
 */
public record OutsideUnit(
    String id,
    LocalizedName name,
    String number,
    Kind kind,
    Optional<String> service,
    Optional<String> district) {

  /** What sort of unit it is. */
  public enum Kind {
    EMERGENCY("emergency"),
    UTILITY("utility"),
    DUTY_DESK("duty-desk");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    static Optional<Kind> ofCode(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /** Words for the case's history: "120 急救中心". */
  public String label() {
    return name.zh();
  }
}
