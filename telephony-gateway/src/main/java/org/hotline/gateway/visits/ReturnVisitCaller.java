package org.hotline.gateway.visits;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.cases.api.ReturnVisitTask;
import org.hotline.cases.api.VisitOutcome;
import org.hotline.gateway.logging.RateLimitedLog;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.support.phone.PhoneMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places the automated return-visit calls: every few seconds it takes the visits that are due (the
 * case bridge hands each to one instance only, and none outside the calling window) and Originates
 * a call to each resident into {@code hotline-visit}, where {@link ReturnVisitSurvey} asks the
 * survey. A call the exchange refuses is a failed attempt; one the resident does not pick up within
 * the ring time (no survey began) is a no-answer attempt. Both are retried as the policy says. Runs
 * only in the policy's {@code auto} mode.
 */
public final class ReturnVisitCaller {

  /** Visits placed per round at most. */
  static final int BATCH = 10;

  /** After the ring time, how long the survey has to report that the resident picked up. */
  static final Duration ANSWER_GRACE = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ReturnVisitCaller.class);

  /** A store outage would otherwise warn every round. */
  private static final RateLimitedLog OUTAGE = new RateLimitedLog(LOG, 1, Duration.ofMinutes(1));

  private final CaseBridge cases;
  private final Telephony telephony;
  private final String presentedNumber;
  private final Vertx vertx;
  private final Context context;
  private final String holder;
  private final BooleanSupplier exchangeUp;
  private boolean busy;

  /**
   * @param exchangeUp whether an exchange can place calls now: while none can, no visit is taken (a
   *     refused call would spend one of the resident's attempts)
   */
  public ReturnVisitCaller(
      CaseBridge cases,
      Telephony telephony,
      String presentedNumber,
      BooleanSupplier exchangeUp,
      Vertx vertx,
      Context context) {
    this.cases = cases;
    this.telephony = telephony;
    this.exchangeUp = exchangeUp;
    this.presentedNumber = presentedNumber;
    this.vertx = vertx;
    this.context = context;
    this.holder = cases.instanceId();
  }

  /** Whether this gateway places the calls itself (else agents make the visits). */
  public boolean automatic() {
    return cases.returnVisitPolicy().mode() == ReturnVisitPolicy.Mode.AUTO;
  }

  /** One round: due visits claimed and called. Skipped while the previous round still claims. */
  public void round() {
    if (busy || !automatic() || !exchangeUp.getAsBoolean()) {
      return;
    }
    busy = true;
    Future.fromCompletionStage(cases.claimDueVisits(holder, BATCH), context)
        .onSuccess(due -> due.forEach(this::call))
        .onFailure(e -> OUTAGE.warn("claim", "return visits not claimed now: {}", e.toString()))
        .onComplete(x -> busy = false);
  }

  private void call(ReturnVisitTask visit) {
    ReturnVisitPolicy policy = cases.returnVisitPolicy();
    LOG.info(
        "return visit {}: calling {} (attempt {})",
        visit.caseId(),
        PhoneMask.mask(visit.callerNumber()),
        visit.attempts() + 1);
    telephony
        .callResident(
            visit.callerNumber(),
            presentedNumber,
            Map.of("HOTLINE_VISIT", visit.caseId(), "HOTLINE_VISIT_HOLDER", holder),
            policy.ringTimeout())
        .onSuccess(
            v ->
                vertx.setTimer(
                    policy.ringTimeout().plus(ANSWER_GRACE).toMillis(), id -> noAnswer(visit)))
        .onFailure(
            e -> {
              LOG.warn("return visit {}: the exchange refused the call: {}", visit.caseId(), e);
              attempt(visit, VisitOutcome.FAILED);
            });
  }

  /**
   * The ring time is over: a no-answer, unless this claim is over (the survey settled it and a
   * later claim, identified by its own expiry, is another attempt's).
   */
  private void noAnswer(ReturnVisitTask visit) {
    Future.fromCompletionStage(cases.findVisit(visit.caseId()), context)
        .onSuccess(
            now -> {
              if (now.isPresent() && now.get().claimedUntil().equals(visit.claimedUntil())) {
                attempt(visit, VisitOutcome.NO_ANSWER);
              }
            });
  }

  /** A no-answer for a call the resident picked up, or one already settled, changes nothing. */
  private void attempt(ReturnVisitTask visit, VisitOutcome outcome) {
    Future.fromCompletionStage(cases.recordVisitAttempt(visit.caseId(), holder, outcome), context)
        .onSuccess(
            after ->
                LOG.info(
                    "return visit {}: {} -> {}",
                    visit.caseId(),
                    outcome.code(),
                    after.state().code()))
        .onFailure(
            e -> LOG.debug("return visit {}: {} not recorded: {}", visit.caseId(), outcome, e));
  }
}
