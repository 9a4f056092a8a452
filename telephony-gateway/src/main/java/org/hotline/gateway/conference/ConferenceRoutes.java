package org.hotline.gateway.conference;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.AccessRefused;
import org.hotline.gateway.access.Ownership;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.JsonBodies;
import org.hotline.gateway.units.DirectoryRoutes;
import org.hotline.gateway.units.OutsideUnit;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.SeatManager;
import org.hotline.staff.directory.StaffRole;

/**
 * Three-way calls, for the agent who holds the connected call (or a supervisor):
 *
 * <ul>
 *   <li>{@code POST /api/calls/{call}/conference} {@code {"unit": "120"}}: the caller and the
 *       agent's seat go into the call's room and the unit's line rings into it;
 *   <li>{@code POST /api/calls/{call}/conference/leave}: once the unit has answered, the agent
 *       drops out and wraps up; the caller and the unit talk on.
 * </ul>
 *
 * Audited before it is done.
 */
public final class ConferenceRoutes {

  private final Conferences conferences;
  private final SeatManager seats;
  private final Context context;
  private final Access access;
  private final Auditor auditor;

  public ConferenceRoutes(
      Conferences conferences, SeatManager seats, Context context, Access access, Auditor auditor) {
    this.conferences = conferences;
    this.seats = seats;
    this.context = context;
    this.access = access;
    this.auditor = auditor;
  }

  public void addTo(Router router) {
    Rule seated = Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR);
    access
        .route(router, HttpMethod.POST, "/api/calls/:call/conference", seated)
        .handler(ctx -> JsonBodies.object(ctx).ifPresent(body -> start(ctx, body)));
    access
        .route(router, HttpMethod.POST, "/api/calls/:call/conference/leave", seated)
        .handler(this::leave);
  }

  private void start(RoutingContext ctx, JsonObject body) {
    String callId = ctx.pathParam("call");
    Optional<String> unitId = JsonBodies.optionalText(body, "unit").filter(u -> !u.isBlank());
    if (unitId.isEmpty()) {
      HttpErrors.error(ctx, 400, "INVALID_ARGUMENT", "name a \"unit\" of /api/directory");
      return;
    }
    held(ctx, callId)
        .compose(
            view -> {
              Optional<OutsideUnit> unit = conferences.unit(unitId.get());
              if (unit.isEmpty()) {
                return Future.failedFuture(
                    AccessRefused.unknown("UNIT_UNKNOWN", "no such unit in the directory"));
              }
              Map<String, String> detail = new LinkedHashMap<>();
              detail.put("unit", unit.get().id());
              view.agentId().ifPresent(a -> detail.put("agent", a));
              return auditor
                  .record(ctx, "call.conference", callId, detail)
                  .compose(v -> conferences.start(view, unit.get()))
                  .map(
                      room ->
                          new JsonObject()
                              .put("call", callId)
                              .put("room", room)
                              .put("unit", DirectoryRoutes.json(unit.get()))
                              .put("state", "calling"));
            })
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void leave(RoutingContext ctx) {
    String callId = ctx.pathParam("call");
    held(ctx, callId)
        .compose(
            view ->
                auditor
                    .record(
                        ctx,
                        "call.conference.leave",
                        callId,
                        Map.of("agent", view.agentId().orElse("")))
                    .compose(v -> conferences.leave(view)))
        .map(
            room ->
                new JsonObject().put("call", callId).put("room", room.name()).put("state", "left"))
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private Future<CallView> held(RoutingContext ctx, String callId) {
    return Ownership.held(ctx, seats, context, callId);
  }
}
