package org.hotline.redis.support;

import java.util.concurrent.CompletionException;

/** The failure a caller cares about, out of the wrapper a composed future puts around it. */
public final class AsyncFailures {
  private AsyncFailures() {}

  /**
   * The cause of a {@link CompletionException} (how {@code CompletableFuture} stages and Lettuce
   * report a failure from an earlier stage), or the failure itself.
   */
  public static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
