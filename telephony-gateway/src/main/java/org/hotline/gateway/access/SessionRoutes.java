package org.hotline.gateway.access;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.JsonBodies;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffRole;

/**
 * Signing in and out:
 *
 * <ul>
 *   <li>{@code POST /api/session} {@code {"username", "password"}}: a new session (its id is always
 *       new: a session id planted before sign-in is worthless), or 401, or 429 while throttled
 *   <li>{@code GET /api/session}: who is signed in, and the CSRF token to echo
 *   <li>{@code DELETE /api/session}: signs out
 *   <li>{@code POST /api/session/password} {@code {"current", "new"}}: one's own password; every
 *       other session of the person ends
 * </ul>
 */
public final class SessionRoutes {

  private final Access access;
  private final Optional<StaffDirectory> staff;
  private final SignInThrottle throttle;
  private final Auditor auditor;
  private final Context context;

  public SessionRoutes(
      Access access,
      Optional<StaffDirectory> staff,
      SignInThrottle throttle,
      Auditor auditor,
      Context context) {
    this.access = access;
    this.staff = staff;
    this.throttle = throttle;
    this.auditor = auditor;
    this.context = context;
  }

  public void addTo(Router router) {
    access.route(router, HttpMethod.POST, "/api/session", Rule.anyone()).handler(this::signIn);
    access
        .route(router, HttpMethod.GET, "/api/session", Rule.signedInChangingPassword())
        .handler(ctx -> ctx.json(me(ctx, Access.principal(ctx))));
    access
        .route(router, HttpMethod.DELETE, "/api/session", Rule.signedInChangingPassword())
        .handler(this::signOut);
    access
        .route(router, HttpMethod.POST, "/api/session/password", Rule.signedInChangingPassword())
        .handler(this::changePassword);
  }

  private void signIn(RoutingContext ctx) {
    Optional<JsonObject> body = JsonBodies.object(ctx);
    if (body.isEmpty()) {
      return;
    }
    String username = body.get().getValue("username") instanceof String u ? u.strip() : "";
    String password = body.get().getValue("password") instanceof String p ? p : "";
    if (username.isEmpty() || password.isEmpty()) {
      HttpErrors.error(ctx, 400, "INVALID_ARGUMENT", "username and password are required");
      return;
    }
    String address = Access.address(ctx);
    // a session the browser already had ends here: the signed-in one always has a fresh id
    Future<Void> previous =
        Access.sessionId(ctx)
            .map(
                id ->
                    Future.fromCompletionStage(access.sessions().find(id), context)
                        .compose(
                            s ->
                                s.isPresent()
                                    ? Future.fromCompletionStage(
                                        access.sessions().end(s.get()), context)
                                    : Future.<Void>succeededFuture()))
            .orElse(Future.succeededFuture());
    previous
        .compose(v -> Future.fromCompletionStage(throttle.wait(username, address), context))
        .compose(
            wait -> {
              if (wait.isPresent()) {
                return auditor
                    .recordAs(username, ctx, "sign-in", username, "throttled", Map.of())
                    .onComplete(r -> throttled(ctx, wait.get()));
              }
              return verify(username, password)
                  .compose(
                      member ->
                          member.isEmpty()
                              ? refuse(ctx, username, address)
                              : open(ctx, member.get(), address));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private Future<Optional<StaffMember>> verify(String username, String password) {
    if (staff.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return Future.fromCompletionStage(staff.get().verify(username, password), context);
  }

  private Future<Void> refuse(RoutingContext ctx, String username, String address) {
    return Future.fromCompletionStage(throttle.failed(username, address), context)
        .compose(v -> auditor.recordAs(username, ctx, "sign-in", username, "refused", Map.of()))
        .onSuccess(
            v ->
                HttpErrors.error(
                    ctx, 401, "SIGN_IN_FAILED", "unknown user, wrong password or deactivated"));
  }

  /**
   * Opens the session, then reads the person again: a deactivation or role change that committed
   * meanwhile either sees this session (and ends it) or is seen here (and the session ends).
   */
  private Future<Void> open(RoutingContext ctx, StaffMember member, String address) {
    return Future.fromCompletionStage(access.sessions().create(member, address), context)
        .compose(
            ticket ->
                Future.fromCompletionStage(staff.orElseThrow().find(member.id()), context)
                    .compose(
                        again -> {
                          boolean same =
                              again.isPresent()
                                  && again.get().active()
                                  && again.get().profile().roles().equals(member.profile().roles());
                          if (!same) {
                            return Future.fromCompletionStage(
                                    access.sessions().end(ticket.session()), context)
                                .compose(v -> refuse(ctx, member.id(), address));
                          }
                          return Future.fromCompletionStage(
                                  throttle.succeeded(member.id()), context)
                              .compose(
                                  v ->
                                      auditor.recordAs(
                                          member.id(), ctx, "sign-in", member.id(), "ok", Map.of()))
                              .onSuccess(
                                  v -> {
                                    access.setSessionCookie(ctx, ticket.id());
                                    ctx.json(me(ctx, ticket.session().principal(address)));
                                  });
                        }));
  }

  private void signOut(RoutingContext ctx) {
    Sessions.Session s = Access.session(ctx).orElseThrow();
    Future.fromCompletionStage(access.sessions().end(s), context)
        .compose(v -> auditor.record(ctx, "sign-out", s.staffId(), Map.of()))
        .onFailure(e -> HttpErrors.fail(ctx, e))
        .onSuccess(
            v -> {
              access.clearSessionCookie(ctx);
              ctx.response().setStatusCode(204).end();
            });
  }

  private void changePassword(RoutingContext ctx) {
    Optional<JsonObject> body = JsonBodies.object(ctx);
    if (body.isEmpty()) {
      return;
    }
    Principal me = Access.principal(ctx);
    Sessions.Session session = Access.session(ctx).orElseThrow();
    String current = body.get().getValue("current") instanceof String c ? c : "";
    String next = body.get().getValue("new") instanceof String n ? n : "";
    String address = Access.address(ctx);
    Future.fromCompletionStage(throttle.wait(me.staffId(), address), context)
        .compose(
            wait -> {
              if (wait.isPresent()) {
                throttled(ctx, wait.get());
                return Future.succeededFuture();
              }
              return verify(me.staffId(), current)
                  .compose(
                      ok -> {
                        if (ok.isEmpty()) {
                          return Future.fromCompletionStage(
                                  throttle.failed(me.staffId(), address), context)
                              .compose(
                                  v ->
                                      auditor.recordAs(
                                          me.staffId(),
                                          ctx,
                                          "password.change",
                                          me.staffId(),
                                          "wrong-current-password",
                                          Map.of()))
                              .onSuccess(
                                  v ->
                                      HttpErrors.error(
                                          ctx,
                                          403,
                                          "WRONG_PASSWORD",
                                          "the current password is not right"));
                        }
                        return Future.fromCompletionStage(
                                staff.orElseThrow().setPassword(me.staffId(), next, false), context)
                            .compose(
                                m ->
                                    Future.fromCompletionStage(
                                        access
                                            .sessions()
                                            .endAll(me.staffId(), Optional.of(session)),
                                        context))
                            .compose(
                                n ->
                                    Future.fromCompletionStage(
                                        access.sessions().passwordChanged(session), context))
                            .compose(
                                v -> auditor.record(ctx, "password.change", me.staffId(), Map.of()))
                            .onSuccess(v -> ctx.response().setStatusCode(204).end());
                      });
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private static void throttled(RoutingContext ctx, Duration wait) {
    ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
    HttpErrors.error(ctx, 429, "SIGN_IN_THROTTLED", "too many failed sign-ins; try again later");
  }

  /** Who is signed in, as the pages read it. */
  public static JsonObject me(RoutingContext ctx, Principal p) {
    JsonArray roles = new JsonArray();
    p.roles().stream().map(StaffRole::code).sorted().forEach(roles::add);
    String csrf = ctx.get(Access.CSRF_HEADER);
    return new JsonObject()
        .put("staffId", p.staffId())
        .put("name", p.name())
        .put("roles", roles)
        .put("mustChangePassword", p.mustChangePassword())
        .put("csrfToken", csrf);
  }
}
