package org.hotline.cases.store;

/**
 * The keys of the case bridge of one call centre. All start with {@code hotline:{centre}:case:} and
 * so share the hash tag {@code {centre}}: every script's keys sit in one slot, and scripts stay
 * atomic on Redis Cluster too.
 *
 * <pre>
 * seq:{yyyyMMdd}        per-day counter of case ids
 * call:{callId}         the case id of a call
 * c:{caseId}            the case (hash); c:{caseId}:h its status history (list of JSON)
 * caller:{number}       last agent, last call; :cases (zset by creation), :open (zset), :calls
 *                       (zset of call ids by time, trimmed to the repeat window)
 * wrapup                drafts by the end of their wrap-up limit (zset)
 * incomplete            drafts flagged incomplete (zset)
 * nearing, due          running cases by 80% of their time limit and by deadline (zsets)
 * visits                resolved cases waiting for their return visit (zset)
 * alerts                supervision events for the wallboard (stream)
 * callbacks, cb:{id}    abandoned calls to call back (zset + hash)
 * upd:{updateId}        status updates applied (for de-duplication, expiring)
 * ob:stream             the outbox stream (consumer group "dispatch")
 * ob:q:{caseId}         a case's pending deliveries in order (list; the head is live)
 * ob:msg, ob:att, ob:err  payload, attempts and last error by idempotency key (hashes)
 * ob:enq, ob:retry, ob:dead  pending since, retry at, dead since, by idempotency key (zsets)
 * </pre>
 */
public record KeySpace(String centreId) {

  public KeySpace {
    if (centreId == null || !centreId.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException("bad centre id " + centreId);
    }
  }

  /** Every key of the centre's case bridge starts with this. */
  public String prefix() {
    return "hotline:{" + centreId + "}:case:";
  }

  public String caseKey(String caseId) {
    return prefix() + "c:" + caseId;
  }

  public String history(String caseId) {
    return caseKey(caseId) + ":h";
  }

  public String call(String callId) {
    return prefix() + "call:" + callId;
  }

  public String caller(String number) {
    return prefix() + "caller:" + number;
  }

  public String alerts() {
    return prefix() + "alerts";
  }

  public String incomplete() {
    return prefix() + "incomplete";
  }

  public String callbacks() {
    return prefix() + "callbacks";
  }

  public String callback(String callId) {
    return prefix() + "cb:" + callId;
  }

  public String outboxStream() {
    return prefix() + "ob:stream";
  }

  public String outboxQueue(String caseId) {
    return prefix() + "ob:q:" + caseId;
  }

  public String outboxDead() {
    return prefix() + "ob:dead";
  }

  public String outboxErrors() {
    return prefix() + "ob:err";
  }

  public String outboxAttempts() {
    return prefix() + "ob:att";
  }

  public String outboxPending() {
    return prefix() + "ob:enq";
  }
}
