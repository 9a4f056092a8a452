package org.hotline.gateway.wallboard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.hotline.cases.api.CaseBridge;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.SessionSocket;
import org.hotline.pg.support.Database;
import org.hotline.reports.centre.CentreReports;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.staff.directory.StaffRole;
import org.hotline.support.phone.PhoneMask;

/**
 * The wallboard's routes, for supervisors and managers: {@code GET /api/wallboard/events} (the live
 * board over a WebSocket, {@link Wallboard}) and {@code GET /api/wallboard/seats/:seat} (a seat's
 * agent and call, the caller's number masked). Changing an agent's status from the board goes
 * through the agents' routes, audited there.
 */
public final class WallboardRoutes {

  private final Vertx vertx;
  private final Context context;
  private final Access access;
  private final SeatManager seats;
  private final SeatManagerConfig seatConfig;
  private final CallDirectory directory;
  private final Clock clock;
  private final Wallboard board;

  public WallboardRoutes(
      Vertx vertx,
      Context context,
      Access access,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      WallboardSettings settings,
      CallDirectory directory,
      Optional<Database> record,
      Optional<CaseBridge> cases,
      Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.access = access;
    this.seats = seats;
    this.seatConfig = seatConfig;
    this.directory = directory;
    this.clock = clock;
    this.board =
        new Wallboard(
            vertx,
            context,
            seats,
            seatConfig,
            settings,
            record.map(db -> new PlacesToday(db, context, cases.map(CaseBridge::formCatalogue))),
            cases.map(c -> new CaseAlerts(c, context)),
            record.map(
                db ->
                    new Trends(
                        new CentreReports(db), context, seatConfig.zone(), seatConfig.queues())),
            clock);
  }

  public WallboardRoutes addTo(Router router) {
    Rule watchers = Rule.roles(StaffRole.SUPERVISOR, StaffRole.MANAGER);
    access
        .route(router, HttpMethod.GET, "/api/wallboard/events", watchers)
        .handler(
            ctx ->
                SessionSocket.upgrade(ctx, vertx, context, access, clock, "wallboard")
                    .onSuccess(board::opened));
    access
        .route(router, HttpMethod.GET, "/api/wallboard/seats/:seat", watchers)
        .handler(this::seat);
    return this;
  }

  /** The seats visiting officials sit at now, marked on the floor. */
  public void guestSeats(java.util.Set<String> seats) {
    board.guestSeats(seats);
  }

  public void start() {
    board.start();
  }

  public void stop() {
    board.stop();
  }

  /** Boards open now. */
  public int open() {
    return board.open();
  }

  private void seat(RoutingContext ctx) {
    String seatId = ctx.pathParam("seat");
    if (seatConfig.seat(seatId).isEmpty()) {
      HttpErrors.error(ctx, 404, "SEAT_UNKNOWN", "no such seat");
      return;
    }
    // one seat's agent, not the whole floor
    JsonObject json = new JsonObject().put("seat", seatId);
    Future.fromCompletionStage(seats.agentAt(seatId), context)
        .compose(
            agent ->
                agent.isEmpty()
                    ? Future.succeededFuture(json)
                    : Future.fromCompletionStage(seats.status(agent.get()), context)
                        .compose(status -> detail(status, json)))
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.error(ctx, 503, "UNAVAILABLE", "the seat cannot be read"));
  }

  private Future<JsonObject> detail(AgentStatus s, JsonObject json) {
    if (s.state() == AgentState.LOGGED_OUT) {
      return Future.succeededFuture(json); // signed out since the seat was read
    }
    JsonObject agent =
        new JsonObject()
            .put("id", s.agentId())
            .put("state", FloorView.code(s.state()))
            .put("since", s.since().toEpochMilli())
            .put("seconds", Math.max(0, Duration.between(s.since(), clock.instant()).toSeconds()));
    if (s instanceof AgentStatus.Paused p) {
      agent.put("reason", p.reason());
    }
    json.put("agent", agent);
    Future<Optional<Agent>> who = Future.fromCompletionStage(seats.agent(s.agentId()), context);
    Future<Optional<CallView>> call =
        s.callId().isPresent()
            ? Future.fromCompletionStage(seats.call(s.callId().get()), context)
            : Future.succeededFuture(Optional.empty());
    Future<Optional<CallRecord>> record =
        s.callId().isPresent()
            ? directory.get(s.callId().get())
            : Future.succeededFuture(Optional.empty());
    return Future.join(who, call, record)
        .transform(
            done -> {
              if (who.succeeded()) {
                who.result().ifPresent(a -> agent.put("name", a.name()));
              }
              if (call.succeeded() && call.result().isPresent()) {
                CallView v = call.result().get();
                JsonObject c =
                    new JsonObject()
                        .put("id", v.callId())
                        .put("queue", v.queueId())
                        .put("state", v.state().name().toLowerCase(java.util.Locale.ROOT))
                        .put("enqueuedAt", v.enqueuedAt().toEpochMilli());
                v.answeredAt().ifPresent(t -> c.put("answeredAt", t.toEpochMilli()));
                v.district().ifPresent(d -> c.put("district", d));
                if (record.succeeded()) {
                  record.result().ifPresent(r -> c.put("caller", PhoneMask.mask(r.callerNumber())));
                }
                json.put("call", c);
              }
              return Future.succeededFuture(json);
            });
  }
}
