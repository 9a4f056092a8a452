package org.hotline.cases.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A case (工单) as stored.
 *
 * @param caseId readable and unique across instances: {@code yyyyMMdd-NNNNNN}
 * @param status where it is now
 * @param call the call it came from
 * @param content the validated form; empty while the case is a draft
 * @param incomplete the wrap-up limit passed without a form: flagged for supervisors
 * @param createdAt when the draft was created (the call was answered)
 * @param submittedAt when the form was submitted (the latest submission, after a re-dispatch)
 * @param deadline when the unit must have resolved it; empty for drafts and direct answers
 * @param dispatchVersion how many times it was handed to the outbox (1 after the first submission)
 * @param dispatchRef the dispatch system's reference (Open311 service_request_id or token)
 * @param history every status change, oldest first
 */
public record Case(
    String caseId,
    CaseStatus status,
    CallFacts call,
    Optional<CaseContent> content,
    boolean incomplete,
    Instant createdAt,
    Optional<Instant> submittedAt,
    Optional<Instant> deadline,
    int dispatchVersion,
    Optional<String> dispatchRef,
    List<StatusChange> history) {

  public Case {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(call, "call");
    history = List.copyOf(history);
  }

  /** Past its deadline and not resolved, at {@code now}. */
  public boolean overdueAt(Instant now) {
    return status.runningDeadline() && deadline.map(now::isAfter).orElse(false);
  }
}
