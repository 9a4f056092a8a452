package org.hotline.cases.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A resident who asked not to be called for return visits (免打扰).
 *
 * @param number the normalised number
 * @param reason why, in brief
 * @param by who put it on the list
 * @param at when
 */
public record DoNotCall(String number, String reason, String by, Instant at) {
  public DoNotCall {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
  }
}
