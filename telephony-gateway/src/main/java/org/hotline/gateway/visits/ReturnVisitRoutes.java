package org.hotline.gateway.visits;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.DoNotCall;
import org.hotline.cases.api.ReturnVisit;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.cases.api.ReturnVisitTask;
import org.hotline.cases.api.VisitOutcome;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.AccessRefused;
import org.hotline.gateway.access.Principal;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.callback.SeatDialler;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.JsonBodies;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.staff.directory.StaffRole;
import org.hotline.support.phone.PhoneMask;

/**
 * Return visits as agents' outbound tasks (when {@code cases.yaml} says {@code mode: agent}), and
 * the do-not-call list for supervisors:
 *
 * <ul>
 *   <li>{@code GET /api/visits}: the visits still to be made, the earliest due first; a number
 *       shows in full only to the agent holding the visit (and to supervisors);
 *   <li>{@code POST /api/visits/{case}/claim}: a due visit becomes the agent's for {@link #CLAIM}
 *       (agent mode only: in auto mode the exchange calls);
 *   <li>{@code POST /api/visits/{case}/dial}: the holder's seat is paused and rung, then the
 *       resident through the trunk (as a callback is dialled);
 *   <li>{@code POST /api/visits/{case}/answers} {@code {"satisfaction": 1|2|3, "resolved": 1|2}}:
 *       the survey's keys, as the automated call reads them; the case closes or is reopened and
 *       re-dispatched;
 *   <li>{@code POST /api/visits/{case}/outcome} {@code {"outcome": "no_answer"}} (or busy, failed,
 *       incomplete): tried again later, then given up as unreachable;
 *   <li>{@code GET|POST /api/do-not-call}, {@code DELETE /api/do-not-call/{number}}: supervisors
 *       keep the residents who asked not to be called.
 * </ul>
 *
 * Every change is audited.
 */
public final class ReturnVisitRoutes {

  /** How long a visit an agent took stays theirs: enough to dial and talk (dialling renews it). */
  public static final Duration CLAIM = Duration.ofMinutes(15);

  private final CaseBridge cases;
  private final SeatManager seats;
  private final Context context;
  private final Access access;
  private final Auditor auditor;
  private final Clock clock;
  private final SeatDialler dialler;

  public ReturnVisitRoutes(
      CaseBridge cases,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      Telephony telephony,
      String presentedNumber,
      Context context,
      Access access,
      Auditor auditor,
      Clock clock) {
    this.cases = cases;
    this.seats = seats;
    this.context = context;
    this.access = access;
    this.auditor = auditor;
    this.clock = clock;
    this.dialler = new SeatDialler(seats, seatConfig, telephony, presentedNumber, context);
  }

  public void addTo(Router router) {
    Rule seated = Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR);
    Rule supervisors = Rule.roles(StaffRole.SUPERVISOR);
    access.route(router, HttpMethod.GET, "/api/visits", seated).handler(this::list);
    access.route(router, HttpMethod.POST, "/api/visits/:case/claim", seated).handler(this::claim);
    access.route(router, HttpMethod.POST, "/api/visits/:case/dial", seated).handler(this::dial);
    access
        .route(router, HttpMethod.POST, "/api/visits/:case/answers", seated)
        .handler(ctx -> JsonBodies.object(ctx).ifPresent(body -> answers(ctx, body)));
    access
        .route(router, HttpMethod.POST, "/api/visits/:case/outcome", seated)
        .handler(ctx -> JsonBodies.object(ctx).ifPresent(body -> outcome(ctx, body)));
    access.route(router, HttpMethod.GET, "/api/do-not-call", supervisors).handler(this::dncList);
    access
        .route(router, HttpMethod.POST, "/api/do-not-call", supervisors)
        .handler(ctx -> JsonBodies.object(ctx).ifPresent(body -> dncAdd(ctx, body)));
    access
        .route(router, HttpMethod.DELETE, "/api/do-not-call/:number", supervisors)
        .handler(this::dncRemove);
  }

  private void list(RoutingContext ctx) {
    Principal me = Access.principal(ctx);
    Instant now = clock.instant();
    Future.fromCompletionStage(cases.openVisits(200), context)
        .onSuccess(
            list -> {
              JsonArray out = new JsonArray();
              list.forEach(v -> out.add(json(v, me, now)));
              ctx.json(
                  new JsonObject()
                      .put("mode", cases.returnVisitPolicy().mode().name().toLowerCase())
                      .put("visits", out));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void claim(RoutingContext ctx) {
    Principal me = Access.principal(ctx);
    String caseId = ctx.pathParam("case");
    if (cases.returnVisitPolicy().mode() != ReturnVisitPolicy.Mode.AGENT) {
      HttpErrors.error(
          ctx, 409, "VISITS_AUTOMATIC", "return visits are made by automated calls here");
      return;
    }
    auditor
        .record(ctx, "visit.claim", caseId, Map.of())
        .compose(
            v -> Future.fromCompletionStage(cases.claimVisit(caseId, me.staffId(), CLAIM), context))
        .onSuccess(v -> ctx.json(json(v, me, clock.instant())))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  /**
   * The holder's seat is paused (reason {@code callback}: no call is offered meanwhile) and rung,
   * then the resident through the trunk, as for a callback; the answers or the outcome free the
   * seat again.
   */
  private void dial(RoutingContext ctx) {
    Principal me = Access.principal(ctx);
    String caseId = ctx.pathParam("case");
    Instant now = clock.instant();
    // dialling renews the claim: a long conversation keeps the visit the agent's
    Future<ReturnVisitTask> held =
        held(caseId, me, now)
            .compose(
                v ->
                    Future.fromCompletionStage(
                        cases.claimVisit(caseId, me.staffId(), CLAIM), context));
    Future<AgentStatus> status = Future.fromCompletionStage(seats.status(me.staffId()), context);
    Future.all(held, status)
        .compose(
            both -> {
              ReturnVisitTask v = held.result();
              AgentStatus s = status.result();
              return dialler
                  .seatOf(s)
                  .compose(
                      seat ->
                          auditor
                              .record(
                                  ctx,
                                  "visit.dial",
                                  PhoneMask.mask(v.callerNumber()),
                                  Map.of("case", caseId))
                              .compose(
                                  x ->
                                      dialler.ring(
                                          me.staffId(),
                                          seat,
                                          v.callerNumber(),
                                          Map.of("HOTLINE_VISIT", caseId))))
                  .map(x -> json(v, me, now));
            })
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  /** The visit, when the signed-in agent holds it; else a 409 saying to claim it. */
  private Future<ReturnVisitTask> held(String caseId, Principal me, Instant now) {
    return Future.fromCompletionStage(cases.findVisit(caseId), context)
        .compose(
            found ->
                found.isPresent() && found.get().heldBy(me.staffId(), now)
                    ? Future.succeededFuture(found.get())
                    : Future.failedFuture(
                        AccessRefused.conflict("VISIT_CLAIMED", "claim the visit first")));
  }

  /** After the answers or an outcome, a seat paused for the call is free again. */
  private <T> Future<T> freeSeat(Principal me, T answer) {
    return dialler.freeSeat(me.staffId(), answer).otherwise(answer);
  }

  private void answers(RoutingContext ctx, JsonObject body) {
    Principal me = Access.principal(ctx);
    String caseId = ctx.pathParam("case");
    Optional<ReturnVisit.Satisfaction> satisfaction =
        switch (body.getValue("satisfaction") instanceof Integer i ? i : 0) {
          case 1 -> Optional.of(ReturnVisit.Satisfaction.SATISFIED);
          case 2 -> Optional.of(ReturnVisit.Satisfaction.BASICALLY_SATISFIED);
          case 3 -> Optional.of(ReturnVisit.Satisfaction.UNSATISFIED);
          default -> Optional.empty();
        };
    Object resolved = body.getValue("resolved");
    if (satisfaction.isEmpty() || !(resolved instanceof Integer r) || (r != 1 && r != 2)) {
      HttpErrors.error(
          ctx,
          400,
          "INVALID_ARGUMENT",
          "\"satisfaction\" is 1, 2 or 3 and \"resolved\" is 1 or 2, as the survey's keys");
      return;
    }
    String note = JsonBodies.optionalText(body, "note").orElse("");
    if (note.length() > 500) {
      HttpErrors.error(ctx, 400, "INVALID_ARGUMENT", "\"note\" is at most 500 characters");
      return;
    }
    ReturnVisit visit = new ReturnVisit(r == 1, satisfaction.get(), me.staffId(), note);
    auditor
        .record(
            ctx,
            "visit.answers",
            caseId,
            Map.of(
                "satisfaction", String.valueOf(body.getValue("satisfaction")),
                "resolved", String.valueOf(r)))
        .compose(
            v ->
                Future.fromCompletionStage(
                    cases.recordVisitAnswers(caseId, me.staffId(), visit), context))
        .compose(k -> freeSeat(me, k))
        .onSuccess(
            k ->
                ctx.json(
                    new JsonObject()
                        .put("caseId", k.caseId())
                        .put("status", k.status().code())
                        .put("dispatchVersion", k.dispatchVersion())))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void outcome(RoutingContext ctx, JsonObject body) {
    Principal me = Access.principal(ctx);
    String caseId = ctx.pathParam("case");
    Optional<VisitOutcome> outcome =
        JsonBodies.optionalText(body, "outcome").flatMap(VisitOutcome::ofCode);
    if (outcome.isEmpty()) {
      HttpErrors.error(
          ctx,
          400,
          "INVALID_ARGUMENT",
          "\"outcome\" is one of no_answer, busy, failed, incomplete");
      return;
    }
    auditor
        .record(ctx, "visit.outcome", caseId, Map.of("outcome", outcome.get().code()))
        .compose(
            v ->
                Future.fromCompletionStage(
                    cases.recordVisitAttempt(caseId, me.staffId(), outcome.get()), context))
        .compose(v -> freeSeat(me, v))
        .onSuccess(v -> ctx.json(json(v, me, clock.instant())))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void dncList(RoutingContext ctx) {
    Future.fromCompletionStage(cases.doNotCallList(500), context)
        .onSuccess(
            list -> {
              JsonArray out = new JsonArray();
              list.forEach(d -> out.add(json(d)));
              ctx.json(new JsonObject().put("numbers", out));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void dncAdd(RoutingContext ctx, JsonObject body) {
    Principal me = Access.principal(ctx);
    String number = JsonBodies.text(body, "number");
    String reason = JsonBodies.text(body, "reason");
    auditor
        .record(ctx, "dnc.add", PhoneMask.mask(number), Map.of())
        .compose(
            v ->
                Future.fromCompletionStage(
                    cases.addDoNotCall(number, reason, me.staffId()), context))
        .onSuccess(d -> ctx.json(json(d)))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void dncRemove(RoutingContext ctx) {
    String number = ctx.pathParam("number");
    auditor
        .record(ctx, "dnc.remove", PhoneMask.mask(number), Map.of())
        .compose(v -> Future.fromCompletionStage(cases.removeDoNotCall(number), context))
        .compose(
            removed ->
                removed
                    ? Future.succeededFuture(new JsonObject().put("removed", true))
                    : Future.<JsonObject>failedFuture(
                        AccessRefused.unknown("NUMBER_UNKNOWN", "the number is not on the list")))
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private static JsonObject json(DoNotCall d) {
    return new JsonObject()
        .put("number", d.number())
        .put("reason", d.reason())
        .put("by", d.by())
        .put("at", d.at().toString());
  }

  private static JsonObject json(ReturnVisitTask v, Principal me, Instant now) {
    boolean mine = v.heldBy(me.staffId(), now);
    boolean seesNumber = mine || me.has(StaffRole.SUPERVISOR);
    JsonObject json =
        new JsonObject()
            .put("caseId", v.caseId())
            .put("number", seesNumber ? v.callerNumber() : PhoneMask.mask(v.callerNumber()))
            .put("resolvedAt", v.resolvedAt().toString())
            .put("dueAt", v.dueAt().toString())
            .put("attempts", v.attempts())
            .put("state", v.state().code())
            .put("mine", mine);
    v.lastOutcome().ifPresent(o -> json.put("lastOutcome", o));
    v.claimedBy()
        .filter(h -> v.claimedUntil().map(now::isBefore).orElse(false))
        .ifPresent(
            h -> json.put("claimedBy", h).put("claimedUntil", v.claimedUntil().get().toString()));
    return json;
  }
}
