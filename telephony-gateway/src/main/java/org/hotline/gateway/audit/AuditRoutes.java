package org.hotline.gateway.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.staff.audit.AuditEvent;
import org.hotline.staff.audit.AuditTrail;
import org.hotline.staff.directory.StaffRole;

/**
 * {@code GET /api/audit?from=&to=&actor=&target=&action=&limit=}: the audit trail, newest first,
 * for supervisors and admins. Times are ISO-8601 instants; the default is the last 24 hours.
 */
public final class AuditRoutes {

  private final Auditor auditor;
  private final Context context;

  public AuditRoutes(Auditor auditor, Context context) {
    this.auditor = auditor;
    this.context = context;
  }

  public void addTo(Router router, Access access) {
    access
        .route(
            router, HttpMethod.GET, "/api/audit", Rule.roles(StaffRole.SUPERVISOR, StaffRole.ADMIN))
        .handler(this::read);
  }

  private void read(RoutingContext ctx) {
    if (auditor.trail().isEmpty()) {
      HttpErrors.error(ctx, 503, "UNAVAILABLE", "no city record: no audit trail");
      return;
    }
    AuditTrail.Query q;
    try {
      Instant to = param(ctx, "to").map(Instant::parse).orElse(Instant.now());
      Instant from = param(ctx, "from").map(Instant::parse).orElse(to.minus(Duration.ofDays(1)));
      int limit = param(ctx, "limit").map(Integer::parseInt).orElse(200);
      q =
          new AuditTrail.Query(
              from, to, param(ctx, "actor"), param(ctx, "target"), param(ctx, "action"), limit);
    } catch (DateTimeParseException | NumberFormatException e) {
      HttpErrors.error(
          ctx, 400, "INVALID_ARGUMENT", "from/to are ISO-8601 instants, limit a number");
      return;
    }
    Future.fromCompletionStage(auditor.trail().get().read(q), context)
        .onFailure(e -> HttpErrors.fail(ctx, e))
        .onSuccess(
            events -> {
              JsonArray out = new JsonArray();
              for (AuditEvent e : events) {
                out.add(
                    new JsonObject()
                        .put("at", e.at().toString())
                        .put("actor", e.actor())
                        .put("address", e.address())
                        .put("action", e.action())
                        .put("target", e.target())
                        .put("outcome", e.outcome())
                        .put("detail", new JsonObject(new java.util.HashMap<>(e.detail()))));
              }
              ctx.json(new JsonObject().put("events", out));
            });
  }

  private static Optional<String> param(RoutingContext ctx, String name) {
    return ctx.queryParam(name).stream().findFirst().filter(v -> !v.isBlank());
  }
}
