package org.hotline.gateway.officials;

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
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Principal;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.access.SessionRoutes;
import org.hotline.gateway.access.SignInThrottle;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.JsonBodies;
import org.hotline.gateway.staff.ProfileSync;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffRole;
import org.hotline.staff.guest.GuestException;
import org.hotline.staff.guest.GuestRequest;
import org.hotline.staff.guest.GuestSession;

/**
 * Guest sessions over HTTP:
 *
 * <ul>
 *   <li>{@code POST /api/guests} (supervisors): a session for an official; answers the one-time
 *       code and the sign-in link with its QR code, shown once
 *   <li>{@code GET /api/guests}, {@code GET /api/guests/{id}} (supervisors, managers)
 *   <li>{@code POST /api/guests/{id}/end} (supervisors): signs the official out now
 *   <li>{@code GET /api/guests/{id}/summary} (supervisors, managers): what the session came to
 *   <li>{@code POST /api/session/guest} {@code {"code"}} (anyone, throttled by address): signs the
 *       official in, once, inside the window
 *   <li>{@code GET /api/guests/me} (officials): one's own session: seat, district, window, coach
 *   <li>{@code GET /api/guests/coached} (agents, supervisors): the officials one coaches now
 * </ul>
 */
public final class GuestRoutes {

  /** What a failed code counts against: the address, never a shared account. */
  private static final String THROTTLE_ACCOUNT = "guest-code@";

  private final GuestRegistry registry;
  private final StaffDirectory staff;
  private final ProfileSync profiles;
  private final SeatManager seats;
  private final SeatManagerConfig seatConfig;
  private final OfficialsSettings settings;
  private final GuestSummaries summaries;
  private final SignInThrottle throttle;
  private final Access access;
  private final Auditor auditor;
  private final Context context;
  private final Clock clock;

  public GuestRoutes(
      GuestRegistry registry,
      StaffDirectory staff,
      ProfileSync profiles,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      OfficialsSettings settings,
      GuestSummaries summaries,
      SignInThrottle throttle,
      Access access,
      Auditor auditor,
      Context context,
      Clock clock) {
    this.registry = registry;
    this.staff = staff;
    this.profiles = profiles;
    this.seats = seats;
    this.seatConfig = seatConfig;
    this.settings = settings;
    this.summaries = summaries;
    this.throttle = throttle;
    this.access = access;
    this.auditor = auditor;
    this.context = context;
    this.clock = clock;
  }

  public void addTo(Router router) {
    Rule supervisors = Rule.roles(StaffRole.SUPERVISOR);
    Rule readers = Rule.roles(StaffRole.SUPERVISOR, StaffRole.MANAGER);
    access
        .route(router, HttpMethod.POST, "/api/session/guest", Rule.anyone())
        .handler(this::signIn);
    access
        .route(router, HttpMethod.GET, "/api/guests/me", Rule.roles(StaffRole.OFFICIAL))
        .handler(this::mine);
    access
        .route(
            router,
            HttpMethod.GET,
            "/api/guests/coached",
            Rule.roles(StaffRole.AGENT, StaffRole.SUPERVISOR))
        .handler(this::coached);
    access.route(router, HttpMethod.POST, "/api/guests", supervisors).handler(this::create);
    access.route(router, HttpMethod.GET, "/api/guests", readers).handler(this::list);
    access
        .route(router, HttpMethod.GET, "/api/guests/:guest", readers)
        .handler(
            ctx ->
                found(ctx)
                    .onSuccess(g -> ctx.json(GuestJson.session(g)))
                    .onFailure(e -> HttpErrors.fail(ctx, e)));
    access.route(router, HttpMethod.POST, "/api/guests/:guest/end", supervisors).handler(this::end);
    access
        .route(router, HttpMethod.GET, "/api/guests/:guest/summary", readers)
        .handler(
            ctx ->
                found(ctx)
                    .compose(
                        g ->
                            auditor
                                .record(ctx, "guest.summary", g.guestId(), Map.of())
                                .compose(v -> summaries.of(g)))
                    .onSuccess(ctx::json)
                    .onFailure(e -> HttpErrors.fail(ctx, e)));
  }

  private void create(RoutingContext ctx) {
    Optional<JsonObject> body = JsonBodies.object(ctx);
    if (body.isEmpty()) {
      return;
    }
    GuestRequest request;
    try {
      request = request(body.get());
    } catch (GuestException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    Principal me = Access.principal(ctx);
    Instant now = clock.instant();
    Map<String, Integer> skills = new LinkedHashMap<>();
    skills.put(OFFICIAL_SKILL, 1);
    settings.generalSkill().ifPresent(level -> skills.put(GENERAL_SKILL, level));
    Future.fromCompletionStage(
            registry
                .sessions()
                .create(request, skills, me.staffId(), now, settings.longestSession()),
            context)
        .compose(
            created ->
                auditor
                    .record(
                        ctx,
                        "guest.create",
                        created.session().guestId(),
                        Map.of(
                            "official", created.session().staffId(),
                            "seat", created.session().seatId(),
                            "district", created.session().districtId(),
                            "coach", created.session().coachId()))
                    // the official can take calls: their profile reaches the seat manager now
                    .compose(
                        v ->
                            Future.fromCompletionStage(
                                staff
                                    .find(created.session().staffId())
                                    .thenCompose(
                                        m ->
                                            m.map(profiles::changed)
                                                .orElse(
                                                    java.util.concurrent.CompletableFuture
                                                        .completedFuture(null))),
                                context))
                    .compose(v -> registry.refresh())
                    .map(created))
        .onSuccess(
            created -> {
              String link = link(ctx, created.code());
              ctx.response().setStatusCode(201);
              ctx.json(
                  GuestJson.session(created.session())
                      .put("code", created.code())
                      .put("link", link)
                      .put("qrSvg", QrSvg.of(link)));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  /** The skill of the officials' line and of the general queue (queues.yaml). */
  static final String OFFICIAL_SKILL = "official_line";

  static final String GENERAL_SKILL = "general";

  private GuestRequest request(JsonObject body) {
    String district = JsonBodies.text(body, "district");
    if (!seatConfig.districts().contains(district)) {
      throw new GuestException(GuestException.Code.INVALID_GUEST, "district", "unknown district");
    }
    String seat = JsonBodies.text(body, "seat");
    if (seatConfig.seats().stream().map(Seat::id).noneMatch(seat::equals)) {
      throw new GuestException(GuestException.Code.INVALID_GUEST, "seat", "unknown seat");
    }
    return new GuestRequest(
        JsonBodies.text(body, "name"),
        JsonBodies.text(body, "title"),
        district,
        seat,
        JsonBodies.text(body, "coach"),
        instant(body, "startsAt"),
        instant(body, "endsAt"));
  }

  private static Instant instant(JsonObject body, String field) {
    try {
      return Instant.parse(JsonBodies.text(body, field));
    } catch (DateTimeParseException e) {
      throw new GuestException(
          GuestException.Code.INVALID_GUEST, field, "a time such as 2026-12-08T01:00:00Z");
    }
  }

  /**
   * The link the QR code carries: this gateway's own address as the supervisor's browser reached it
   * (a phone on the centre's network opens the same), with the code in the fragment so that it
   * never reaches a server log.
   */
  private static String link(RoutingContext ctx, String code) {
    String host = ctx.request().authority() == null ? "" : ctx.request().authority().toString();
    return ctx.request().scheme() + "://" + host + "/guest/#" + code;
  }

  private void list(RoutingContext ctx) {
    Future.fromCompletionStage(
            registry.sessions().since(clock.instant().minus(Duration.ofDays(31)), 200), context)
        .onSuccess(
            all -> {
              JsonArray out = new JsonArray();
              all.forEach(g -> out.add(GuestJson.session(g)));
              ctx.json(new JsonObject().put("guests", out));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void end(RoutingContext ctx) {
    found(ctx)
        .compose(
            g ->
                auditor
                    .record(ctx, "guest.end", g.guestId(), Map.of("official", g.staffId()))
                    .compose(
                        v ->
                            Future.fromCompletionStage(
                                registry.sessions().end(g.guestId(), clock.instant()), context)))
        // closing it signs the official out of the gateway and the seat
        .compose(ended -> registry.refresh().map(ended))
        .compose(ended -> found(ctx))
        .onSuccess(g -> ctx.json(GuestJson.session(g)))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private Future<GuestSession> found(RoutingContext ctx) {
    return Future.fromCompletionStage(registry.sessions().find(ctx.pathParam("guest")), context)
        .compose(
            g ->
                g.isPresent()
                    ? Future.succeededFuture(g.get())
                    : Future.failedFuture(
                        new GuestException(GuestException.Code.GUEST_UNKNOWN, "no such session")));
  }

  private void mine(RoutingContext ctx) {
    Principal me = Access.principal(ctx);
    Future.fromCompletionStage(registry.sessions().ofStaff(me.staffId()), context)
        .compose(
            g ->
                g.isEmpty()
                    ? Future.failedFuture(
                        new GuestException(GuestException.Code.GUEST_UNKNOWN, "not a guest"))
                    : Future.fromCompletionStage(staff.find(g.get().coachId()), context)
                        .map(
                            coach ->
                                GuestJson.session(g.get())
                                    .put(
                                        "coachName",
                                        coach.map(c -> c.profile().name()).orElse(""))))
        .onSuccess(ctx::json)
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  /** The officials the signed-in agent coaches now, each with what their seat is doing. */
  private void coached(RoutingContext ctx) {
    Principal me = Access.principal(ctx);
    var mine = registry.coachedBy(me.staffId());
    var statuses =
        mine.stream()
            .map(
                g ->
                    Future.fromCompletionStage(seats.status(g.staffId()), context)
                        .map(s -> GuestJson.session(g).put("status", GuestJson.status(s)))
                        .otherwise(GuestJson.session(g)))
            .toList();
    Future.all(statuses)
        .onSuccess(
            all -> {
              JsonArray out = new JsonArray();
              statuses.forEach(f -> out.add(f.result()));
              ctx.json(new JsonObject().put("officials", out));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void signIn(RoutingContext ctx) {
    Optional<JsonObject> body = JsonBodies.object(ctx);
    if (body.isEmpty()) {
      return;
    }
    String code = body.get().getValue("code") instanceof String c ? c : "";
    String address = Access.address(ctx);
    String account = THROTTLE_ACCOUNT + address;
    Future.fromCompletionStage(throttle.wait(account, address), context)
        .compose(
            wait -> {
              if (wait.isPresent()) {
                ctx.response()
                    .putHeader("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
                HttpErrors.error(
                    ctx, 429, "SIGN_IN_THROTTLED", "too many wrong codes; try again later");
                return Future.succeededFuture();
              }
              return Future.fromCompletionStage(
                      registry.sessions().signIn(code, clock.instant(), settings.earlySignIn()),
                      context)
                  .compose(g -> open(ctx, g, address))
                  // a right code forgives this address's earlier typos
                  .compose(v -> Future.fromCompletionStage(throttle.succeeded(account), context))
                  .recover(
                      failure -> {
                        Throwable e = org.hotline.support.async.AsyncFailures.cause(failure);
                        if (e instanceof GuestException refused) {
                          return Future.fromCompletionStage(
                                  throttle.failed(account, address), context)
                              .compose(
                                  v ->
                                      auditor.recordAs(
                                          "guest",
                                          ctx,
                                          "sign-in.guest",
                                          "",
                                          refused.code().name().toLowerCase(java.util.Locale.ROOT),
                                          Map.of()))
                              .compose(v -> Future.failedFuture(e));
                        }
                        return Future.failedFuture(e);
                      });
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private Future<Void> open(RoutingContext ctx, GuestSession g, String address) {
    return Future.fromCompletionStage(staff.find(g.staffId()), context)
        .compose(
            member -> {
              if (member.isEmpty() || !member.get().active()) {
                return Future.failedFuture(
                    new GuestException(GuestException.Code.CODE_EXPIRED, "the session is over"));
              }
              return Future.fromCompletionStage(
                      access.sessions().create(member.get(), address), context)
                  .compose(
                      ticket ->
                          auditor
                              .recordAs(
                                  g.staffId(),
                                  ctx,
                                  "sign-in.guest",
                                  g.guestId(),
                                  "ok",
                                  Map.of("seat", g.seatId()))
                              .compose(v -> registry.refresh())
                              .onSuccess(
                                  v -> {
                                    access.setSessionCookie(ctx, ticket.id());
                                    ctx.json(
                                        SessionRoutes.me(ctx, ticket.session().principal(address))
                                            .put("guest", GuestJson.session(g)));
                                  }));
            });
  }
}
