package org.hotline.gateway.visits;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.ReturnVisit;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.cases.api.VisitOutcome;
import org.hotline.gateway.agi.AgiHangupException;
import org.hotline.gateway.agi.AgiReply;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.agi.AgiScript;
import org.hotline.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agi://gateway:4573/returnvisit,${HOTLINE_SERVER},${HOTLINE_VISIT},${HOTLINE_VISIT_HOLDER}}
 * in {@code hotline-visit}: the resident answered the return-visit call. "Press 1 satisfied, 2
 * basically satisfied, 3 not satisfied", then "1 resolved, 2 not resolved", each asked again once
 * on no or a wrong key; thanks; the answers close or reopen the case. A prompt the exchange does
 * not have ({@code GET DATA} gives {@code result=-1} at once while the channel is up) is replaced
 * by its recorded fallback. A resident who leaves before both answers is an incomplete attempt,
 * retried.
 */
public final class ReturnVisitSurvey implements AgiScript {

  public static final int SERVER_ARGUMENT = 0;
  static final int CASE_ARGUMENT = 1;
  static final int HOLDER_ARGUMENT = 2;

  /** Who the case history says made the visit. */
  static final String BY = "ivr";

  static final Duration ANSWER_WITHIN = Duration.ofSeconds(6);
  private static final Logger LOG = LoggerFactory.getLogger(ReturnVisitSurvey.class);

  private final CaseBridge cases;
  private final Context context;

  public ReturnVisitSurvey(CaseBridge cases, Context context) {
    this.cases = cases;
    this.context = context;
  }

  @Override
  public Future<Void> run(AgiRequest request, AgiSession session) {
    if (request.arguments().size() <= HOLDER_ARGUMENT) {
      LOG.warn("returnvisit AGI without its case and holder: ended");
      return Future.succeededFuture();
    }
    String caseId = request.arguments().get(CASE_ARGUMENT);
    String holder = request.arguments().get(HOLDER_ARGUMENT);
    ReturnVisitPolicy.Prompts prompts = cases.returnVisitPolicy().prompts();
    Answers answers = new Answers();
    return Future.fromCompletionStage(cases.visitAnswered(caseId, holder), context)
        .compose(
            held -> {
              if (!held) {
                LOG.warn("returnvisit for {}: not held by {}; ended", caseId, holder);
                return Future.succeededFuture();
              }
              return play(session, prompts.intro(), prompts.introFallback())
                  .compose(
                      v ->
                          ask(
                              session,
                              prompts.satisfaction(),
                              prompts.satisfactionFallback(),
                              "123"))
                  .compose(
                      key -> {
                        answers.satisfaction = key;
                        return key.isEmpty()
                            ? Future.succeededFuture("")
                            : ask(session, prompts.resolved(), prompts.resolvedFallback(), "12");
                      })
                  .compose(
                      key -> {
                        answers.resolved = key;
                        return answers.complete()
                            ? play(session, prompts.thanks(), prompts.thanksFallback())
                            : Future.succeededFuture();
                      })
                  // a hang-up after both answers still counts them
                  .recover(
                      e ->
                          e instanceof AgiHangupException
                              ? Future.succeededFuture()
                              : Future.failedFuture(e))
                  .eventually(() -> record(caseId, holder, answers));
            })
        .mapEmpty();
  }

  /** What the resident pressed; empty until answered. */
  private static final class Answers {
    String satisfaction = "";
    String resolved = "";

    boolean complete() {
      return !satisfaction.isEmpty() && !resolved.isEmpty();
    }

    ReturnVisit visit() {
      ReturnVisit.Satisfaction s =
          switch (satisfaction) {
            case "1" -> ReturnVisit.Satisfaction.SATISFIED;
            case "2" -> ReturnVisit.Satisfaction.BASICALLY_SATISFIED;
            default -> ReturnVisit.Satisfaction.UNSATISFIED;
          };
      return new ReturnVisit(
          "1".equals(resolved), s, BY, "按键：满意度 " + satisfaction + "，解决 " + resolved);
    }
  }

  private Future<Void> record(String caseId, String holder, Answers answers) {
    Future<?> stored =
        answers.complete()
            ? Future.fromCompletionStage(
                cases.recordVisitAnswers(caseId, holder, answers.visit()), context)
            : Future.fromCompletionStage(
                cases.recordVisitAttempt(caseId, holder, VisitOutcome.INCOMPLETE), context);
    return stored
        .onSuccess(
            v ->
                LOG.info(
                    "return visit {}: {}",
                    caseId,
                    answers.complete()
                        ? "answers " + answers.satisfaction + "," + answers.resolved
                        : "incomplete"))
        .onFailure(e -> LOG.warn("return visit {} not recorded: {}", caseId, e.toString()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** One valid key, asked at most twice; empty when none came. */
  private Future<String> ask(AgiSession session, String prompt, String fallback, String valid) {
    return key(session, prompt, fallback)
        .compose(
            first ->
                validKey(first, valid)
                    ? Future.succeededFuture(first)
                    : key(session, prompt, fallback)
                        .map(second -> validKey(second, valid) ? second : ""));
  }

  private static boolean validKey(String key, String valid) {
    return key.length() == 1 && valid.contains(key);
  }

  /** GET DATA with the prompt, or with its fallback when the prompt is missing. */
  private Future<String> key(AgiSession session, String prompt, String fallback) {
    return getData(session, prompt)
        .compose(
            reply ->
                reply.isPresent()
                    ? Future.succeededFuture(reply.get())
                    : getData(session, fallback).map(r -> r.orElse("")));
  }

  /**
   * The digits, or empty when the prompt is missing; a hang-up fails with {@link
   * AgiHangupException}. {@code result=-1} means either, so the channel is asked.
   */
  private static Future<Optional<String>> getData(AgiSession session, String prompt) {
    return session
        .command("GET DATA " + prompt + " " + ANSWER_WITHIN.toMillis() + " 1")
        .compose(
            reply -> {
              if (reply.code() == 511) {
                return Future.failedFuture(new AgiHangupException("GET DATA"));
              }
              if (!reply.failed()) {
                return Future.succeededFuture(Optional.of(digits(reply)));
              }
              return session
                  .alive()
                  .compose(
                      alive ->
                          alive
                              ? Future.succeededFuture(Optional.<String>empty())
                              : Future.failedFuture(new AgiHangupException("GET DATA")));
            });
  }

  private static String digits(AgiReply reply) {
    return reply.result().trim();
  }

  /** STREAM FILE with no escape keys; the fallback when the prompt is missing. */
  private static Future<Void> play(AgiSession session, String prompt, String fallback) {
    return session
        .command("STREAM FILE " + prompt + " \"\"")
        .compose(
            reply -> {
              if (reply.code() == 511) {
                return Future.failedFuture(new AgiHangupException("STREAM FILE"));
              }
              return reply.failed()
                  ? session.command("STREAM FILE " + fallback + " \"\"").mapEmpty()
                  : Future.<Void>succeededFuture();
            });
  }
}
