package org.hotline.gateway.transfer;

import java.util.Optional;

/**
 * Where a call is handed on: a queue (whoever is free there), or one agent (in {@code queueId},
 * where the call waits should that agent not answer).
 */
public record Transfer(String queueId, Optional<String> agentId) {

  /** Words for the case's history and the audit trail. */
  String describe(String fromQueue) {
    return agentId
        .map(a -> "transferred to agent " + a + " (queue " + queueId + ")")
        .orElse("transferred from queue " + fromQueue + " to queue " + queueId);
  }
}
