package org.hotline.gateway.monitor;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.JsonBodies;
import org.hotline.staff.directory.StaffRole;

/**
 * Supervisors on the line, from the wallboard's seat detail:
 *
 * <ul>
 *   <li>{@code POST /api/seats/{seat}/monitor} {@code {"mode": "listen"|"whisper"|"barge"}}: the
 *       supervisor's own seat phone rings and, once answered, joins that seat's call; supervisors
 *       only, each use audited (seat.monitor, then seat.monitor.end with how long);
 *   <li>{@code POST /api/monitor/{id}/stop}: the supervisor who started it leaves;
 *   <li>{@code GET /api/monitor}: the sessions not yet ended (for the wallboard), and {@code GET
 *       /api/monitor/{id}}: one session, ended or not; supervisors and managers.
 * </ul>
 */
public final class MonitorRoutes {

  private final Monitors monitors;
  private final Access access;

  public MonitorRoutes(Monitors monitors, Access access) {
    this.monitors = monitors;
    this.access = access;
  }

  public void addTo(Router router) {
    Rule supervisors = Rule.roles(StaffRole.SUPERVISOR);
    Rule watchers = Rule.roles(StaffRole.SUPERVISOR, StaffRole.MANAGER);
    access
        .route(router, HttpMethod.POST, "/api/seats/:seat/monitor", supervisors)
        .handler(ctx -> JsonBodies.object(ctx).ifPresent(body -> start(ctx, body)));
    access.route(router, HttpMethod.POST, "/api/monitor/:id/stop", supervisors).handler(this::stop);
    access.route(router, HttpMethod.GET, "/api/monitor", watchers).handler(this::list);
    access.route(router, HttpMethod.GET, "/api/monitor/:id", watchers).handler(this::one);
  }

  private void start(RoutingContext ctx, JsonObject body) {
    Optional<MonitorMode> mode = JsonBodies.optionalText(body, "mode").flatMap(MonitorMode::parse);
    if (mode.isEmpty()) {
      HttpErrors.error(ctx, 400, "INVALID_ARGUMENT", "\"mode\" is one of listen, whisper, barge");
      return;
    }
    monitors
        .start(
            Access.principal(ctx).staffId(), Access.address(ctx), ctx.pathParam("seat"), mode.get())
        .onSuccess(s -> ctx.json(json(s)))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void stop(RoutingContext ctx) {
    monitors
        .stop(ctx.pathParam("id"), Access.principal(ctx).staffId())
        .onSuccess(s -> ctx.json(json(s)))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void list(RoutingContext ctx) {
    monitors
        .active()
        .onSuccess(
            all -> {
              JsonArray out = new JsonArray();
              all.forEach(s -> out.add(json(s)));
              ctx.json(new JsonObject().put("sessions", out));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void one(RoutingContext ctx) {
    monitors
        .session(ctx.pathParam("id"))
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    s -> ctx.json(json(s)),
                    () -> HttpErrors.error(ctx, 404, "MONITOR_UNKNOWN", "no such session")))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  static JsonObject json(MonitorSession s) {
    return new JsonObject()
        .put("id", s.id())
        .put("supervisor", s.supervisor())
        .put("supervisorSeat", s.supervisorSeat())
        .put("seat", s.seat())
        .put("agent", s.agent())
        .put("call", s.callId())
        .put("mode", s.mode().code())
        .put("state", s.state().code())
        .put("requestedAt", s.requestedAt().toString())
        .put("startedAt", s.startedAt().map(Instant::toString).orElse(null))
        .put("endedAt", s.endedAt().map(Instant::toString).orElse(null))
        .put("seconds", s.duration().toSeconds())
        .put("reason", s.reason());
  }
}
