package org.hotline.cases.api;

/**
 * The case after a status update.
 *
 * @param applied false when the same update (by its id) had been applied before: nothing changed,
 *     and the dispatch system may treat it as success
 */
public record UpdateResult(Case updatedCase, boolean applied) {}
