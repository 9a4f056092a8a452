package org.hotline.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.CaseBridgeUnavailableException;
import org.hotline.gateway.cases.CaseJson;
import org.hotline.pg.support.DatabaseUnavailableException;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.api.SeatManagerUnavailableException;
import org.hotline.support.async.AsyncFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from a failure to an HTTP answer, for every route: refusals keep their pinned
 * code (404 for unknown names, 409 otherwise), form errors are 422, a broken request is 400, a
 * store that cannot be reached is 503, and only the unexpected is a 500 with its stack in the log.
 * Failures arrive wrapped by the futures they crossed; the cause decides.
 */
public final class HttpErrors {

  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  public static void fail(RoutingContext ctx, Throwable failure) {
    Throwable e = AsyncFailures.cause(failure);
    if (e instanceof org.hotline.gateway.access.AccessRefused refused) {
      error(ctx, refused.status(), refused.code(), refused.getMessage());
    } else if (e instanceof org.hotline.gateway.transfer.TransferRefused refused) {
      error(ctx, refused.status(), refused.code(), refused.getMessage());
    } else if (e instanceof org.hotline.staff.directory.StaffException refused) {
      int status =
          switch (refused.code()) {
            case STAFF_UNKNOWN -> 404;
            case INVALID_STAFF, PASSWORD_REJECTED -> 422;
            default -> 409;
          };
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(status);
        ctx.json(
            new JsonObject()
                .put("error", refused.code().name())
                .put("field", refused.field())
                .put("message", refused.getMessage()));
      }
    } else if (e instanceof org.hotline.staff.guest.GuestException refused) {
      int status =
          switch (refused.code()) {
            case INVALID_GUEST -> 422;
            case GUEST_UNKNOWN -> 404;
            case CODE_UNKNOWN, CODE_USED, CODE_EARLY, CODE_EXPIRED -> 401;
          };
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(status);
        ctx.json(
            new JsonObject()
                .put("error", refused.code().name())
                .put("field", refused.field())
                .put("message", refused.getMessage()));
      }
    } else if (e instanceof io.lettuce.core.RedisException) {
      error(ctx, 503, "UNAVAILABLE", "Redis is unreachable; try again");
    } else if (e instanceof SeatManagerException refused) {
      int status =
          switch (refused.code()) {
            case AGENT_UNKNOWN, CALL_UNKNOWN, QUEUE_UNKNOWN -> 404;
            case REASON_NOT_SELECTABLE -> 400;
            default -> 409;
          };
      error(ctx, status, refused.code().name(), refused.code().description());
    } else if (e instanceof CaseBridgeException refused) {
      if (!refused.fieldErrors().isEmpty()) {
        if (!ctx.response().ended()) {
          ctx.response().setStatusCode(422);
          ctx.json(CaseJson.errors(refused.fieldErrors()));
        }
        return;
      }
      int status =
          switch (refused.code()) {
            case INVALID_ARGUMENT -> 400;
            case UNAUTHENTICATED, STALE_REQUEST -> 401;
            case CALL_UNKNOWN,
                CASE_UNKNOWN,
                DEAD_LETTER_UNKNOWN,
                CALLBACK_UNKNOWN,
                EXTENSION_UNKNOWN,
                VISIT_UNKNOWN ->
                404;
            default -> 409;
          };
      error(ctx, status, refused.code().name(), refused.getMessage());
    } else if (e instanceof SeatManagerUnavailableException) {
      error(ctx, 503, "UNAVAILABLE", "the seat manager's store is unreachable; try again");
    } else if (e instanceof CaseBridgeUnavailableException
        || e instanceof DatabaseUnavailableException) {
      error(ctx, 503, "UNAVAILABLE", "the city's record is unreachable; try again");
    } else if (e instanceof IllegalArgumentException) {
      error(ctx, 400, "INVALID_ARGUMENT", e.getMessage());
    } else {
      LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), e);
      error(ctx, 500, "INTERNAL", "internal error");
    }
  }

  public static void error(RoutingContext ctx, int status, String code, String message) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status);
      ctx.json(new JsonObject().put("error", code).put("message", message));
    }
  }
}
