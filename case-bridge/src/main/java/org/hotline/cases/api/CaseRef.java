package org.hotline.cases.api;

/**
 * The answer to a call event: which case the call is, and where it stands.
 *
 * @param created whether this event created the draft (false when it existed already: events are
 *     idempotent, a repeated "answered" finds the same case)
 */
public record CaseRef(String caseId, String callId, CaseStatus status, boolean created) {}
