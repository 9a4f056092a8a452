package org.hotline.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Ownership;
import org.hotline.gateway.access.Principal;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.seat.api.SeatManagerUnavailableException;
import org.hotline.staff.directory.StaffRole;
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
  private final Access access;
  private final Auditor auditor;
  private final Router router;
  private volatile BiPredicate<String, String> officialSeats = (official, seat) -> true;
  private HttpServer server;

  public HttpApi(
      Vertx vertx,
      Switchboard switchboard,
      PrometheusMeterRegistry metrics,
      BooleanSupplier exchangesUp,
      Optional<Supplier<CompletionStage<Boolean>>> databaseUp,
      Access access,
      Auditor auditor,
      String csrfSecret) {
    this.vertx = vertx;
    this.databaseUp = databaseUp;
    this.switchboard = switchboard;
    this.metrics = metrics;
    this.exchangesUp = exchangesUp;
    this.access = access;
    this.auditor = auditor;
    this.router = Router.router(vertx);
    routes(csrfSecret);
  }

  /** For other parts (the case bridge, the directory) to add their endpoints. */
  public Router router() {
    return router;
  }

  public Access access() {
    return access;
  }

  /** Listens; refuses to when a route was added without an access rule. */
  public Future<HttpServer> listen(String host, int port) {
    try {
      Access.requireRules(router);
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** Where a WebSocket upgrade request arrived: its handshake is answered there. */
  public static final String UPGRADE_CONTEXT = "hotline.upgradeContext";

  private void routes(String csrfSecret) {
    Access.everyRequest(router.route()).handler(HttpApi::securityHeaders);
    Access.everyRequest(router.route()).handler(HttpApi::onlyJsonBodies);
    // no uploads: a multipart POST must leave nothing on disk
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    Access.everyRequest(router.route())
        .handler(
            ctx -> {
              // a WebSocket handshake has no body, and reading one would spoil the upgrade; held
              // unread until the route (after its asynchronous session check) takes it over
              if ("websocket".equalsIgnoreCase(ctx.request().getHeader("upgrade"))) {
                ctx.request().pause();
                // the handshake must be answered on the connection's own event loop, which the
                // session check (answered on the gateway's context) may have left
                ctx.put(UPGRADE_CONTEXT, io.vertx.core.Vertx.currentContext());
                ctx.next();
              } else {
                bodies.handle(ctx);
              }
            });
    Access.everyRequest(router.route()).failureHandler(HttpApi::failed);
    access.protectFromCsrf(vertx, router, csrfSecret);
    access.route(router, HttpMethod.GET, "/health", Rule.anyone()).handler(this::health);
    access
        .route(router, null, "/wallboard/*", Rule.anyone())
        .handler(HttpApi::plainStaticPath)
        .handler(StaticHandler.create("webroot/wallboard"));
    // front-end libraries from WebJars (ECharts), read-only files of the classpath
    access
        .route(router, HttpMethod.GET, "/webjars/*", Rule.anyone())
        .handler(HttpApi::plainStaticPath)
        .handler(StaticHandler.create("META-INF/resources/webjars"));
    access
        .route(router, null, "/desktop/*", Rule.anyone())
        .handler(HttpApi::plainStaticPath)
        .handler(StaticHandler.create("webroot/desktop"));
    access
        .route(router, null, "/reports/*", Rule.anyone())
        .handler(HttpApi::plainStaticPath)
        .handler(StaticHandler.create("webroot/reports"));
    // a visiting official's sign-in by code, and the supervisors' guest sessions
    access
        .route(router, null, "/guest/*", Rule.anyone())
        .handler(HttpApi::plainStaticPath)
        .handler(StaticHandler.create("webroot/guest"));
    access
        .route(router, null, "/guests/*", Rule.anyone())
        .handler(HttpApi::plainStaticPath)
        .handler(StaticHandler.create("webroot/guests"));
    access
        .route(router, null, "/signin/*", Rule.anyone())
        .handler(HttpApi::plainStaticPath)
        .handler(StaticHandler.create("webroot/signin"));
    access
        .route(router, HttpMethod.GET, "/metrics", Rule.metricsToken())
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4")
                    .end(metrics.scrape()));
    access
        .route(
            router,
            HttpMethod.GET,
            "/api/statistics",
            Rule.roles(StaffRole.SUPERVISOR, StaffRole.MANAGER))
        .handler(
            ctx ->
                reply(
                    ctx,
                    switchboard.seats().statistics(),
                    s -> Json.statistics(s, switchboard.seatConfig())));
    Rule seated = Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR);
    Rule seatedOrManager =
        Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR, StaffRole.MANAGER);
    access
        .route(router, HttpMethod.GET, "/api/agents/:agent", seatedOrManager)
        .handler(
            ctx -> {
              String agent = ctx.pathParam("agent");
              if (Ownership.selfOr(ctx, agent, StaffRole.SUPERVISOR, StaffRole.MANAGER)) {
                reply(ctx, switchboard.seats().status(agent), Json::status);
              }
            });
    access
        .route(router, HttpMethod.POST, "/api/agents/:agent/login", seated)
        .handler(
            ctx ->
                JsonBodies.object(ctx)
                    .filter(body -> officialAtOwnSeat(ctx, JsonBodies.text(body, "seat")))
                    .ifPresent(
                        body ->
                            statusChange(
                                ctx,
                                "login",
                                Map.of("seat", JsonBodies.text(body, "seat")),
                                agent ->
                                    switchboard
                                        .seats()
                                        .login(
                                            agent,
                                            JsonBodies.text(body, "seat"),
                                            JsonBodies.optionalText(body, "pauseReason")))));
    access
        .route(router, HttpMethod.POST, "/api/agents/:agent/logout", seated)
        .handler(ctx -> statusChange(ctx, "logout", Map.of(), switchboard.seats()::logout));
    access
        .route(router, HttpMethod.POST, "/api/agents/:agent/pause", seated)
        .handler(
            ctx ->
                JsonBodies.object(ctx)
                    .ifPresent(
                        body ->
                            statusChange(
                                ctx,
                                "pause",
                                Map.of("reason", JsonBodies.text(body, "reason")),
                                agent ->
                                    switchboard
                                        .seats()
                                        .pause(agent, JsonBodies.text(body, "reason")))));
    access
        .route(router, HttpMethod.POST, "/api/agents/:agent/ready", seated)
        .handler(ctx -> statusChange(ctx, "ready", Map.of(), switchboard.seats()::ready));
    access
        .route(router, HttpMethod.POST, "/api/agents/:agent/wrap-up-done", seated)
        .handler(
            ctx -> statusChange(ctx, "wrap-up-done", Map.of(), switchboard.seats()::finishWrapUp));
    access
        .route(router, HttpMethod.GET, "/api/calls/:call", seatedOrManager)
        .handler(
            ctx ->
                Ownership.call(
                        ctx,
                        switchboard.seats(),
                        switchboard.context(),
                        ctx.pathParam("call"),
                        StaffRole.MANAGER)
                    .onSuccess(v -> ctx.json(Json.call(v)))
                    .onFailure(e -> failure(ctx, e)));
    access
        .route(router, HttpMethod.POST, "/api/calls/:call/offer", Rule.roles(StaffRole.SUPERVISOR))
        .handler(
            ctx ->
                JsonBodies.object(ctx)
                    .ifPresent(
                        body -> {
                          String call = ctx.pathParam("call");
                          String agent = JsonBodies.text(body, "agent");
                          auditor
                              .record(ctx, "call.offer", call, Map.of("agent", agent))
                              .compose(
                                  v -> switchboard.run(switchboard.seats().offerTo(call, agent)))
                              .onSuccess(d -> ctx.json(Json.decision(d)))
                              .onFailure(e -> failure(ctx, e));
                        }));
  }

  /**
   * Which seat a visiting official may sign in at: the one of their guest session, inside its
   * window. Everyone else sits where they like.
   */
  public void officialSeats(BiPredicate<String, String> allowed) {
    this.officialSeats = allowed;
  }

  private boolean officialAtOwnSeat(RoutingContext ctx, String seat) {
    Principal p = Access.principal(ctx);
    if (!p.has(StaffRole.OFFICIAL) || p.has(StaffRole.SUPERVISOR)) {
      return true;
    }
    if (officialSeats.test(p.staffId(), seat)) {
      return true;
    }
    HttpErrors.error(
        ctx,
        403,
        "FORBIDDEN",
        "a visiting official sits at the seat of their session, in its time");
    return false;
  }

  /**
   * A change of an agent's status: by the agent, or by a supervisor for them (audited, with who and
   * from where, before it is made).
   */
  private void statusChange(
      RoutingContext ctx,
      String what,
      Map<String, String> detail,
      Function<String, CompletionStage<org.hotline.seat.api.Decision>> op) {
    String agent = ctx.pathParam("agent");
    if (!Ownership.selfOr(ctx, agent, StaffRole.SUPERVISOR)) {
      return;
    }
    boolean forSomeoneElse = !Access.principal(ctx).staffId().equals(agent);
    Future<Void> audited =
        forSomeoneElse
            ? auditor.record(ctx, "agent." + what, agent, detail)
            : Future.succeededFuture();
    audited
        .compose(v -> switchboard.run(op.apply(agent)))
        .onSuccess(d -> ctx.json(Json.decision(d)))
        .onFailure(e -> failure(ctx, e));
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
   * Every route takes JSON or nothing. A request that changes something and has a body must say
   * {@code application/json}: a page elsewhere can make a browser send a form or {@code text/plain}
   * POST without asking, never a JSON one (the signed dispatch updates are exempt: their signature
   * is their proof). A form or multipart body is refused on any method, before the body handler
   * would decode it (it threw on a GET, and stored uploads).
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
    String path = ctx.request().path();
    boolean signed = path.equals("/api/dispatch/status");
    // a spreadsheet's CSV: no browser sends text/csv across sites without asking first
    boolean csvImport = path.equals("/api/staff/import") && media.equals("text/csv");
    String length = ctx.request().getHeader("content-length");
    boolean bodiless =
        type == null
            && (length == null || length.equals("0"))
            && ctx.request().getHeader("transfer-encoding") == null;
    if (form
        || (changes && !signed && !csvImport && !bodiless && !media.equals("application/json"))) {
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

  /**
   * A failure no route answered: a missing or wrong CSRF token (403), an oversized body (413), a
   * malformed request, or a bug.
   */
  private static void failed(RoutingContext ctx) {
    if (ctx.statusCode() == 403) {
      // only Vert.x's CSRF handler fails a request with 403
      error(
          ctx, 403, "CSRF_TOKEN_INVALID", "echo the XSRF-TOKEN cookie in the X-XSRF-TOKEN header");
    } else if (ctx.failure() != null && ctx.statusCode() != 413) {
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
