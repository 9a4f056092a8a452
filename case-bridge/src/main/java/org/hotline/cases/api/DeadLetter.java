package org.hotline.cases.api;

import java.time.Instant;

/**
 * A delivery that gave up: after the configured attempts, or at once for an answer that retrying
 * cannot change (a refused api key, an unknown service code). It waits here, blocking later
 * versions of the same case, until someone re-drives it.
 *
 * @param idempotencyKey {@code caseId:v<version>}
 */
public record DeadLetter(
    String idempotencyKey, String caseId, int attempts, String lastError, Instant deadAt) {}
