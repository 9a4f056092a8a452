package org.hotline.gateway.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.intake.FormReader;
import org.hotline.gateway.http.HttpErrors;

/**
 * The case bridge's HTTP endpoints:
 *
 * <ul>
 *   <li>{@code GET /api/callers/{number}/history}: the screen pop
 *   <li>{@code POST /api/calls/{callId}/case}: the agent's form (422 with field errors)
 *   <li>{@code POST /api/cases/validate}: check a form without storing it
 *   <li>{@code GET /api/locations?text=}: jurisdictions a location may belong to
 *   <li>{@code GET /api/cases/{caseId}}, {@code POST /api/cases/{caseId}/complete}, {@code POST
 *       /api/cases/{caseId}/return-visit}
 *   <li>{@code POST /api/dispatch/status}: signed status updates from the dispatch system
 *   <li>{@code GET /api/cases/incomplete}, {@code GET /api/callbacks}, {@code GET /api/outbox},
 *       {@code GET /api/outbox/dead-letters}, {@code POST /api/outbox/dead-letters/{key}/redrive}
 * </ul>
 */
public final class CaseRoutes {

  private final CaseBridge cases;

  public CaseRoutes(CaseBridge cases) {
    this.cases = cases;
  }

  public void addTo(Router router) {
    router
        .get("/api/callers/:number/history")
        .handler(
            ctx -> reply(ctx, cases.callerHistory(ctx.pathParam("number")), CaseJson::history));
    router
        .post("/api/calls/:call/case")
        .handler(ctx -> created(ctx, cases.submitFormJson(ctx.pathParam("call"), body(ctx))));
    router.post("/api/cases/validate").handler(this::validate);
    router
        .get("/api/locations")
        .handler(
            ctx -> {
              JsonArray list = new JsonArray();
              cases
                  .locationCandidates(ctx.queryParam("text").stream().findFirst().orElse(""))
                  .forEach(j -> list.add(CaseJson.jurisdiction(j)));
              ctx.json(new JsonObject().put("candidates", list));
            });
    router
        .get("/api/cases/incomplete")
        .handler(
            ctx ->
                reply(
                    ctx,
                    cases.incompleteCases(100),
                    ids -> new JsonObject().put("cases", new JsonArray(ids))));
    router
        .get("/api/callbacks")
        .handler(
            ctx ->
                reply(
                    ctx,
                    cases.callbackCandidates(100),
                    list -> {
                      JsonArray out = new JsonArray();
                      list.forEach(
                          c ->
                              out.add(
                                  new JsonObject()
                                      .put("callId", c.callId())
                                      .put("abandonedAt", c.abandonedAt().toString())));
                      return new JsonObject().put("callbacks", out);
                    }));
    router.get("/api/outbox").handler(ctx -> reply(ctx, cases.outboxStatus(), CaseJson::outbox));
    router
        .get("/api/outbox/dead-letters")
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
    router
        .post("/api/outbox/dead-letters/:key/redrive")
        .handler(
            ctx ->
                reply(
                    ctx,
                    cases.redrive(ctx.pathParam("key")),
                    ok -> new JsonObject().put("redriven", ok)));
    router
        .get("/api/cases/:case")
        .handler(
            ctx ->
                Future.fromCompletionStage(cases.findCase(ctx.pathParam("case")))
                    .onSuccess(
                        c -> {
                          if (c.isEmpty()) {
                            error(ctx, 404, "CASE_UNKNOWN", "no such case");
                          } else {
                            ctx.json(CaseJson.caseOf(c.get()));
                          }
                        })
                    .onFailure(e -> failure(ctx, e)));
    router
        .post("/api/cases/:case/complete")
        .handler(
            ctx -> {
              FormReader.Result read = FormReader.read(body(ctx));
              if (read instanceof FormReader.Refused refused) {
                ctx.response().setStatusCode(422);
                ctx.json(CaseJson.errors(refused.errors()));
              } else {
                reply(
                    ctx,
                    cases.completeCase(ctx.pathParam("case"), ((FormReader.Read) read).form()),
                    CaseJson::caseOf);
              }
            });
    router
        .post("/api/dispatch/status")
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

  private static byte[] body(RoutingContext ctx) {
    return ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
  }

  private static <T> void reply(
      RoutingContext ctx, CompletionStage<T> op, Function<T, JsonObject> render) {
    Future.fromCompletionStage(op)
        .onSuccess(v -> ctx.json(render.apply(v)))
        .onFailure(e -> failure(ctx, e));
  }

  private static void created(RoutingContext ctx, CompletionStage<org.hotline.cases.api.Case> op) {
    Future.fromCompletionStage(op)
        .onSuccess(
            c -> {
              ctx.response().setStatusCode(201);
              ctx.json(CaseJson.caseOf(c));
            })
        .onFailure(e -> failure(ctx, e));
  }

  static void failure(RoutingContext ctx, Throwable failure) {
    HttpErrors.fail(ctx, failure);
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    HttpErrors.error(ctx, status, code, message);
  }
}
