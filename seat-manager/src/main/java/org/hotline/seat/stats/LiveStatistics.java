package org.hotline.seat.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.seat.api.AgentState;

/**
 * All queues at one instant, and the whole floor's agents by state.
 *
 * @param day the day ({@code yyyymmdd}, the centre's zone) the since-midnight counters belong to
 */
public record LiveStatistics(
    Instant at, String day, List<QueueStatistics> queues, Map<AgentState, Long> floor) {
  public LiveStatistics {
    queues = List.copyOf(queues);
    floor = Map.copyOf(floor);
  }

  public Optional<QueueStatistics> queue(String queueId) {
    return queues.stream().filter(q -> q.queueId().equals(queueId)).findFirst();
  }

  /** Agents on the floor in {@code state}. */
  public long floorIn(AgentState state) {
    return floor.getOrDefault(state, 0L);
  }
}
