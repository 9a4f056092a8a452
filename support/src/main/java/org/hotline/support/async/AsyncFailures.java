package org.hotline.support.async;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure a caller cares about, out of the wrappers composed futures put around it. */
public final class AsyncFailures {
  private AsyncFailures() {}

  /**
   * The first cause that is not a {@link CompletionException} or {@link ExecutionException} (how
   * {@code CompletableFuture} stages, {@code join}, {@code get} and Lettuce report a failure from
   * an earlier stage), or the failure itself.
   */
  public static Throwable cause(Throwable failure) {
    Throwable c = failure;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
