package org.hotline.gateway.cases;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.intake.FormReader;
import org.hotline.cases.intake.TextRules;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.AccessRefused;
import org.hotline.gateway.access.Coaching;
import org.hotline.gateway.access.Ownership;
import org.hotline.gateway.access.Principal;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.SeatManager;
import org.hotline.staff.directory.StaffRole;
import org.hotline.support.phone.PhoneMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The case bridge's HTTP endpoints:
 *
 * <ul>
 *   <li>{@code GET /api/calls/{callId}/history}: the screen pop, for the agent the call is offered
 *       to or answered by (and supervisors)
 *   <li>{@code GET /api/callers/{number}/history}: any caller's history, for supervisors
 *   <li>{@code POST /api/calls/{callId}/case}: the agent's form (422 with field errors)
 *   <li>{@code POST /api/cases/validate}: check a form without storing it
 *   <li>{@code GET /api/locations?text=}: jurisdictions a location may belong to
 *   <li>{@code GET /api/cases/{caseId}}, {@code POST /api/cases/{caseId}/complete}
 *   <li>{@code POST /api/dispatch/status}: signed status updates from the dispatch system, a
 *       co-unit's (协办) reports and units' extension requests (延期) among them
 *   <li>{@code GET /api/cases/extensions}: extension requests waiting for a supervisor; {@code POST
 *       /api/cases/{caseId}/extensions/{id}/grant} and {@code .../refuse} decide one
 *   <li>{@code GET /api/cases/incomplete}, {@code GET /api/outbox}, {@code GET
 *       /api/outbox/dead-letters}, {@code POST /api/outbox/dead-letters/{key}/redrive}
 * </ul>
 *
 * Each has an access rule; reads of a citizen's history or case and re-drives are audited before
 * they are answered.
 */
public final class CaseRoutes {

  private final CaseBridge cases;
  private static final Logger LOG = LoggerFactory.getLogger(CaseRoutes.class);

  private final SeatManager seats;
  private final CallDirectory directory;
  private final Context context;
  private final Access access;
  private final Auditor auditor;
  private final Coaching coaching;

  public CaseRoutes(
      CaseBridge cases,
      SeatManager seats,
      CallDirectory directory,
      Context context,
      Access access,
      Auditor auditor,
      Coaching coaching) {
    this.coaching = coaching;
    this.cases = cases;
    this.seats = seats;
    this.directory = directory;
    this.context = context;
    this.access = access;
    this.auditor = auditor;
  }

  public void addTo(Router router) {
    Rule seated = Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR);
    Rule supervisors = Rule.roles(StaffRole.SUPERVISOR);
    access
        .route(router, HttpMethod.GET, "/api/callers/:number/history", supervisors)
        .handler(
            ctx -> {
              String number = ctx.pathParam("number");
              history(ctx, number, Map.of());
            });
    access
        .route(router, HttpMethod.GET, "/api/calls/:call/history", seated)
        .handler(
            ctx -> {
              String call = ctx.pathParam("call");
              Ownership.callOrCoached(ctx, seats, context, call, coaching)
                  .compose(view -> directory.get(call))
                  .onFailure(e -> failure(ctx, e))
                  .onSuccess(
                      record -> {
                        if (record.isEmpty() || record.get().callerNumber().isBlank()) {
                          error(ctx, 404, "CALLER_UNKNOWN", "the call has no caller number");
                        } else {
                          history(ctx, record.get().callerNumber(), Map.of("call", call));
                        }
                      });
            });
    access
        .route(router, HttpMethod.POST, "/api/calls/:call/case", seated)
        .handler(
            ctx -> {
              String call = ctx.pathParam("call");
              Principal me = Access.principal(ctx);
              Ownership.callOrCoached(ctx, seats, context, call, coaching)
                  .compose(
                      view ->
                          coachAudit(ctx, me, view.agentId(), "case.submit", call)
                              .compose(
                                  v ->
                                      Future.fromCompletionStage(
                                          cases.submitFormJson(call, submittedBy(ctx, me)),
                                          context))
                              // the wrap-up the form was for: the official's, when a coach wrote it
                              .compose(
                                  c -> endWrapUp(view.agentId().orElse(me.staffId()), call).map(c)))
                  .onSuccess(
                      c -> {
                        ctx.response().setStatusCode(201);
                        ctx.json(CaseJson.caseOf(c));
                      })
                  .onFailure(e -> failure(ctx, e));
            });
    access
        .route(router, HttpMethod.GET, "/api/calls/:call/case", seated)
        .handler(
            ctx -> {
              String call = ctx.pathParam("call");
              Principal me = Access.principal(ctx);
              Ownership.callOrCoached(ctx, seats, context, call, coaching)
                  .compose(view -> coachAudit(ctx, me, view.agentId(), "case.read", call))
                  .compose(v -> Future.fromCompletionStage(cases.caseOfCall(call), context))
                  .onSuccess(
                      found -> {
                        if (found.isEmpty()) {
                          error(ctx, 404, "CASE_UNKNOWN", "the call has no case yet");
                        } else {
                          ctx.json(CaseJson.caseOf(found.get()));
                        }
                      })
                  .onFailure(e -> failure(ctx, e));
            });
    access.route(router, HttpMethod.POST, "/api/cases/validate", seated).handler(this::validate);
    JsonObject catalogue = CaseJson.catalogue(cases.formCatalogue());
    access
        // the form's choices, and the names the report page shows managers
        .route(
            router,
            HttpMethod.GET,
            "/api/cases/catalogue",
            Rule.roles(
                StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR, StaffRole.MANAGER))
        .handler(ctx -> ctx.json(catalogue));
    access
        .route(router, HttpMethod.GET, "/api/locations", seated)
        .handler(
            ctx -> {
              JsonArray list = new JsonArray();
              cases
                  .locationCandidates(ctx.queryParam("text").stream().findFirst().orElse(""))
                  .forEach(j -> list.add(CaseJson.jurisdiction(j)));
              ctx.json(new JsonObject().put("candidates", list));
            });
    access
        .route(router, HttpMethod.GET, "/api/cases/incomplete", supervisors)
        .handler(
            ctx ->
                reply(
                    ctx,
                    cases.incompleteCases(100),
                    ids -> new JsonObject().put("cases", new JsonArray(ids))));
    access
        .route(router, HttpMethod.GET, "/api/outbox", supervisors)
        .handler(ctx -> reply(ctx, cases.outboxStatus(), CaseJson::outbox));
    access
        .route(router, HttpMethod.GET, "/api/outbox/dead-letters", supervisors)
        .handler(
            ctx ->
                reply(
                    ctx,
                    cases.deadLetters(100),
                    list -> {
                      JsonArray out = new JsonArray();
                      list.forEach(d -> out.add(CaseJson.deadLetter(d)));
                      return new JsonObject().put("deadLetters", out);
                    }));
    access
        .route(router, HttpMethod.POST, "/api/outbox/dead-letters/:key/redrive", supervisors)
        .handler(
            ctx -> {
              String key = ctx.pathParam("key");
              auditor
                  .record(ctx, "outbox.redrive", key, Map.of())
                  .onFailure(e -> failure(ctx, e))
                  .onSuccess(
                      v ->
                          reply(
                              ctx, cases.redrive(key), ok -> new JsonObject().put("redriven", ok)));
            });
    // before /api/cases/:case, which would take "extensions" for a case id
    access
        .route(router, HttpMethod.GET, "/api/cases/extensions", supervisors)
        .handler(
            ctx ->
                reply(
                    ctx,
                    cases.pendingExtensions(100),
                    list -> {
                      JsonArray out = new JsonArray();
                      list.forEach(x -> out.add(CaseJson.extension(x)));
                      return new JsonObject().put("extensions", out);
                    }));
    for (String decision : List.of("grant", "refuse")) {
      access
          .route(
              router,
              HttpMethod.POST,
              "/api/cases/:case/extensions/:extension/" + decision,
              supervisors)
          .handler(ctx -> decideExtension(ctx, decision.equals("grant")));
    }
    access
        .route(
            router,
            HttpMethod.GET,
            "/api/cases/:case",
            Rule.roles(
                StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR, StaffRole.MANAGER))
        .handler(
            ctx ->
                ownCase(ctx, StaffRole.MANAGER)
                    .compose(c -> auditor.record(ctx, "case.read", c.caseId(), Map.of()).map(c))
                    .compose(this::withUnitsAndExtensions)
                    .onSuccess(ctx::json)
                    .onFailure(e -> failure(ctx, e)));
    access
        .route(router, HttpMethod.POST, "/api/cases/:case/complete", seated)
        .handler(
            ctx ->
                // whose case it is first: a form's errors are nobody else's business
                ownCase(ctx)
                    .compose(
                        c ->
                            Access.principal(ctx).staffId().equals(c.call().agentId().orElse(""))
                                ? Future.<Void>succeededFuture()
                                : auditor.record(ctx, "case.complete", c.caseId(), Map.of()))
                    .onFailure(e -> failure(ctx, e))
                    .onSuccess(
                        v -> {
                          FormReader.Result read = FormReader.read(body(ctx));
                          if (read instanceof FormReader.Refused refused) {
                            ctx.response().setStatusCode(422);
                            ctx.json(CaseJson.errors(refused.errors()));
                            return;
                          }
                          reply(
                              ctx,
                              cases.completeCase(
                                  ctx.pathParam("case"), ((FormReader.Read) read).form()),
                              CaseJson::caseOf);
                        }));
    access
        .route(router, HttpMethod.POST, "/api/cases/:case/amend", seated)
        .handler(
            ctx -> {
              Principal me = Access.principal(ctx);
              ownCase(ctx)
                  .compose(
                      c ->
                          me.staffId().equals(c.call().agentId().orElse(""))
                              ? Future.<Void>succeededFuture()
                              : auditor.record(ctx, "case.amend", c.caseId(), Map.of()))
                  .onFailure(e -> failure(ctx, e))
                  .onSuccess(
                      v -> {
                        FormReader.Result read = FormReader.read(submittedBy(ctx, me));
                        if (read instanceof FormReader.Refused refused) {
                          ctx.response().setStatusCode(422);
                          ctx.json(CaseJson.errors(refused.errors()));
                          return;
                        }
                        reply(
                            ctx,
                            cases.amendCase(
                                ctx.pathParam("case"),
                                ((FormReader.Read) read).form(),
                                me.staffId()),
                            CaseJson::caseOf);
                      });
            });
    access
        .route(router, HttpMethod.POST, "/api/dispatch/status", Rule.signedRequest())
        .handler(
            ctx ->
                reply(
                    ctx,
                    cases.receiveStatusUpdate(body(ctx), name -> ctx.request().getHeader(name)),
                    r ->
                        new JsonObject()
                            .put("caseId", r.updatedCase().caseId())
                            .put("status", r.updatedCase().status().code())
                            .put("applied", r.applied())));
  }

  /** The case as JSON with its units (主办/协办) and extension requests (延期). */
  private Future<JsonObject> withUnitsAndExtensions(Case c) {
    return Future.fromCompletionStage(cases.units(c.caseId()), context)
        .compose(
            units ->
                Future.fromCompletionStage(cases.extensions(c.caseId()), context)
                    .map(
                        extensions -> {
                          JsonArray u = new JsonArray();
                          units.forEach(x -> u.add(CaseJson.unit(x)));
                          JsonArray x = new JsonArray();
                          extensions.forEach(e -> x.add(CaseJson.extension(e)));
                          return CaseJson.caseOf(c).put("units", u).put("extensions", x);
                        }));
  }

  /**
   * A supervisor grants or refuses a unit's extension request, with an optional {@code note}; in
   * the audit trail before it is done.
   */
  private void decideExtension(RoutingContext ctx, boolean grant) {
    String caseId = ctx.pathParam("case");
    String extension = ctx.pathParam("extension");
    Object n;
    try {
      byte[] raw = body(ctx);
      n =
          raw.length == 0
              ? null
              : new JsonObject(new String(raw, StandardCharsets.UTF_8)).getValue("note");
    } catch (RuntimeException e) {
      error(ctx, 400, "INVALID_ARGUMENT", "the body must be a JSON object");
      return;
    }
    // the same rules as the form's text: plain, no markup, no control characters
    Optional<String> note =
        n == null
            ? Optional.of("")
            : n instanceof String text ? TextRules.clean(text, 500, true) : Optional.empty();
    if (note.isEmpty()) {
      error(ctx, 400, "INVALID_ARGUMENT", "note: plain text of at most 500 characters");
      return;
    }
    String by = Access.principal(ctx).staffId();
    auditor
        .record(
            ctx,
            grant ? "case.extension.grant" : "case.extension.refuse",
            caseId,
            Map.of("extension", extension))
        .onFailure(e -> failure(ctx, e))
        .onSuccess(
            v ->
                reply(
                    ctx,
                    cases.decideExtension(caseId, extension, grant, by, note.get()),
                    CaseJson::extension));
  }

  /**
   * The one wrap-up rule: the form is what wrap-up is for, so submitting it ends the submitter's
   * wrap-up for that call at once. Best effort: the case is stored either way, and the seat's own
   * limit ends a wrap-up this could not.
   */
  private Future<Void> endWrapUp(String agentId, String callId) {
    return Future.fromCompletionStage(seats.status(agentId), context)
        .compose(
            status ->
                status.state() == AgentState.WRAP_UP
                        && status.callId().equals(java.util.Optional.of(callId))
                    ? Future.fromCompletionStage(seats.finishWrapUp(agentId), context)
                        .<Void>mapEmpty()
                    : Future.<Void>succeededFuture())
        .recover(
            e -> {
              LOG.warn("wrap-up of {} not ended after its form: {}", agentId, e.toString());
              return Future.succeededFuture();
            });
  }

  /** A citizen's history, answered only once its reading is in the audit trail. */
  private void history(RoutingContext ctx, String number, Map<String, String> detail) {
    auditor
        .record(ctx, "history.read", PhoneMask.mask(number), detail)
        .compose(v -> Future.fromCompletionStage(cases.callerHistory(number), context))
        .onSuccess(h -> ctx.json(CaseJson.history(h)))
        .onFailure(e -> failure(ctx, e));
  }

  /**
   * The case, when the signed-in person may act on it: a supervisor (or one of {@code readers}) any
   * case, anyone else a case from a call they took.
   */
  private Future<Case> ownCase(RoutingContext ctx, StaffRole... readers) {
    Principal p = Access.principal(ctx);
    return Future.fromCompletionStage(cases.findCase(ctx.pathParam("case")), context)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(AccessRefused.unknown("CASE_UNKNOWN", "no such case"));
              }
              Case c = found.get();
              boolean reader =
                  p.has(StaffRole.SUPERVISOR) || java.util.Arrays.stream(readers).anyMatch(p::has);
              if (reader
                  || c.call().agentId().equals(java.util.Optional.of(p.staffId()))
                  || c.call().agentId().filter(a -> coaching.coaches(p.staffId(), a)).isPresent()) {
                return Future.succeededFuture(c);
              }
              return Future.failedFuture(AccessRefused.forbidden("only cases from calls you took"));
            });
  }

  private void validate(RoutingContext ctx) {
    FormReader.Result read = FormReader.read(body(ctx));
    if (read instanceof FormReader.Refused refused) {
      ctx.response().setStatusCode(422);
      ctx.json(CaseJson.errors(refused.errors()));
      return;
    }
    var errors = cases.validate(((FormReader.Read) read).form());
    if (errors.isEmpty()) {
      ctx.json(new JsonObject().put("valid", true));
    } else {
      ctx.response().setStatusCode(422);
      ctx.json(CaseJson.errors(errors));
    }
  }

  /**
   * The form's body with the signed-in person as its submitter: a form names who wrote it, and that
   * is whoever sent it (a coach writing for an official, too), not what the page says. A body that
   * is not a JSON object goes on as it is, for the form reader to refuse.
   */
  private static byte[] submittedBy(RoutingContext ctx, Principal me) {
    byte[] raw = body(ctx);
    try {
      JsonObject form = new JsonObject(io.vertx.core.buffer.Buffer.buffer(raw));
      return form.put("agentId", me.staffId()).toBuffer().getBytes();
    } catch (RuntimeException notAnObject) {
      return raw;
    }
  }

  /** A coach acting on an official's call is audited; one's own call is not. */
  private Future<Void> coachAudit(
      RoutingContext ctx,
      Principal me,
      java.util.Optional<String> holder,
      String action,
      String callId) {
    return holder.isPresent()
            && !holder.get().equals(me.staffId())
            && coaching.coaches(me.staffId(), holder.get())
        ? auditor.record(ctx, action, callId, Map.of("official", holder.get()))
        : Future.succeededFuture();
  }

  private static byte[] body(RoutingContext ctx) {
    return ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
  }

  private static <T> void reply(
      RoutingContext ctx, CompletionStage<T> op, Function<T, JsonObject> render) {
    Future.fromCompletionStage(op)
        .onSuccess(v -> ctx.json(render.apply(v)))
        .onFailure(e -> failure(ctx, e));
  }

  static void failure(RoutingContext ctx, Throwable failure) {
    HttpErrors.fail(ctx, failure);
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    HttpErrors.error(ctx, status, code, message);
  }
}
