package org.hotline.cases.api;

import java.time.Instant;
import org.hotline.support.phone.PhoneMask;

/** A caller who hung up while waiting: someone should call them back. Not a case. */
public record CallbackCandidate(
    String callId, String callerNumber, String queueId, Instant enteredAt, Instant abandonedAt) {

  @Override
  public String toString() {
    return "CallbackCandidate[" + callId + " " + PhoneMask.mask(callerNumber) + "]";
  }
}
