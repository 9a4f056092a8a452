package org.hotline.gateway.switchboard;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import org.hotline.gateway.channel.LiveChannel;

/**
 * Queues callers the exchange holds that no gateway has queued (their gateway died, or Redis lost
 * the call), in arrival order, ahead of newer calls.
 */
public interface Adoption {

  /** Nothing is adopted. */
  Adoption NONE = (server, active, channels) -> Future.succeededFuture(0);

  /**
   * @param active the call ids the seat manager holds
   * @param channels the exchange's channels now
   * @return how many callers were queued
   */
  Future<Integer> adopt(String server, Set<String> active, List<LiveChannel> channels);
}
