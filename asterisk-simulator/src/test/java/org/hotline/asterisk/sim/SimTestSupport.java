package org.hotline.asterisk.sim;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the tests. */
final class SimTestSupport {
  static final String SECRET = "test-secret";

  private SimTestSupport() {}

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
