package org.hotline.gateway.agi;

import io.vertx.core.Future;

/**
 * What runs for one AGI request path. It talks to the channel through the session and completes
 * when done; the server then ends the session (which lets the dialplan continue).
 */
@FunctionalInterface
public interface AgiScript {
  Future<Void> run(AgiRequest request, AgiSession session);
}
