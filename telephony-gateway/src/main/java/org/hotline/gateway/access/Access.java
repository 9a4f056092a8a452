package org.hotline.gateway.access;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSRFHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.hotline.gateway.http.HttpErrors;

/**
 * Every route's access rule, checked on the server before the route runs: the session from its
 * cookie, the roles it holds, Prometheus's token. Routes are added only through {@link #route},
 * which records the rule on the route (a test walks them all); a route added to the router some
 * other way stops the gateway from starting ({@link #requireRules}).
 */
public final class Access {

  public static final String RULE = "hotline.access";
  public static final String COOKIE = "hotline_session";
  public static final String CSRF_HEADER = "X-XSRF-TOKEN";
  private static final String PRINCIPAL = "hotline.principal";
  private static final String SESSION = "hotline.session";
  private static final String EVERY_REQUEST = "every-request";

  private final Sessions sessions;
  private final AccessSettings settings;
  private final Context context;

  public Access(Sessions sessions, AccessSettings settings, Context context) {
    this.sessions = sessions;
    this.settings = settings;
    this.context = context;
  }

  public Sessions sessions() {
    return sessions;
  }

  public AccessSettings settings() {
    return settings;
  }

  /**
   * A route with its rule: the rule is checked first, then {@code handler}s run. A null method is
   * any method (static files).
   */
  public Route route(Router router, HttpMethod method, String path, Rule rule) {
    Route route = method == null ? router.route(path) : router.route(method, path);
    return route.putMetadata(RULE, rule).handler(ctx -> check(ctx, rule));
  }

  /**
   * CSRF protection on every API route but the signed dispatch updates: Vert.x Web's double-submit
   * cookie ({@code XSRF-TOKEN}, echoed in {@value #CSRF_HEADER}), signed with a secret every
   * instance shares. Together with the session cookie's SameSite=Strict and the JSON-only rule,
   * another site cannot make a signed-in browser change anything.
   */
  public void protectFromCsrf(Vertx vertx, Router router, String secret) {
    CSRFHandler csrf =
        CSRFHandler.create(vertx, secret)
            .setTimeout(settings.sessionAbsolute().toMillis())
            .setHeaderName(CSRF_HEADER);
    everyRequest(router.route("/api/*"))
        .handler(
            ctx -> {
              if (ctx.request().path().equals("/api/dispatch/status")) {
                ctx.next();
              } else {
                csrf.handle(ctx);
              }
            });
  }

  /** Marks a handler that runs before every route (headers, body limits): not a route itself. */
  public static Route everyRequest(Route route) {
    return route.putMetadata(RULE, EVERY_REQUEST);
  }

  /**
   * Refuses to serve a router holding a route added without a rule: the gateway does not start
   * rather than answer someone it should not.
   */
  public static void requireRules(Router router) {
    for (Route r : router.getRoutes()) {
      if (r.getMetadata(RULE) == null) {
        throw new IllegalStateException(
            "HTTP route without an access rule: " + r.methods() + " " + r.getPath());
      }
    }
  }

  /** The person making the request; only after a rule that needs a session. */
  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw AccessRefused.notSignedIn();
    }
    return p;
  }

  public static Optional<Sessions.Session> session(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(SESSION));
  }

  /** Where the request came from (the socket's peer: proxies' headers are not trusted). */
  public static String address(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
  }

  public void setSessionCookie(RoutingContext ctx, String id) {
    ctx.response().addCookie(cookie(ctx, id));
  }

  public void clearSessionCookie(RoutingContext ctx) {
    ctx.response().addCookie(cookie(ctx, "").setMaxAge(0));
  }

  /** The session id the browser sent, if any. */
  public static Optional<String> sessionId(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    return c == null ? Optional.empty() : Optional.of(c.getValue());
  }

  private Cookie cookie(RoutingContext ctx, String value) {
    return Cookie.cookie(COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(settings.secureCookies() || ctx.request().isSSL());
  }

  private void check(RoutingContext ctx, Rule rule) {
    switch (rule.kind()) {
      case ANYONE, SIGNED_REQUEST -> ctx.next();
      case METRICS_TOKEN -> checkToken(ctx);
      case SIGNED_IN, ROLES -> checkSession(ctx, rule);
    }
  }

  private void checkToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (settings.metricsToken().isEmpty()) {
      HttpErrors.error(
          ctx, 403, "FORBIDDEN", "metrics need a token: set " + AccessSettings.METRICS_TOKEN_ENV);
      return;
    }
    if (header == null || !header.startsWith("Bearer ")) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      HttpErrors.error(ctx, 401, "TOKEN_REQUIRED", "present the metrics token");
      return;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    byte[] expected = settings.metricsToken().get().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, expected)) {
      HttpErrors.error(ctx, 403, "FORBIDDEN", "wrong metrics token");
      return;
    }
    ctx.next();
  }

  private void checkSession(RoutingContext ctx, Rule rule) {
    Optional<String> id = sessionId(ctx);
    if (id.isEmpty()) {
      HttpErrors.fail(ctx, AccessRefused.notSignedIn());
      return;
    }
    Future.fromCompletionStage(sessions.find(id.get()), context)
        .onFailure(e -> HttpErrors.fail(ctx, e))
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                clearSessionCookie(ctx);
                HttpErrors.fail(ctx, AccessRefused.notSignedIn());
                return;
              }
              Principal p = found.get().principal(address(ctx));
              if (p.mustChangePassword() && !rule.duringPasswordChange()) {
                HttpErrors.fail(ctx, AccessRefused.passwordChangeRequired());
                return;
              }
              if (rule.kind() == Rule.Kind.ROLES && !p.hasAny(rule.roles())) {
                HttpErrors.fail(ctx, AccessRefused.forbidden("not for your role"));
                return;
              }
              ctx.put(PRINCIPAL, p);
              ctx.put(SESSION, found.get());
              ctx.next();
            });
  }
}
