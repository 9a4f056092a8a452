package org.hotline.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.api.SeatManagerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST for agents' desktops and supervisors, plus health and metrics. Domain refusals are 409 (404
 * for unknown names) with the pinned error code; a broken body is 400; Redis unreachable is 503.
 */
public final class HttpApi {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final long MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final Switchboard switchboard;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier exchangesUp;
  private final Router router;
  private HttpServer server;

  public HttpApi(
      Vertx vertx,
      Switchboard switchboard,
      PrometheusMeterRegistry metrics,
      BooleanSupplier exchangesUp) {
    this.vertx = vertx;
    this.switchboard = switchboard;
    this.metrics = metrics;
    this.exchangesUp = exchangesUp;
    this.router = Router.router(vertx);
    routes();
  }

  /** For other parts (the case bridge) to add their endpoints. */
  public Router router() {
    return router;
  }

  public Future<HttpServer> listen(String host, int port) {
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void routes() {
    router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY));
    router.get("/health").handler(this::health);
    router.route("/wallboard/*").handler(StaticHandler.create("webroot/wallboard"));
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4")
                    .end(metrics.scrape()));
    router
        .get("/api/statistics")
        .handler(
            ctx ->
                reply(
                    ctx,
                    switchboard.seats().statistics(),
                    s -> Json.statistics(s, switchboard.seatConfig())));
    router
        .get("/api/agents/:agent")
        .handler(
            ctx -> reply(ctx, switchboard.seats().status(ctx.pathParam("agent")), Json::status));
    router
        .post("/api/agents/:agent/login")
        .handler(
            ctx ->
                body(ctx)
                    .ifPresent(
                        body ->
                            decide(
                                ctx,
                                switchboard
                                    .seats()
                                    .login(
                                        ctx.pathParam("agent"),
                                        body.getString("seat", ""),
                                        Optional.ofNullable(body.getString("pauseReason"))))));
    router
        .post("/api/agents/:agent/logout")
        .handler(ctx -> decide(ctx, switchboard.seats().logout(ctx.pathParam("agent"))));
    router
        .post("/api/agents/:agent/pause")
        .handler(
            ctx ->
                body(ctx)
                    .ifPresent(
                        body ->
                            decide(
                                ctx,
                                switchboard
                                    .seats()
                                    .pause(ctx.pathParam("agent"), body.getString("reason", "")))));
    router
        .post("/api/agents/:agent/ready")
        .handler(ctx -> decide(ctx, switchboard.seats().ready(ctx.pathParam("agent"))));
    router
        .post("/api/agents/:agent/wrap-up-done")
        .handler(ctx -> decide(ctx, switchboard.seats().finishWrapUp(ctx.pathParam("agent"))));
    router
        .get("/api/calls/:call")
        .handler(
            ctx ->
                Future.fromCompletionStage(
                        switchboard.seats().call(ctx.pathParam("call")), vertx.getOrCreateContext())
                    .onSuccess(
                        view -> {
                          if (view.isEmpty()) {
                            error(ctx, 404, "CALL_UNKNOWN", "no such call");
                          } else {
                            ctx.json(Json.call(view.get()));
                          }
                        })
                    .onFailure(e -> failure(ctx, e)));
    router
        .post("/api/calls/:call/offer")
        .handler(
            ctx ->
                body(ctx)
                    .ifPresent(
                        body ->
                            decide(
                                ctx,
                                switchboard
                                    .seats()
                                    .offerTo(ctx.pathParam("call"), body.getString("agent", "")))));
  }

  private void health(RoutingContext ctx) {
    boolean asterisk = exchangesUp.getAsBoolean();
    Future.fromCompletionStage(
            switchboard.seats().status("health-probe"), vertx.getOrCreateContext())
        .map(s -> true)
        .recover(e -> Future.succeededFuture(!(e instanceof SeatManagerUnavailableException)))
        .onComplete(
            r -> {
              boolean redis = r.succeeded() && r.result();
              JsonObject json =
                  new JsonObject()
                      .put("status", redis && asterisk ? "UP" : "DOWN")
                      .put("redis", redis)
                      .put("asterisk", asterisk);
              ctx.response().setStatusCode(redis && asterisk ? 200 : 503);
              ctx.json(json);
            });
  }

  /** The body as a JSON object, or a 400 already sent. */
  private static Optional<JsonObject> body(RoutingContext ctx) {
    try {
      io.vertx.core.buffer.Buffer raw = ctx.body().buffer();
      if (raw == null || raw.length() == 0) {
        return Optional.of(new JsonObject());
      }
      Object parsed = raw.toJson();
      if (parsed instanceof JsonObject json) {
        return Optional.of(json);
      }
      error(ctx, 400, "INVALID_JSON", "the body must be a JSON object");
    } catch (DecodeException | ClassCastException e) {
      error(ctx, 400, "INVALID_JSON", "the body is not valid JSON");
    }
    return Optional.empty();
  }

  private void decide(
      RoutingContext ctx, java.util.concurrent.CompletionStage<org.hotline.seat.api.Decision> op) {
    switchboard.run(op).onSuccess(d -> ctx.json(Json.decision(d))).onFailure(e -> failure(ctx, e));
  }

  private <T> void reply(
      RoutingContext ctx,
      java.util.concurrent.CompletionStage<T> op,
      Function<T, JsonObject> render) {
    Future.fromCompletionStage(op, vertx.getOrCreateContext())
        .onSuccess(v -> ctx.json(render.apply(v)))
        .onFailure(e -> failure(ctx, e));
  }

  private static void failure(RoutingContext ctx, Throwable e) {
    if (e instanceof SeatManagerException refused) {
      int status =
          refused.code() == ErrorCode.AGENT_UNKNOWN || refused.code() == ErrorCode.CALL_UNKNOWN
              ? 404
              : 409;
      error(ctx, status, refused.code().name(), refused.code().description());
    } else if (e instanceof SeatManagerUnavailableException) {
      error(ctx, 503, "UNAVAILABLE", "the seat manager's store is unreachable; try again");
    } else if (e instanceof IllegalArgumentException) {
      error(ctx, 400, "INVALID_ARGUMENT", e.getMessage());
    } else {
      LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), e);
      error(ctx, 500, "INTERNAL", "internal error");
    }
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status);
      ctx.json(new JsonObject().put("error", code).put("message", message));
    }
  }
}
