package org.hotline.gateway.access;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Optional;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.staff.directory.StaffRole;

/**
 * The finer rules an agent's routes apply to the data: an agent acts on their own status, and on
 * calls (and the cases and caller history of calls) offered to or answered at their own seat.
 * Supervisors act on anyone's.
 */
public final class Ownership {

  private Ownership() {}

  /**
   * Whether the signed-in person is {@code agentId} or holds one of {@code others}; when not, a 403
   * has been sent.
   */
  public static boolean selfOr(RoutingContext ctx, String agentId, StaffRole... others) {
    Principal p = Access.principal(ctx);
    if (p.staffId().equals(agentId) || Arrays.stream(others).anyMatch(p::has)) {
      return true;
    }
    HttpErrors.fail(ctx, AccessRefused.forbidden("only your own status"));
    return false;
  }

  /**
   * The call, when the signed-in person may see it: a supervisor (or one of {@code readers}) any
   * call, anyone else a call offered to or answered by them. Fails with a 404 or a 403.
   */
  public static Future<CallView> call(
      RoutingContext ctx, SeatManager seats, Context context, String callId, StaffRole... readers) {
    Principal p = Access.principal(ctx);
    return Future.fromCompletionStage(seats.call(callId), context)
        .compose(
            view -> {
              if (view.isEmpty()) {
                return Future.failedFuture(AccessRefused.unknown("CALL_UNKNOWN", "no such call"));
              }
              if (p.has(StaffRole.SUPERVISOR)
                  || Arrays.stream(readers).anyMatch(p::has)
                  || isTheirs(view.get(), p)) {
                return Future.succeededFuture(view.get());
              }
              return Future.failedFuture(
                  AccessRefused.forbidden("only calls offered to or answered at your seat"));
            });
  }

  /**
   * The call, when the signed-in person may see it ({@link #call}) or coaches the official it was
   * offered to or answered by.
   */
  public static Future<CallView> callOrCoached(
      RoutingContext ctx, SeatManager seats, Context context, String callId, Coaching coaching) {
    Principal p = Access.principal(ctx);
    return Future.fromCompletionStage(seats.call(callId), context)
        .compose(
            view -> {
              if (view.isEmpty()) {
                return Future.failedFuture(AccessRefused.unknown("CALL_UNKNOWN", "no such call"));
              }
              if (p.has(StaffRole.SUPERVISOR)
                  || isTheirs(view.get(), p)
                  || view.get()
                      .agentId()
                      .filter(a -> coaching.coaches(p.staffId(), a))
                      .isPresent()) {
                return Future.succeededFuture(view.get());
              }
              return Future.failedFuture(
                  AccessRefused.forbidden("only calls offered to or answered at your seat"));
            });
  }

  /**
   * Whether the call was offered to (or answered by) {@code p} at their seat, now or before it was
   * handed on (the first agent of a transferred call still writes its case in wrap-up).
   */
  public static boolean isTheirs(CallView call, Principal p) {
    return call.servedBy(p.staffId());
  }

  /**
   * The call, when the signed-in agent holds it now (a supervisor: any call), to act on; 404 for an
   * unknown call, 403 for someone else's, 409 NO_CALL for a call the agent handed on (an earlier
   * holder may see the call, not act on it).
   */
  public static Future<CallView> held(
      RoutingContext ctx, SeatManager seats, Context context, String callId) {
    Principal me = Access.principal(ctx);
    return call(ctx, seats, context, callId)
        .compose(
            view ->
                me.has(StaffRole.SUPERVISOR) || view.agentId().equals(Optional.of(me.staffId()))
                    ? Future.succeededFuture(view)
                    : Future.failedFuture(
                        new SeatManagerException(
                            ErrorCode.NO_CALL, "the call is at another agent")));
  }
}
