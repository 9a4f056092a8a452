package org.hotline.gateway.desktop;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.Json;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.SeatManager;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffRole;

/**
 * {@code GET /api/desktop/supervisors}: the supervisors on duty now, free ones first, for an agent
 * who wants to consult one: name, seat and state (no one else's calls or callers).
 */
public final class SupervisorsOnDuty {

  private final StaffDirectory staff;
  private final SeatManager seats;
  private final Context context;
  private final Access access;
  private final Clock clock;

  /** The directory's supervisors: asked on every answered call, changed a few times a year. */
  private Future<List<StaffMember>> supervisors;

  private Instant readAt = Instant.MIN;

  public SupervisorsOnDuty(
      StaffDirectory staff, SeatManager seats, Context context, Access access, Clock clock) {
    this.staff = staff;
    this.seats = seats;
    this.context = context;
    this.access = access;
    this.clock = clock;
    // a change through this instance shows at once; another instance's within READ_AGAIN
    staff.onChange(member -> context.runOnContext(v -> readAt = Instant.MIN));
  }

  static final Duration READ_AGAIN = Duration.ofMinutes(1);

  /** Runs on the gateway's context. */
  private Future<List<StaffMember>> supervisors() {
    Instant now = clock.instant();
    if (supervisors == null || supervisors.failed() || now.isAfter(readAt.plus(READ_AGAIN))) {
      readAt = now;
      supervisors =
          Future.fromCompletionStage(staff.list(false), context)
              .map(people -> people.stream().filter(p -> p.has(StaffRole.SUPERVISOR)).toList());
    }
    return supervisors;
  }

  public void addTo(Router router) {
    access
        .route(
            router,
            HttpMethod.GET,
            "/api/desktop/supervisors",
            Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR))
        .handler(this::list);
  }

  private record OnDuty(StaffMember member, AgentStatus status) {}

  private void list(RoutingContext ctx) {
    Future.<List<StaffMember>>future(p -> context.runOnContext(v -> supervisors().onComplete(p)))
        .compose(
            people -> {
              List<Future<OnDuty>> statuses = new ArrayList<>();
              people.forEach(
                  p ->
                      statuses.add(
                          Future.fromCompletionStage(seats.status(p.id()), context)
                              .map(s -> new OnDuty(p, s))));
              return Future.all(statuses).map(all -> all.<OnDuty>list());
            })
        .onSuccess(
            found -> {
              JsonArray out = new JsonArray();
              found.stream()
                  .filter(o -> o.status().state() != AgentState.LOGGED_OUT)
                  .sorted(
                      Comparator.comparing((OnDuty o) -> o.status().state() != AgentState.AVAILABLE)
                          .thenComparing(o -> o.member().profile().name()))
                  .forEach(
                      o ->
                          out.add(
                              new JsonObject()
                                  .put("staffId", o.member().id())
                                  .put("name", o.member().profile().name())
                                  .put("seat", o.status().seatId().orElse(""))
                                  .put("state", Json.status(o.status()).getString("state"))));
              ctx.json(new JsonObject().put("supervisors", out));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }
}
