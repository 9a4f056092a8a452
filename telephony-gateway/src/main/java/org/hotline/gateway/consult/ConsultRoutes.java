package org.hotline.gateway.consult;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Ownership;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.JsonBodies;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.SeatManager;
import org.hotline.staff.directory.StaffRole;

/**
 * Consulting a supervisor, for the agent who holds the connected call (or a supervisor):
 *
 * <ul>
 *   <li>{@code POST /api/calls/{call}/consult} {@code {"agent": "s1"}}: the caller waits with
 *       music, the supervisor's seat phone rings and joins the agent;
 *   <li>{@code POST /api/calls/{call}/consult/transfer}: once the supervisor answered, the caller
 *       joins them and the call is theirs; the agent wraps up;
 *   <li>{@code POST /api/calls/{call}/consult/return}: the supervisor is dropped, the agent and the
 *       caller talk again.
 * </ul>
 *
 * Audited before it is done.
 */
public final class ConsultRoutes {

  private final Consults consults;
  private final SeatManager seats;
  private final Context context;
  private final Access access;
  private final Auditor auditor;

  public ConsultRoutes(
      Consults consults, SeatManager seats, Context context, Access access, Auditor auditor) {
    this.consults = consults;
    this.seats = seats;
    this.context = context;
    this.access = access;
    this.auditor = auditor;
  }

  public void addTo(Router router) {
    Rule seated = Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR);
    access
        .route(router, HttpMethod.POST, "/api/calls/:call/consult", seated)
        .handler(ctx -> JsonBodies.object(ctx).ifPresent(body -> start(ctx, body)));
    access
        .route(router, HttpMethod.POST, "/api/calls/:call/consult/transfer", seated)
        .handler(ctx -> finish(ctx, "call.consult.transfer", consults::transfer, "transferred"));
    access
        .route(router, HttpMethod.POST, "/api/calls/:call/consult/return", seated)
        .handler(ctx -> finish(ctx, "call.consult.return", consults::giveBack, "returned"));
  }

  private void start(RoutingContext ctx, JsonObject body) {
    String callId = ctx.pathParam("call");
    Optional<String> supervisor = JsonBodies.optionalText(body, "agent").filter(a -> !a.isBlank());
    if (supervisor.isEmpty()) {
      HttpErrors.error(ctx, 400, "INVALID_ARGUMENT", "name the supervisor's \"agent\" id");
      return;
    }
    Ownership.held(ctx, seats, context, callId)
        .compose(
            view ->
                auditor
                    .record(
                        ctx,
                        "call.consult",
                        callId,
                        Map.of("supervisor", supervisor.get(), "agent", view.agentId().orElse("")))
                    .compose(v -> consults.start(view, supervisor.get())))
        .map(
            room ->
                new JsonObject()
                    .put("call", callId)
                    .put("room", room)
                    .put("supervisor", supervisor.get())
                    .put("state", "consulting"))
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void finish(
      RoutingContext ctx, String action, Function<CallView, Future<String>> step, String state) {
    String callId = ctx.pathParam("call");
    Ownership.held(ctx, seats, context, callId)
        .compose(
            view ->
                auditor
                    .record(ctx, action, callId, Map.of("agent", view.agentId().orElse("")))
                    .compose(v -> step.apply(view)))
        .map(
            supervisor ->
                new JsonObject()
                    .put("call", callId)
                    .put("supervisor", supervisor)
                    .put("state", state))
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }
}
