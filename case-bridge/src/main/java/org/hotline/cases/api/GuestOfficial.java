package org.hotline.cases.api;

import java.util.Objects;
import org.hotline.support.phone.PhoneMask;

/**
 * A visiting official who took the call at a guest login (a district leader answering for a
 * morning): their name and the direct number a resident or unit can call them back on. Both go on
 * every case they take.
 */
public record GuestOfficial(String name, String callbackNumber) {

  public GuestOfficial {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(callbackNumber, "callbackNumber");
  }

  @Override
  public String toString() {
    return "GuestOfficial[" + name + ", " + PhoneMask.mask(callbackNumber) + "]";
  }
}
