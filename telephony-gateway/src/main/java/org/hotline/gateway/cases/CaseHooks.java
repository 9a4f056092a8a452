package org.hotline.gateway.cases;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.GuestOfficial;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.ivr.CallbackRequests;
import org.hotline.gateway.switchboard.CallObserver;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.seat.api.CallView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the case bridge what happened to each call: answered (a draft case exists from then on),
 * ended (the wrap-up form clock starts), abandoned (a callback candidate). The facts come from the
 * gateway's call record and the seat manager's view of the call. Every gateway instance hears every
 * event; the bridge's operations are idempotent.
 */
public final class CaseHooks implements CallObserver, CallbackRequests {

  private static final Logger LOG = LoggerFactory.getLogger(CaseHooks.class);

  private final Switchboard switchboard;
  private final CaseBridge cases;
  private final Function<String, Optional<String>> officialNames;

  /**
   * @param officialNames the name (with title) of a visiting official by their staff id, for the
   *     calls they take; empty for everyone else
   */
  public CaseHooks(
      Switchboard switchboard, CaseBridge cases, Function<String, Optional<String>> officialNames) {
    this.switchboard = switchboard;
    this.cases = cases;
    this.officialNames = officialNames;
  }

  @Override
  public void answered(String callId) {
    facts(callId)
        .compose(f -> Future.fromCompletionStage(cases.callAnswered(f)))
        .onFailure(e -> LOG.warn("case bridge: answered {}: {}", callId, e.toString()));
  }

  @Override
  public void handedOn(String callId, String by, String note) {
    facts(callId)
        .compose(f -> Future.fromCompletionStage(cases.callHandedOn(f, by, note)))
        .onFailure(e -> LOG.warn("case bridge: handed on {}: {}", callId, e.toString()));
  }

  @Override
  public void ended(String callId, String outcome) {
    Future<?> told =
        outcome.equals("finished")
            ? facts(callId).compose(f -> Future.fromCompletionStage(cases.callEnded(f)))
            : facts(callId).compose(f -> Future.fromCompletionStage(cases.callAbandoned(f)));
    told.onFailure(e -> LOG.warn("case bridge: {} {}: {}", outcome, callId, e.toString()));
  }

  @Override
  public Future<Void> requested(String callId) {
    return facts(callId)
        .compose(f -> Future.fromCompletionStage(cases.callbackRequested(f)))
        .mapEmpty();
  }

  /**
   * A caller past their queue's maximum wait is asked whether they want a callback (only with the
   * case bridge: it keeps the callback list).
   */
  @Override
  public void maxWaitReached(String callId) {
    switchboard
        .offerCallback(callId)
        .onFailure(e -> LOG.warn("callback offer to {} failed: {}", callId, e.toString()));
  }

  /** The call's facts now: who called, where it waited, who answered, when it ended. */
  public Future<CallFacts> facts(String callId) {
    Future<Optional<CallRecord>> record = switchboard.directory().get(callId);
    Future<Optional<CallView>> view = Future.fromCompletionStage(switchboard.seats().call(callId));
    return Future.all(record, view)
        .map(
            all -> {
              CallRecord r =
                  record
                      .result()
                      .orElseThrow(() -> new IllegalStateException("no record of " + callId));
              Optional<CallView> v = view.result();
              // a visiting official's call says so: the callback number comes with their form
              Optional<GuestOfficial> official =
                  v.flatMap(CallView::agentId)
                      .flatMap(officialNames)
                      .map(name -> new GuestOfficial(name, ""));
              return new CallFacts(
                  callId,
                  r.server(),
                  r.uniqueId(),
                  r.callerNumber(),
                  r.callerName().isEmpty() ? Optional.empty() : Optional.of(r.callerName()),
                  v.map(CallView::queueId).orElse(r.queueId()),
                  v.flatMap(CallView::agentId),
                  v.flatMap(CallView::seatId),
                  official,
                  // a transferred call: when it first waited and was first answered
                  v.map(CallView::firstEnqueuedAt).orElse(r.enteredAt()),
                  v.flatMap(
                      c ->
                          c.earlierLegs().isEmpty()
                              ? c.answeredAt()
                              : Optional.of(c.earlierLegs().get(0).answeredAt())),
                  v.flatMap(CallView::endedAt),
                  r.recording().isEmpty() ? Optional.empty() : Optional.of(r.recording()),
                  v.map(CallView::language).orElse("zh"));
            });
  }
}
