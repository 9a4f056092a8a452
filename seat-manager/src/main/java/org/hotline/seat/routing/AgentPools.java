package org.hotline.seat.routing;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Where an agent is eligible.
 *
 * @param pools every bucket whose calls the agent may take
 * @param queues queues the agent is staffed on (qualifies for at the queue's base rules); the live
 *     agent counts per queue use these
 */
public record AgentPools(List<PoolEntry> pools, List<String> queues) {
  public AgentPools {
    pools = List.copyOf(pools);
    queues = List.copyOf(queues);
  }

  public String encodedPools() {
    return pools.stream().map(PoolEntry::encoded).collect(Collectors.joining(","));
  }

  public String encodedQueues() {
    return String.join(",", queues);
  }
}
