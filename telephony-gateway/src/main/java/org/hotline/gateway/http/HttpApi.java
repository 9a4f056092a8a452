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
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.seat.api.SeatManagerUnavailableException;
import org.hotline.support.async.AsyncFailures;

/**
 * REST for agents' desktops and supervisors, plus health and metrics. Every failure is answered by
 * {@link HttpErrors}: refusals 409 (404 for unknown names) with the pinned error code, a broken
 * body 400, an oversized one 413, a store that cannot be reached 503.
 */
public final class HttpApi {

  private static final long MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final Switchboard switchboard;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier exchangesUp;
  private final Optional<Supplier<CompletionStage<Boolean>>> databaseUp;
  private final Router router;
  private HttpServer server;

  public HttpApi(
      Vertx vertx,
      Switchboard switchboard,
      PrometheusMeterRegistry metrics,
      BooleanSupplier exchangesUp,
      Optional<Supplier<CompletionStage<Boolean>>> databaseUp) {
    this.vertx = vertx;
    this.databaseUp = databaseUp;
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
    router.route().handler(HttpApi::securityHeaders);
    router.route().handler(HttpApi::onlyJsonBodies);
    // no uploads: a multipart POST must leave nothing on disk
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.route().failureHandler(HttpApi::failed);
    router.get("/health").handler(this::health);
    router.route("/wallboard/*").handler(HttpApi::plainStaticPath);
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

  /**
   * On every answer: pages run only their own scripts and styles (no inline code, so text that
   * slipped into markup cannot run), are never framed, and are not sniffed into another type.
   */
  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
                + " form-action 'self'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  /**
   * Every route takes JSON or nothing. A request that changes something must say {@code
   * application/json}: a page elsewhere can make a browser send a form or {@code text/plain} POST
   * without asking, never a JSON one (the signed dispatch updates are exempt: their signature is
   * their proof). A form or multipart body is refused on any method, before the body handler would
   * decode it (it threw on a GET, and stored uploads).
   */
  private static void onlyJsonBodies(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    String media =
        type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    boolean changes =
        switch (ctx.request().method().name()) {
          case "POST", "PUT", "PATCH", "DELETE" -> true;
          default -> false;
        };
    boolean form =
        media.startsWith("multipart/") || media.equals("application/x-www-form-urlencoded");
    boolean signed = ctx.request().path().equals("/api/dispatch/status");
    if (form || (changes && !signed && !media.equals("application/json"))) {
      error(
          ctx,
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "requests that change something are application/json");
      return;
    }
    ctx.next();
  }

  /**
   * Static files are named plainly: an encoded dot, slash or backslash, or a "..", is a 404 before
   * the static handler sees it (it threw on some of them, a 500).
   */
  private static void plainStaticPath(RoutingContext ctx) {
    String raw = ctx.request().path().toLowerCase(java.util.Locale.ROOT);
    if (raw.contains("%2e")
        || raw.contains("%2f")
        || raw.contains("%5c")
        || raw.contains("\\")
        || raw.contains("..")) {
      error(ctx, 404, "NOT_FOUND", "no such file");
      return;
    }
    ctx.next();
  }

  /** A failure no route answered: an oversized body (413), a malformed request, or a bug. */
  private static void failed(RoutingContext ctx) {
    if (ctx.failure() != null) {
      HttpErrors.fail(ctx, ctx.failure());
    } else if (ctx.statusCode() == 413) {
      error(ctx, 413, "BODY_TOO_LARGE", "the body is larger than " + MAX_BODY + " bytes");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      error(ctx, ctx.statusCode(), "BAD_REQUEST", "the request was refused");
    } else {
      error(ctx, 500, "INTERNAL", "internal error");
    }
  }

  /** Every dependency, each asked now: Redis (the seat manager), PostgreSQL, the exchanges. */
  private void health(RoutingContext ctx) {
    boolean asterisk = exchangesUp.getAsBoolean();
    Future<Boolean> redis =
        Future.fromCompletionStage(
                switchboard.seats().status("health-probe"), vertx.getOrCreateContext())
            .map(s -> true)
            // a refusal (no such agent) is an answer from Redis; only unavailability is down
            .recover(
                e ->
                    Future.succeededFuture(
                        !(AsyncFailures.cause(e) instanceof SeatManagerUnavailableException)));
    Future<Boolean> database =
        databaseUp
            .map(up -> Future.fromCompletionStage(up.get(), vertx.getOrCreateContext()))
            .orElse(Future.succeededFuture(true))
            .recover(e -> Future.succeededFuture(false));
    Future.join(redis, database)
        .onComplete(
            r -> {
              boolean redisUp = redis.succeeded() && redis.result();
              boolean databaseOk = database.succeeded() && database.result();
              boolean up = redisUp && databaseOk && asterisk;
              JsonObject json =
                  new JsonObject()
                      .put("status", up ? "UP" : "DOWN")
                      .put("redis", redisUp)
                      .put("asterisk", asterisk);
              if (databaseUp.isPresent()) {
                json.put("postgresql", databaseOk);
              }
              ctx.response().setStatusCode(up ? 200 : 503);
              ctx.json(json);
            });
  }

  /** The body as a JSON object, or a 400 already sent. */
  private static Optional<JsonObject> body(RoutingContext ctx) {
    io.vertx.core.buffer.Buffer raw = ctx.body().buffer();
    if (raw == null || raw.length() == 0) {
      return Optional.of(new JsonObject());
    }
    try {
      // Buffer.toJson() in Vert.x 5 gives a JSON value of the bytes (a Base64 string), not the
      // document they hold: decode the text
      Object parsed = io.vertx.core.json.Json.decodeValue(raw);
      if (parsed instanceof JsonObject json) {
        return Optional.of(json);
      }
      error(ctx, 400, "INVALID_JSON", "the body must be a JSON object");
    } catch (DecodeException e) {
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
    HttpErrors.fail(ctx, e);
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    HttpErrors.error(ctx, status, code, message);
  }
}
