package org.hotline.gateway.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.hotline.gateway.access.Access;
import org.hotline.staff.audit.AuditEvent;
import org.hotline.staff.audit.AuditTrail;

/**
 * Writes what a request did to the audit trail, with who (the signed-in person), from where (the
 * request's address) and when. Routes that show a citizen's data answer only after the write
 * commits; without a city record (tests of the exchange alone) nothing is written.
 */
public final class Auditor {

  private final Optional<AuditTrail> trail;
  private final Clock clock;
  private final Context context;

  public Auditor(Optional<AuditTrail> trail, Clock clock, Context context) {
    this.trail = trail;
    this.clock = clock;
    this.context = context;
  }

  public Optional<AuditTrail> trail() {
    return trail;
  }

  /** The signed-in person did {@code action} to {@code target}. */
  public Future<Void> record(
      RoutingContext ctx, String action, String target, Map<String, String> detail) {
    return recordAs(Access.principal(ctx).staffId(), ctx, action, target, "ok", detail);
  }

  /** {@code actor} (a name that was tried, for a failed sign-in) did {@code action}. */
  public Future<Void> recordAs(
      String actor,
      RoutingContext ctx,
      String action,
      String target,
      String outcome,
      Map<String, String> detail) {
    return recordAs(actor, Access.address(ctx), action, target, outcome, detail);
  }

  /** The same, outside a request (a WebSocket's messages): the address is given. */
  public Future<Void> recordAs(
      String actor,
      String address,
      String action,
      String target,
      String outcome,
      Map<String, String> detail) {
    if (trail.isEmpty()) {
      return Future.succeededFuture();
    }
    AuditEvent e = new AuditEvent(clock.instant(), actor, address, action, target, outcome, detail);
    return Future.fromCompletionStage(trail.get().record(e), context);
  }
}
