package org.hotline.cases.delivery;

import java.util.concurrent.CompletionStage;

/**
 * Where cases go. An implementation answers every delivery with an outcome (a failure is an
 * outcome, not an exception) and may be called concurrently for different cases; the outbox never
 * gives it two versions of one case at once.
 */
public interface DeliveryTarget extends AutoCloseable {

  /** A short name for history lines and metric tags: {@code jsonl}, {@code webhook}, ... */
  String name();

  CompletionStage<DeliveryOutcome> deliver(Delivery delivery);

  @Override
  default void close() {}
}
