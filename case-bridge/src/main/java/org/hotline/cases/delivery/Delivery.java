package org.hotline.cases.delivery;

/**
 * One version of one case to hand over.
 *
 * @param idempotencyKey {@code caseId:v<version>}: the receiver keeps the first of each and drops
 *     repeats, which makes at-least-once delivery exactly-once for it
 * @param attempt 1 for the first try
 * @param payload the JSON document, as stored when the case was submitted
 */
public record Delivery(
    String idempotencyKey, String caseId, int version, int attempt, String payload) {

  public static String key(String caseId, int version) {
    return caseId + ":v" + version;
  }
}
