package org.hotline.gateway.ivr;

import io.vertx.core.Future;

/** Where a caller's request for a callback goes (the case bridge's callback list). */
public interface CallbackRequests {

  /** Records that the caller of {@code callId} asked to be called back. */
  Future<Void> requested(String callId);
}
