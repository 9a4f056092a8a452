package org.hotline.gateway.transfer;

import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Ownership;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.JsonBodies;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.SeatManager;
import org.hotline.staff.directory.StaffRole;

/**
 * {@code POST /api/calls/{call}/transfer} with {@code {"queue": "water"}} or {@code {"agent":
 * "a2"}} (optionally with {@code "queue"}: where the call waits should that agent not answer): the
 * agent who holds the call (or a supervisor) hands it on. Audited before it is done.
 */
public final class TransferRoutes {

  private final Transfers transfers;
  private final SeatManager seats;
  private final Context context;
  private final Access access;
  private final Auditor auditor;

  public TransferRoutes(
      Transfers transfers, SeatManager seats, Context context, Access access, Auditor auditor) {
    this.transfers = transfers;
    this.seats = seats;
    this.context = context;
    this.access = access;
    this.auditor = auditor;
  }

  public void addTo(Router router) {
    Rule seated = Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR);
    access
        .route(router, HttpMethod.POST, "/api/calls/:call/transfer", seated)
        .handler(ctx -> JsonBodies.object(ctx).ifPresent(body -> transfer(ctx, body)));
  }

  private void transfer(RoutingContext ctx, JsonObject body) {
    String callId = ctx.pathParam("call");
    Optional<String> queue = JsonBodies.optionalText(body, "queue").filter(q -> !q.isBlank());
    Optional<String> agent = JsonBodies.optionalText(body, "agent").filter(a -> !a.isBlank());
    if (queue.isEmpty() && agent.isEmpty()) {
      HttpErrors.error(ctx, 400, "INVALID_ARGUMENT", "name a \"queue\" or an \"agent\"");
      return;
    }
    Ownership.call(ctx, seats, context, callId)
        .compose(
            view -> {
              Transfer to = new Transfer(queue.orElse(view.queueId()), agent);
              Map<String, String> detail = new LinkedHashMap<>();
              detail.put("queue", to.queueId());
              agent.ifPresent(a -> detail.put("agent", a));
              view.agentId().ifPresent(a -> detail.put("from", a));
              return auditor
                  .record(ctx, "call.transfer", callId, detail)
                  .compose(v -> transfers.transfer(view, to))
                  .map(d -> answer(callId, to, d));
            })
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private static JsonObject answer(String callId, Transfer to, Decision d) {
    JsonArray offers = new JsonArray();
    d.offers()
        .forEach(
            o -> offers.add(new JsonObject().put("agent", o.agentId()).put("seat", o.seatId())));
    return new JsonObject()
        .put("call", callId)
        .put("queue", to.queueId())
        .put("agent", to.agentId().orElse(null))
        .put("state", d.offers().isEmpty() ? "waiting" : "offered")
        .put("offers", offers);
  }
}
