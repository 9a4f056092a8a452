package org.hotline.cases.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What a call means for the city, as the gateway uses it. Every method that touches the store is
 * asynchronous and returns a {@link CompletionStage} completed on one of the store's threads (the
 * gateway brings it back onto its Vert.x context with {@code Future.fromCompletionStage(stage,
 * context)}). Failures are a {@link CaseBridgeException} with a pinned {@link ErrorCode} when the
 * domain refused (nothing was changed), or a {@link CaseBridgeUnavailableException} when the store
 * could not answer (repeat later: every operation is idempotent).
 *
 * <h2>The contract with the gateway</h2>
 *
 * <ol>
 *   <li>Screen pop: {@link #callerHistory(String)} when the call is offered, before anyone says
 *       hello.
 *   <li>{@link #callAnswered(CallFacts)} when an agent answers: a draft case exists from then on,
 *       so no answered call is ever without a case. Idempotent per call id.
 *   <li>{@link #callEnded(CallFacts)} at hang-up: starts the wrap-up clock. If no form arrives
 *       within the wrap-up form limit, {@link #tick()} turns the draft into an incomplete case
 *       flagged for supervisors.
 *   <li>{@link #submitForm(String, CaseForm)} (or {@link #submitFormJson(String, byte[])} with the
 *       raw body): validated field by field ({@link ErrorCode#INVALID_FORM} with {@link
 *       CaseBridgeException#fieldErrors()}), then stored with its deadline and handed to the outbox
 *       in one atomic step. A repeated identical submission returns the same case.
 *   <li>{@link #callAbandoned(CallFacts)} when a caller hangs up waiting: a callback candidate.
 *   <li>{@link #tick()} every few seconds from every instance (safe concurrently): wrap-up limits,
 *       supervision alerts, the outbox gauge.
 *   <li>{@link #receiveStatusUpdate(byte[], Function)} for the dispatch system's signed updates:
 *       raw body and headers in; the HMAC and the replay window are checked here.
 * </ol>
 *
 * <p>Deliveries to the dispatch system run on this instance once {@link #startDelivery()} is
 * called; several instances share the work.
 */
public interface CaseBridge extends AutoCloseable {

  /** This instance's name among those delivering. */
  String instanceId();

  // ---- the call ----

  /** The screen pop for a caller id; a withheld number has no history. */
  CompletionStage<CallerHistory> callerHistory(String callerNumber);

  /** An agent answered: the draft case is created (once per call id) and the facts recorded. */
  CompletionStage<CaseRef> callAnswered(CallFacts facts);

  /**
   * The call ended: the wrap-up clock starts for a draft. Creates the draft too if "answered" was
   * never reported (a gateway restart in between), so the call is not lost.
   */
  CompletionStage<CaseRef> callEnded(CallFacts facts);

  /**
   * The caller hung up while waiting: a callback candidate, not a case. Completes with false when
   * the call was recorded before.
   */
  CompletionStage<Boolean> callAbandoned(CallFacts facts);

  /**
   * An agent ({@code by}) handed the call on (a transfer): the call's case notes it in its history
   * ({@code note}, e.g. where to), in its current status. Creates the draft if "answered" was never
   * reported. The same note for the same call is written once.
   */
  CompletionStage<CaseRef> callHandedOn(CallFacts facts, String by, String note);

  // ---- the form ----

  /** What the form offers to choose from: categories, unit types, time limits, places. */
  FormCatalogue formCatalogue();

  /** Field-by-field errors of a form; empty when it is valid. No I/O: for live checks. */
  List<FieldError> validate(CaseForm form);

  /** What the gazetteer makes of a location: one jurisdiction if clear, candidates otherwise. */
  List<Jurisdiction> locationCandidates(String locationText);

  /** The form for a call, from the raw JSON body the desktop sent. */
  CompletionStage<Case> submitFormJson(String callId, byte[] body);

  /**
   * The agent's form for a call: validated, then the case is stored as submitted (or closed, for a
   * direct answer) with its deadline and outbox entry, atomically. Repeating the same form returns
   * the same case; another form for a submitted case is {@link ErrorCode#CASE_NOT_DRAFT}.
   */
  CompletionStage<Case> submitForm(String callId, CaseForm form);

  /** A form for a case by its id: how a supervisor completes an incomplete draft. */
  CompletionStage<Case> completeCase(String caseId, CaseForm form);

  /**
   * A corrected form for a case the unit has not accepted yet (submitted or dispatched): a coach
   * correcting the official beside them. The case goes to the dispatch system again as a new
   * version (event {@code amended}) and its history notes who amended it. The same form again
   * changes nothing; {@link ErrorCode#ILLEGAL_TRANSITION} once a unit accepted it.
   */
  CompletionStage<Case> amendCase(String caseId, CaseForm form, String by);

  /**
   * A returned or reopened case goes back to the dispatch system as a new version, with a new
   * deadline from now.
   */
  CompletionStage<Case> redispatch(String caseId, String by, String note);

  // ---- reading ----

  CompletionStage<Optional<Case>> findCase(String caseId);

  /** The case of a call, once the call was answered (empty before, or for an unknown call). */
  CompletionStage<Optional<Case>> caseOfCall(String callId);

  /** Drafts flagged incomplete, oldest first: the supervisor's list to complete. */
  CompletionStage<List<String>> incompleteCases(int limit);

  /** Resolved cases waiting for their return visit (回访), oldest resolution first. */
  CompletionStage<List<String>> awaitingReturnVisit(int limit);

  /** Abandoned calls to call back, oldest first. */
  CompletionStage<List<CallbackCandidate>> callbackCandidates(int limit);

  CompletionStage<Boolean> callbackDone(String callId);

  /**
   * The caller asked to be called back (at the queue's maximum wait) and left the line: a callback
   * candidate of its own kind, first in line. Completes with false when it was recorded before.
   */
  CompletionStage<Boolean> callbackRequested(CallFacts facts);

  /** One callback, open or done. */
  CompletionStage<Optional<CallbackCandidate>> findCallback(String callId);

  /**
   * {@code agentId} takes the callback for {@code hold}: nobody else can claim or record it until
   * then. Claiming again extends one's own claim. {@link ErrorCode#CALLBACK_CLAIMED} when another
   * agent holds it, {@link ErrorCode#CALLBACK_UNKNOWN} when it is done or never existed.
   */
  CompletionStage<CallbackCandidate> claimCallback(String callId, String agentId, Duration hold);

  /**
   * The outcome of the claim holder's attempt. One that {@link CallbackOutcome#ends() ends} closes
   * the callback; otherwise the claim is released for a later try, and after the last allowed
   * attempt the callback closes as {@link CallbackOutcome#UNREACHABLE}.
   */
  CompletionStage<CallbackCandidate> recordCallbackAttempt(
      String callId, String agentId, CallbackOutcome outcome, Optional<String> callbackCallId);

  // ---- the dispatch system's side ----

  /**
   * A status update as the gateway received it: the raw body and a header lookup. Verified (HMAC,
   * replay window) before anything in the body is read, then applied.
   */
  CompletionStage<UpdateResult> receiveStatusUpdate(byte[] body, Function<String, String> headers);

  /**
   * An update already verified: accepted, resolved or returned with a reason; a unit's response; an
   * extension request. A co-unit's (协办) update is recorded on its unit and moves nothing; only the
   * lead's moves the case. A second extension request while one waits is {@link
   * ErrorCode#EXTENSION_PENDING}.
   */
  CompletionStage<UpdateResult> applyStatusUpdate(StatusUpdate update);

  // ---- joint handling (街乡吹哨、部门报到) and extensions (延期) ----

  /** The units of the case's dispatch, the lead first, each with what it has reported. */
  CompletionStage<List<CaseUnit>> units(String caseId);

  /** Every extension request of a case, oldest first, waiting or decided. */
  CompletionStage<List<ExtensionRequest>> extensions(String caseId);

  /** Extension requests waiting for a supervisor, oldest first. */
  CompletionStage<List<ExtensionRequest>> pendingExtensions(int limit);

  /**
   * A supervisor ({@code by}) grants or refuses a waiting extension request. Granting moves the
   * case's deadline to the one asked for and starts supervision over from it; refusing leaves it.
   * The decision is in the history and goes to the dispatch system as a new version of the case.
   * {@link ErrorCode#EXTENSION_UNKNOWN} when no such request waits, {@link
   * ErrorCode#ILLEGAL_TRANSITION} for a grant when the case's deadline no longer runs.
   */
  CompletionStage<ExtensionRequest> decideExtension(
      String caseId, String extensionId, boolean grant, String by, String note);

  /** 回访: the resident's answer after resolution closes the case or reopens it. */
  CompletionStage<Case> recordReturnVisit(String caseId, ReturnVisit visit);

  // ---- return visits (回访) as work ----

  /** When and how return visits are made. */
  ReturnVisitPolicy returnVisitPolicy();

  /**
   * Takes up to {@code limit} visits that are due (or whose holder's claim lapsed) for {@code
   * holder}, for the policy's claim hold; visits of residents now on the do-not-call list are
   * dropped instead. Two instances calling this at once never get the same visit.
   */
  CompletionStage<List<ReturnVisitTask>> claimDueVisits(String holder, int limit);

  /** Visits still to be made (scheduled or held), the earliest due first. */
  CompletionStage<List<ReturnVisitTask>> openVisits(int limit);

  CompletionStage<Optional<ReturnVisitTask>> findVisit(String caseId);

  /**
   * An agent takes one due visit for {@code hold} (claiming again extends one's own claim); {@link
   * ErrorCode#VISIT_CLAIMED} when someone else holds it, {@link ErrorCode#VISIT_UNKNOWN} when it is
   * not due or not open.
   */
  CompletionStage<ReturnVisitTask> claimVisit(String caseId, String holder, Duration hold);

  /** The resident picked up the holder's call: a late "no answer" no longer counts. */
  CompletionStage<Boolean> visitAnswered(String caseId, String holder);

  /**
   * The holder's attempt reached no answers: tried again after the retry delay inside the window,
   * or, after the last attempt, given up as unreachable (noted in the case's history). A {@link
   * VisitOutcome#NO_ANSWER} for an attempt the resident picked up changes nothing.
   */
  CompletionStage<ReturnVisitTask> recordVisitAttempt(
      String caseId, String holder, VisitOutcome outcome);

  /**
   * The resident's answers on the holder's attempt: the case is visited then closed, or reopened
   * (its reopen count goes up) and re-dispatched at once, all in one step.
   */
  CompletionStage<Case> recordVisitAnswers(String caseId, String holder, ReturnVisit visit);

  /** The do-not-call list, newest first. */
  CompletionStage<List<DoNotCall>> doNotCallList(int limit);

  /** Puts a number on the do-not-call list (again: the reason is replaced). */
  CompletionStage<DoNotCall> addDoNotCall(String number, String reason, String by);

  /** Takes a number off the list; false when it was not on it. */
  CompletionStage<Boolean> removeDoNotCall(String number);

  // ---- supervision and housekeeping ----

  /**
   * The periodic work; call it every few seconds from every instance. Each draft, deadline and
   * alert is handled by exactly one tick, and each tick costs the same however many cases are
   * stored.
   */
  CompletionStage<TickReport> tick();

  /** Supervision alerts after an id ({@code 0} for the start), oldest first. */
  CompletionStage<List<SupervisionAlert>> alerts(String afterId, int count);

  // ---- the outbox ----

  /** Starts delivering on a thread of this instance. */
  void startDelivery();

  CompletionStage<OutboxStatus> outboxStatus();

  /** The dead-letter list, oldest first. */
  CompletionStage<List<DeadLetter>> deadLetters(int limit);

  /** Sends a dead letter again, with a fresh count of attempts. */
  CompletionStage<Boolean> redrive(String idempotencyKey);

  /** Re-drives up to {@code limit} dead letters; completes with how many. */
  CompletionStage<Integer> redriveAll(int limit);

  /** Stops delivering (after the current round) and disconnects. */
  @Override
  void close();

  /**
   * Stops at once, as if the process were killed: deliveries in flight stay unsettled (another
   * instance takes them over), nothing is flushed. For crash tests.
   */
  void halt();
}
