package org.hotline.gateway.callback;

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
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallbackCandidate;
import org.hotline.cases.api.CallbackOutcome;
import org.hotline.cases.api.CaseBridge;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.AccessRefused;
import org.hotline.gateway.access.Principal;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.JsonBodies;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.staff.directory.StaffRole;
import org.hotline.support.phone.PhoneMask;

/**
 * Calling residents back (回拨), for agents at a seat:
 *
 * <ul>
 *   <li>{@code GET /api/callbacks}: the open callbacks, requested ones first; a number shows in
 *       full only to the agent holding it (and to supervisors);
 *   <li>{@code POST /api/callbacks/{call}/claim}: hold it for {@link #CLAIM} against colleagues;
 *   <li>{@code POST /api/callbacks/{call}/dial}: the holder's seat is paused with reason {@code
 *       callback} (no call is offered meanwhile) and the exchange rings the seat, then the
 *       resident;
 *   <li>{@code POST /api/callbacks/{call}/outcome} {@code {"outcome": "reached"}}: recorded; a
 *       resident reached gets a case like any call (its form goes to {@code
 *       /api/cases/{case}/complete}), any other outcome makes the agent available again.
 * </ul>
 *
 * Every claim, dial and outcome is audited.
 */
public final class CallbackRoutes {

  /** How long a claimed callback stays the agent's: enough to dial and talk, not to forget it. */
  public static final Duration CLAIM = Duration.ofMinutes(10);

  /** Callback cases are filed under this queue name: they were never waiting in a queue. */
  public static final String CALLBACK_QUEUE = "callback";

  private final CaseBridge cases;
  private final SeatManager seats;
  private final CallOutSettings callOut;
  private final Context context;
  private final Access access;
  private final Auditor auditor;
  private final Clock clock;
  private final SeatDialler dialler;

  public CallbackRoutes(
      CaseBridge cases,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      Telephony telephony,
      CallOutSettings callOut,
      Context context,
      Access access,
      Auditor auditor,
      Clock clock) {
    this.cases = cases;
    this.seats = seats;
    this.callOut = callOut;
    this.context = context;
    this.access = access;
    this.auditor = auditor;
    this.clock = clock;
    this.dialler =
        new SeatDialler(seats, seatConfig, telephony, callOut.presentedNumber(), context);
  }

  /** Where callbacks are placed: which exchange, and the number residents see. */
  public record CallOutSettings(String server, String presentedNumber) {}

  public void addTo(Router router) {
    Rule seated = Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR);
    access.route(router, HttpMethod.GET, "/api/callbacks", seated).handler(this::list);
    access
        .route(router, HttpMethod.POST, "/api/callbacks/:call/claim", seated)
        .handler(this::claim);
    access.route(router, HttpMethod.POST, "/api/callbacks/:call/dial", seated).handler(this::dial);
    access
        .route(router, HttpMethod.POST, "/api/callbacks/:call/outcome", seated)
        .handler(ctx -> JsonBodies.object(ctx).ifPresent(body -> outcome(ctx, body)));
  }

  private void list(RoutingContext ctx) {
    Principal me = Access.principal(ctx);
    Instant now = clock.instant();
    Future.fromCompletionStage(cases.callbackCandidates(200), context)
        .onSuccess(
            list -> {
              JsonArray out = new JsonArray();
              list.forEach(k -> out.add(json(k, me, now)));
              ctx.json(new JsonObject().put("callbacks", out));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void claim(RoutingContext ctx) {
    Principal me = Access.principal(ctx);
    String callId = ctx.pathParam("call");
    auditor
        .record(ctx, "callback.claim", callId, Map.of())
        .compose(
            v ->
                Future.fromCompletionStage(
                    cases.claimCallback(callId, me.staffId(), CLAIM), context))
        .onSuccess(k -> ctx.json(json(k, me, clock.instant())))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void dial(RoutingContext ctx) {
    Principal me = Access.principal(ctx);
    String callId = ctx.pathParam("call");
    Instant now = clock.instant();
    Future<CallbackCandidate> held = held(callId, me, now);
    Future<AgentStatus> status = Future.fromCompletionStage(seats.status(me.staffId()), context);
    Future.all(held, status)
        .compose(
            both -> {
              CallbackCandidate k = held.result();
              AgentStatus s = status.result();
              if (k.callerNumber().isBlank()) {
                return Future.failedFuture(
                    AccessRefused.conflict("NUMBER_WITHHELD", "the caller withheld their number"));
              }
              String outbound = callbackCallId(callId, k.attempts() + 1);
              return dialler
                  .seatOf(s)
                  .compose(
                      seat ->
                          auditor
                              .record(
                                  ctx,
                                  "callback.dial",
                                  PhoneMask.mask(k.callerNumber()),
                                  Map.of("call", callId, "callbackCall", outbound))
                              .compose(
                                  v ->
                                      dialler.ring(
                                          me.staffId(),
                                          seat,
                                          k.callerNumber(),
                                          Map.of(
                                              "HOTLINE_CALLBACK", callId,
                                              "HOTLINE_CALLBACK_CALL", outbound))))
                  .map(
                      v ->
                          new JsonObject()
                              .put("callbackCall", outbound)
                              .put("callback", json(k, me, now)));
            })
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void outcome(RoutingContext ctx, JsonObject body) {
    Principal me = Access.principal(ctx);
    String callId = ctx.pathParam("call");
    Optional<CallbackOutcome> outcome =
        JsonBodies.optionalText(body, "outcome").flatMap(CallbackOutcome::agentChoice);
    if (outcome.isEmpty()) {
      HttpErrors.error(
          ctx,
          400,
          "INVALID_ARGUMENT",
          "\"outcome\" is one of reached, no_answer, busy, wrong_number, declined");
      return;
    }
    Instant now = clock.instant();
    held(callId, me, now)
        .compose(
            k -> {
              String outbound = callbackCallId(callId, k.attempts() + 1);
              return auditor
                  .record(
                      ctx,
                      "callback.outcome",
                      callId,
                      Map.of("outcome", outcome.get().code(), "callbackCall", outbound))
                  .compose(
                      v ->
                          Future.fromCompletionStage(
                              cases.recordCallbackAttempt(
                                  callId, me.staffId(), outcome.get(), Optional.of(outbound)),
                              context))
                  .compose(after -> settle(me, k, after, outbound, outcome.get(), now));
            })
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  /** A resident reached gets a draft case; otherwise the agent is free for the next call. */
  private Future<JsonObject> settle(
      Principal me,
      CallbackCandidate before,
      CallbackCandidate after,
      String outbound,
      CallbackOutcome outcome,
      Instant now) {
    JsonObject answer = new JsonObject().put("callback", json(after, me, now));
    if (outcome != CallbackOutcome.REACHED) {
      return dialler.freeSeat(me.staffId(), answer);
    }
    return Future.fromCompletionStage(seats.status(me.staffId()), context)
        .compose(
            s -> {
              CallFacts facts =
                  CallFacts.entered(
                          outbound, callOut.server(), before.callerNumber(), CALLBACK_QUEUE, now)
                      .answered(me.staffId(), s.seatId().orElse("none"), now);
              // the form clock starts now: a callback's case is due like a call's
              return Future.fromCompletionStage(cases.callAnswered(facts), context)
                  .compose(
                      ref -> Future.fromCompletionStage(cases.callEnded(facts.ended(now)), context))
                  .map(ref -> answer.put("caseId", ref.caseId()).put("callbackCall", outbound));
            });
  }

  /** The callback, when the signed-in agent holds its claim; else a 409 saying to claim it. */
  private Future<CallbackCandidate> held(String callId, Principal me, Instant now) {
    return Future.fromCompletionStage(cases.findCallback(callId), context)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(
                    AccessRefused.unknown("CALLBACK_UNKNOWN", "no such callback"));
              }
              CallbackCandidate k = found.get();
              return k.heldBy(me.staffId(), now)
                  ? Future.succeededFuture(k)
                  : Future.failedFuture(
                      AccessRefused.conflict("CALLBACK_CLAIMED", "claim the callback first"));
            });
  }

  /** The outbound call's id: the waiting call's, numbered by attempt, so it is never guessed. */
  static String callbackCallId(String callId, int attempt) {
    String id = "cb" + attempt + "-" + callId;
    return id.length() <= 64 ? id : id.substring(0, 64);
  }

  private JsonObject json(CallbackCandidate k, Principal me, Instant now) {
    Optional<String> holder = k.holder(now);
    boolean mine = holder.equals(Optional.of(me.staffId()));
    boolean seesNumber = mine || me.has(StaffRole.SUPERVISOR);
    JsonObject json =
        new JsonObject()
            .put("callId", k.callId())
            .put(
                "number",
                k.callerNumber().isBlank()
                    ? ""
                    : seesNumber ? k.callerNumber() : PhoneMask.mask(k.callerNumber()))
            .put("queue", k.queueId())
            .put("reason", k.reason().code())
            .put("enteredAt", k.enteredAt().toString())
            .put("leftAt", k.abandonedAt().toString())
            .put("waitedSeconds", Duration.between(k.enteredAt(), k.abandonedAt()).toSeconds())
            .put("attempts", k.attempts())
            .put("mine", mine);
    k.lastOutcome().ifPresent(o -> json.put("lastOutcome", o.code()));
    holder.ifPresent(
        h -> json.put("claimedBy", h).put("claimedUntil", k.claimedUntil().get().toString()));
    return json;
  }
}
