package org.hotline.gateway.app;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.hotline.cases.api.CaseBridge;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.AccessSettings;
import org.hotline.gateway.access.Coaching;
import org.hotline.gateway.access.SessionRoutes;
import org.hotline.gateway.access.Sessions;
import org.hotline.gateway.access.SignInThrottle;
import org.hotline.gateway.agi.AgiScript;
import org.hotline.gateway.agi.AgiServer;
import org.hotline.gateway.agi.AgiSessionMetrics;
import org.hotline.gateway.agi.AllowedPeers;
import org.hotline.gateway.ami.AmiClient;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.ami.AmiTelephony;
import org.hotline.gateway.audit.AuditRoutes;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.callback.CallbackRoutes;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallEndings;
import org.hotline.gateway.cases.CaseHooks;
import org.hotline.gateway.cases.CaseProfiles;
import org.hotline.gateway.cases.CaseRoutes;
import org.hotline.gateway.channel.CallLifecycle;
import org.hotline.gateway.channel.CallTracker;
import org.hotline.gateway.channel.ChannelEvent;
import org.hotline.gateway.channel.KnownChannels;
import org.hotline.gateway.channel.LiveChannel;
import org.hotline.gateway.conference.ConferenceRoutes;
import org.hotline.gateway.conference.Conferences;
import org.hotline.gateway.conference.Rooms;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.consult.ConsultRoutes;
import org.hotline.gateway.consult.Consults;
import org.hotline.gateway.desktop.CallsHandled;
import org.hotline.gateway.desktop.DesktopEvents;
import org.hotline.gateway.desktop.DesktopRoutes;
import org.hotline.gateway.desktop.SupervisorsOnDuty;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.gateway.handover.CallMover;
import org.hotline.gateway.handover.DialplanPositions;
import org.hotline.gateway.handover.MarkedRedirects;
import org.hotline.gateway.handover.OpenSessions;
import org.hotline.gateway.handover.SessionHandover;
import org.hotline.gateway.http.HttpApi;
import org.hotline.gateway.ivr.AdoptedCalls;
import org.hotline.gateway.ivr.CallbackOffer;
import org.hotline.gateway.ivr.CallbackRequests;
import org.hotline.gateway.ivr.CallerProfiles;
import org.hotline.gateway.ivr.DialResult;
import org.hotline.gateway.ivr.IncomingCall;
import org.hotline.gateway.ivr.KnownChannelCheck;
import org.hotline.gateway.ivr.QueueingTimer;
import org.hotline.gateway.ivr.RoutingPolicy;
import org.hotline.gateway.monitor.MonitorRoutes;
import org.hotline.gateway.monitor.MonitorStore;
import org.hotline.gateway.monitor.Monitors;
import org.hotline.gateway.monitor.SpyEvents;
import org.hotline.gateway.officials.GuestRegistry;
import org.hotline.gateway.officials.GuestRoutes;
import org.hotline.gateway.officials.GuestSummaries;
import org.hotline.gateway.record.CallDetailStore;
import org.hotline.gateway.record.CallDetailWriter;
import org.hotline.gateway.record.ParticipantStore;
import org.hotline.gateway.reports.CentreReportRoutes;
import org.hotline.gateway.reports.CityReportRoutes;
import org.hotline.gateway.staff.ProfileSync;
import org.hotline.gateway.staff.StaffRoutes;
import org.hotline.gateway.switchboard.ChannelEventHandler;
import org.hotline.gateway.switchboard.Reconciler;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.gateway.transfer.TransferRoutes;
import org.hotline.gateway.transfer.Transfers;
import org.hotline.gateway.units.DirectoryRoutes;
import org.hotline.gateway.visits.ReturnVisitCaller;
import org.hotline.gateway.visits.ReturnVisitRoutes;
import org.hotline.gateway.visits.ReturnVisitSurvey;
import org.hotline.gateway.wallboard.WallboardRoutes;
import org.hotline.pg.support.Database;
import org.hotline.redis.support.RedisClients;
import org.hotline.reports.centre.CentreReports;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.SeatManagerMetrics;
import org.hotline.seat.record.SeatEventRecorder;
import org.hotline.seat.redis.RedisSeatManager;
import org.hotline.staff.audit.AuditTrail;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.guest.GuestSessions;
import org.hotline.staff.password.PasswordHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway instance: the seat manager on Redis, AMI connections to every Asterisk server, the
 * FastAGI server, the HTTP API, and the timers (seat-manager ticks, periodic reconciliation,
 * statistics for the gauges). Several instances may run on one Redis.
 */
public final class Gateway {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final Duration RECONCILE_EVERY = Duration.ofSeconds(60);
  private static final Duration STATISTICS_EVERY = Duration.ofSeconds(1);
  private static final Duration CASE_TICK_EVERY = Duration.ofSeconds(5);

  /** How often due return visits are claimed and called (each by one instance). */
  private static final Duration VISIT_ROUND_EVERY = Duration.ofSeconds(2);

  private static final Duration PROFILE_SYNC_EVERY = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final RedisSeatManager seats;
  private final RedisClient redisClient;
  private final StatefulRedisConnection<String, String> redis;
  private final StatefulRedisConnection<String, String> feedConnection;
  private final EventFeed feed;
  private final Switchboard switchboard;
  private final AmiTelephony telephony;
  private final List<AmiClient> amiClients = new ArrayList<>();
  private final AgiServer agi;
  private final HttpApi http;
  private final PrometheusMeterRegistry metrics;
  private final List<Long> timers = new ArrayList<>();
  private final Optional<CaseBridge> cases;
  private final CallTracker tracker;
  private final KnownChannels known;
  private final DialplanPositions positions;
  private final CallMover mover;
  private final CallEndings endings;
  private final Optional<SeatEventRecorder> seatEvents;
  private final Optional<StaffDirectory> staff;
  private final WallboardRoutes wallboard;
  private final ProfileSync profiles;
  private final java.util.concurrent.ExecutorService hashing;
  private final Access access;
  private final SpyEvents spies;
  private Optional<CallDetailWriter> callDetails = Optional.empty();
  // visiting officials' sessions; set in the constructor after the staff directory
  private Optional<GuestRegistry> guests = Optional.empty();
  private final List<Consumer<CallLifecycle>> lifecycles =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private Gateway(
      Vertx vertx,
      PrometheusMeterRegistry metrics,
      GatewayConfig config,
      SeatManagerConfig seatConfig,
      String redisUri,
      Optional<CaseBridge> cases,
      Optional<Database> record,
      Clock clock) {
    this.vertx = vertx;
    this.cases = cases;
    CallerProfiles profiles =
        cases.<CallerProfiles>map(CaseProfiles::new).orElse(CallerProfiles.NONE);
    this.config = config;
    Context context = vertx.getOrCreateContext();
    this.metrics = metrics;
    SeatManagerMetrics seatMetrics = new SeatManagerMetrics(seatConfig.queueIds());
    seatMetrics.bindTo(metrics);
    this.seats = RedisSeatManager.connect(redisUri, seatConfig, clock, seatMetrics);
    this.redisClient = RedisClients.create(redisUri);
    this.redis = redisClient.connect();
    this.feedConnection = redisClient.connect(); // XREAD BLOCK holds its connection
    this.feed = new EventFeed(vertx, feedConnection, seatConfig.centreId());
    CallDirectory directory = new CallDirectory(redis.async(), context, seatConfig.centreId());
    this.telephony = new AmiTelephony(config.dialplan());
    this.positions = new DialplanPositions(config.dialplan(), Instant::now);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "hotline.agi.sessions.ahead", positions, DialplanPositions::sessionsAheadOfEvents)
        .description("AGI sessions that opened before AMI's events had shown the channel there")
        .register(metrics);
    Telephony moves = new MarkedRedirects(telephony, positions, context);
    this.mover =
        new CallMover(
            positions,
            moves,
            callId -> Future.fromCompletionStage(seats.call(callId), context),
            (callId, offer) -> directory.noteOnce(callId, "rung:" + offer, "ring"),
            Instant::now,
            seatConfig.offerTimeout(),
            metrics);
    OpenSessions sessions =
        new OpenSessions(
            (callId, at, priority) ->
                context.runOnContext(v -> positions.sessionAt(callId, at, priority)));
    this.switchboard =
        new Switchboard(context, seats, seatConfig, config, directory, mover, sessions);
    this.endings = new CallEndings(directory, metrics, config.dialplan().connectContext());
    positions.listener(
        new DialplanPositions.Listener() {
          @Override
          public void becameSafe(String callId) {
            mover.becameSafe(callId);
          }

          @Override
          public void enteredConnect(String callId) {
            mover.enteredConnect(callId);
          }

          @Override
          public void enteredConnectMidway(String callId, String fromContext, int priority) {
            endings.enteredConnectMidway(callId, fromContext, priority);
          }

          @Override
          public void gone(String callId) {
            mover.gone(callId);
          }
        });
    ChannelEventHandler handler = new ChannelEventHandler(switchboard);
    CallTracker tracker = new CallTracker(this::lifecycleEnded);
    this.tracker = tracker;
    this.known =
        new KnownChannels(
            vertx,
            context,
            s -> amiClients.stream().anyMatch(c -> c.server().equals(s) && c.connected()));
    // positions first: a decision caused by this event must see where the caller is now
    Rooms rooms = new Rooms();
    this.spies = new SpyEvents();
    Consumer<ChannelEvent> events =
        positions.andThen(handler).andThen(tracker).andThen(known).andThen(rooms).andThen(spies);
    RoutingPolicy routing = new RoutingPolicy(config, seatConfig);
    Reconciler reconciler =
        new Reconciler(switchboard, new AdoptedCalls(switchboard, telephony, routing, clock));
    for (AmiServerConfig server : config.asterisk()) {
      AmiClient client =
          new AmiClient(
              vertx,
              server,
              config.dialplan().contexts()::contains,
              events,
              ami ->
                  reconciler
                      .reconcile(ami.server(), () -> liveChannels(ami))
                      .onFailure(
                          e -> LOG.warn("reconciling {} failed: {}", ami.server(), e.toString())));
      amiClients.add(client);
      telephony.add(client);
      io.micrometer.core.instrument.FunctionCounter.builder(
              "hotline.ami.events", client, AmiClient::eventsHandled)
          .tag("server", server.name())
          .description("channel events handled from this Asterisk server")
          .register(metrics);
      io.micrometer.core.instrument.FunctionCounter.builder(
              "hotline.ami.events.skipped", client, AmiClient::eventsSkipped)
          .tag("server", server.name())
          .description("events read and dropped unparsed (manager.conf's eventfilter spares them)")
          .register(metrics);
    }
    SessionHandover handover =
        new SessionHandover(
            sessions,
            seats,
            seatConfig,
            config.dialplan(),
            context,
            CallMover.connects(metrics, "session"));
    Optional<CaseHooks> caseHooks =
        cases.map(
            bridge ->
                new CaseHooks(
                    switchboard,
                    bridge,
                    agent -> this.guests.flatMap(g -> g.officialNames().apply(agent))));
    Coaching coaching =
        (coach, agent) -> this.guests.map(g -> g.coaches(coach, agent)).orElse(false);
    // sessions act only on channels the exchange's AMI has shown: a peer names any it likes
    KnownChannelCheck check =
        new KnownChannelCheck(known, config.asterisk(), KnownChannelCheck.WAIT, metrics);
    this.agi =
        new AgiServer(
            vertx,
            config.agi(),
            Map.of(
                "incoming",
                check.guard(
                    new IncomingCall(
                            switchboard, handover, routing, profiles, config.asterisk(), clock)
                        .timed(queueingTimer(metrics)),
                    IncomingCall.SERVER_ARGUMENT),
                "dialresult",
                check.guard(
                    new DialResult(switchboard, handover, config.asterisk()),
                    DialResult.SERVER_ARGUMENT),
                "callbackoffer",
                check.guard(
                    new CallbackOffer(
                        switchboard,
                        handover,
                        config.asterisk(),
                        caseHooks
                            .<CallbackRequests>map(h -> h)
                            .orElse(
                                id ->
                                    Future.failedFuture(
                                        new IllegalStateException("no callback list")))),
                    CallbackOffer.SERVER_ARGUMENT),
                "returnvisit",
                check.guard(
                    cases
                        .<AgiScript>map(bridge -> new ReturnVisitSurvey(bridge, context))
                        .orElse((request, session) -> Future.succeededFuture()),
                    ReturnVisitSurvey.SERVER_ARGUMENT)));
    // FastAGI sessions only from the exchanges: anyone else could queue fake calls
    agi.allowOnly(AllowedPeers.of(config.asterisk()));
    agi.recordSessions(new AgiSessionMetrics(metrics, agi));
    io.micrometer.core.instrument.FunctionCounter.builder(
            "hotline.agi.refused", agi, AgiServer::refusedConnections)
        .description("FastAGI connections refused: not from a configured Asterisk host")
        .register(metrics);
    AccessSettings accessSettings = config.access();
    this.hashing = passwordHashing();
    this.staff = record.map(db -> new StaffDirectory(db, new PasswordHasher(), hashing));
    Sessions webSessions =
        new Sessions(
            redis.async(),
            seatConfig.centreId(),
            accessSettings.sessionIdle(),
            accessSettings.sessionAbsolute(),
            clock);
    this.access = new Access(webSessions, accessSettings, context);
    this.profiles = new ProfileSync(seats, webSessions);
    Auditor auditor = new Auditor(record.map(AuditTrail::new), clock, context);
    this.http =
        new HttpApi(
            vertx,
            switchboard,
            metrics,
            this::exchangesUp,
            record.map(
                db ->
                    (java.util.function.Supplier<java.util.concurrent.CompletionStage<Boolean>>)
                        db::reachable),
            access,
            auditor,
            accessSettings.csrfSecret().orElseGet(() -> sharedCsrfSecret(seatConfig.centreId())));
    SignInThrottle throttle =
        new SignInThrottle(
            redis.async(),
            seatConfig.centreId(),
            accessSettings.failuresPerAccount(),
            accessSettings.failuresPerAddress(),
            accessSettings.throttleWindow());
    new SessionRoutes(access, staff, throttle, auditor, context).addTo(http.router());
    this.guests =
        record.flatMap(
            db ->
                staff.map(
                    people ->
                        new GuestRegistry(
                            new GuestSessions(db, people),
                            people,
                            this.profiles,
                            config.officials(),
                            context,
                            clock)));
    guests.ifPresent(
        registry -> {
          new GuestRoutes(
                  registry,
                  staff.orElseThrow(),
                  this.profiles,
                  seats,
                  seatConfig,
                  config.officials(),
                  new GuestSummaries(record.orElseThrow(), context, clock),
                  throttle,
                  access,
                  auditor,
                  context,
                  clock)
              .addTo(http.router());
          http.officialSeats(
              (official, seat) ->
                  registry.official(official).map(g -> g.seatId().equals(seat)).orElse(true));
          timers.add(
              vertx.setPeriodic(
                  GuestRegistry.REFRESH_EVERY.toMillis(),
                  id -> context.runOnContext(v -> registry.refresh())));
        });
    new AuditRoutes(auditor, context).addTo(http.router(), access);
    new DesktopEvents(
            vertx,
            context,
            access,
            seats,
            directory,
            cases,
            auditor,
            new CallsHandled(record.map(CallDetailStore::new), seatConfig.zone(), clock, context),
            clock,
            coaching)
        .addTo(http.router());
    new DesktopRoutes(seatConfig, access).addTo(http.router());
    this.wallboard =
        new WallboardRoutes(
                vertx,
                context,
                access,
                seats,
                seatConfig,
                config.wallboard(),
                directory,
                record,
                cases,
                clock)
            .addTo(http.router());
    wallboard.start();
    guests.ifPresent(registry -> registry.onSeats(wallboard::guestSeats));
    record.ifPresent(
        db ->
            new CentreReportRoutes(new CentreReports(db), seatConfig, access, context, clock)
                .addTo(http.router()));
    record.ifPresent(
        db ->
            config
                .configDirectory()
                .filter(d -> java.nio.file.Files.exists(d.resolve("reports.yaml")))
                .ifPresent(
                    d ->
                        CityReportRoutes.of(d, db, seatConfig.zone(), access, context, clock)
                            .addTo(http.router())));
    new DirectoryRoutes(config.units(), access).addTo(http.router());
    Conferences conferences =
        new Conferences(
            switchboard,
            directory,
            positions,
            rooms,
            moves,
            config.units(),
            record.map(ParticipantStore::new),
            presentedNumber(config));
    new ConferenceRoutes(conferences, seats, context, access, auditor).addTo(http.router());
    new ConsultRoutes(
            new Consults(
                switchboard,
                seats,
                seatConfig,
                directory,
                conferences,
                rooms,
                moves,
                record.map(ParticipantStore::new),
                presentedNumber(config)),
            seats,
            context,
            access,
            auditor)
        .addTo(http.router());
    new MonitorRoutes(
            new Monitors(
                vertx,
                context,
                switchboard,
                seats,
                seatConfig,
                directory,
                telephony,
                auditor,
                config.monitor(),
                new MonitorStore(redis.async(), context, seatConfig.centreId()),
                spies,
                clock),
            access)
        .addTo(http.router());
    new TransferRoutes(
            new Transfers(switchboard, seats, seatConfig, directory, positions, moves),
            seats,
            context,
            access,
            auditor)
        .addTo(http.router());
    staff.ifPresent(
        people -> {
          new StaffRoutes(people, this.profiles, auditor, access, context).addTo(http.router());
          new SupervisorsOnDuty(people, seats, context, access, clock).addTo(http.router());
        });
    cases.ifPresent(
        bridge -> {
          caseHooks.ifPresent(switchboard::observe);
          new CaseRoutes(bridge, seats, directory, context, access, auditor, coaching)
              .addTo(http.router());
          new CallbackRoutes(
                  bridge,
                  seats,
                  seatConfig,
                  telephony,
                  new CallbackRoutes.CallOutSettings(
                      config.asterisk().get(0).name(), presentedNumber(config)),
                  context,
                  access,
                  auditor,
                  clock)
              .addTo(http.router());
          timers.add(vertx.setPeriodic(CASE_TICK_EVERY.toMillis(), id -> bridge.tick()));
          new ReturnVisitRoutes(
                  bridge,
                  seats,
                  seatConfig,
                  telephony,
                  presentedNumber(config),
                  context,
                  access,
                  auditor,
                  clock)
              .addTo(http.router());
          ReturnVisitCaller visits =
              new ReturnVisitCaller(
                  bridge,
                  telephony,
                  presentedNumber(config),
                  () -> telephony.servers().values().stream().anyMatch(AmiClient::connected),
                  vertx,
                  context);
          timers.add(vertx.setPeriodic(VISIT_ROUND_EVERY.toMillis(), id -> visits.round()));
        });
    this.seatEvents =
        record.map(
            db -> new SeatEventRecorder(db, redisClient.connect(), seatConfig.centreId(), clock));
    // this instance's decisions reach the record at once, not only through the stream
    seatEvents.ifPresent(
        r -> {
          seats.onEvents(r::offer);
          io.micrometer.core.instrument.FunctionCounter.builder(
                  "hotline.record.seat.events", r, SeatEventRecorder::recorded)
              .description("seat-manager events this instance wrote to the city's record")
              .register(metrics);
          io.micrometer.core.instrument.FunctionCounter.builder(
                  "hotline.record.redis.losses", r, SeatEventRecorder::losses)
              .description("times this instance found Redis had lost the seat manager's data")
              .register(metrics);
        });
    record.ifPresent(
        db -> {
          CallDetailWriter details =
              new CallDetailWriter(
                  context,
                  directory,
                  seats,
                  seatConfig,
                  new CallDetailStore(db),
                  config.dialplan().connectContext(),
                  tracker::legAlive,
                  clock,
                  metrics);
          lifecycles.add(details);
          callDetails = Optional.of(details);
          timers.add(
              vertx.setPeriodic(
                  CallDetailWriter.SWEEP_EVERY.toMillis(),
                  id -> context.runOnContext(v -> details.sweep())));
        });
    timers.add(vertx.setPeriodic(config.tickInterval().toMillis(), id -> switchboard.tick()));
    timers.add(vertx.setPeriodic(1000, id -> mover.sweep()));
    timers.add(
        vertx.setPeriodic(
            RECONCILE_EVERY.toMillis(),
            id -> {
              for (AmiClient client : amiClients) {
                if (client.connected()) {
                  reconciler.reconcile(client.server(), () -> liveChannels(client));
                }
              }
            }));
    timers.add(
        vertx.setPeriodic(
            STATISTICS_EVERY.toMillis(), id -> seats.statistics().thenAccept(seatMetrics::update)));
  }

  /**
   * {@code hotline.agi.queueing}: AGI start to the queueing decision, by whether it was offered.
   */
  private static QueueingTimer queueingTimer(PrometheusMeterRegistry metrics) {
    io.micrometer.core.instrument.Timer offered =
        io.micrometer.core.instrument.Timer.builder("hotline.agi.queueing")
            .tag("offered", "true")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    io.micrometer.core.instrument.Timer waiting =
        io.micrometer.core.instrument.Timer.builder("hotline.agi.queueing")
            .tag("offered", "false")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    return (nanos, offeredAtOnce) ->
        (offeredAtOnce ? offered : waiting)
            .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Starts everything; completes when AGI and HTTP listen (AMI logs in in the background). */
  public static Future<Gateway> start(
      Vertx vertx,
      GatewayConfig config,
      SeatManagerConfig seatConfig,
      String redisUri,
      Optional<CaseBridge> cases,
      Clock clock) {
    return start(vertx, config, seatConfig, redisUri, cases, Optional.empty(), clock);
  }

  /**
   * The same, writing call detail records and agent time to the city's record in {@code record}
   * (migrated; the gateway does not close it).
   */
  public static Future<Gateway> start(
      Vertx vertx,
      GatewayConfig config,
      SeatManagerConfig seatConfig,
      String redisUri,
      Optional<CaseBridge> cases,
      Optional<Database> record,
      Clock clock) {
    return create(vertx, config, seatConfig, redisUri, cases, record, clock)
        .compose(Gateway::begin);
  }

  /**
   * The same on a Vert.x that reports into its own registry: {@code /metrics} shows the gateway's
   * meters, Vert.x's HTTP server meters and the JVM's.
   */
  public static Future<Gateway> start(
      MeteredVertx vertx,
      GatewayConfig config,
      SeatManagerConfig seatConfig,
      String redisUri,
      Optional<CaseBridge> cases,
      Optional<Database> record,
      Clock clock) {
    return vertx
        .vertx()
        .executeBlocking(
            () ->
                new Gateway(
                    vertx.vertx(),
                    vertx.registry(),
                    config,
                    seatConfig,
                    redisUri,
                    cases,
                    record,
                    clock))
        .compose(Gateway::begin);
  }

  /** Builds every part (connecting to Redis) without starting to listen: observers can attach. */
  public static Future<Gateway> create(
      Vertx vertx,
      GatewayConfig config,
      SeatManagerConfig seatConfig,
      String redisUri,
      Optional<CaseBridge> cases,
      Clock clock) {
    return create(vertx, config, seatConfig, redisUri, cases, Optional.empty(), clock);
  }

  public static Future<Gateway> create(
      Vertx vertx,
      GatewayConfig config,
      SeatManagerConfig seatConfig,
      String redisUri,
      Optional<CaseBridge> cases,
      Optional<Database> record,
      Clock clock) {
    // a registry of its own: this Vert.x reports into none
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return vertx.executeBlocking(
        () -> new Gateway(vertx, metrics, config, seatConfig, redisUri, cases, record, clock));
  }

  /** Starts the feeds, deliveries and AMI logins, and listens for FastAGI and HTTP. */
  public Future<Gateway> begin() {
    staff.ifPresent(
        directory -> {
          syncProfiles(directory);
          timers.add(
              vertx.setPeriodic(PROFILE_SYNC_EVERY.toMillis(), id -> syncProfiles(directory)));
        });
    feed.start();
    guests.ifPresent(GuestRegistry::refresh);
    seatEvents.ifPresent(SeatEventRecorder::start);
    cases.ifPresent(CaseBridge::startDelivery);
    amiClients.forEach(AmiClient::start);
    return agi.listen()
        .compose(a -> http.listen(config.httpHost(), config.httpPort()))
        .map(h -> this);
  }

  /**
   * Every active person who takes calls has their profile in the seat manager (Redis may lose it).
   */
  private void syncProfiles(StaffDirectory directory) {
    profiles
        .syncAll(directory)
        .whenComplete(
            (n, e) -> {
              if (e != null) {
                LOG.warn("staff profiles not synchronised with the seat manager: {}", e.toString());
              } else {
                LOG.debug("{} staff profiles registered with the seat manager", n);
              }
            });
  }

  /**
   * Argon2 takes tens of milliseconds of a core: two threads, and a short queue beyond which a
   * sign-in is refused as busy rather than waiting behind a flood.
   */
  private static java.util.concurrent.ExecutorService passwordHashing() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return new java.util.concurrent.ThreadPoolExecutor(
        2,
        2,
        0,
        java.util.concurrent.TimeUnit.SECONDS,
        new java.util.concurrent.ArrayBlockingQueue<>(200),
        r -> {
          Thread t = new Thread(r, "password-hashing-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * One CSRF secret for every instance of the centre, made by whichever starts first; blocking, at
   * construction (a worker thread).
   */
  private String sharedCsrfSecret(String centreId) {
    String key = "hotline:" + centreId + ":csrf-secret";
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    redis
        .sync()
        .set(key, java.util.HexFormat.of().formatHex(raw), io.lettuce.core.SetArgs.Builder.nx());
    return redis.sync().get(key);
  }

  /**
   * Registers every active person who takes calls with the seat manager now, rather than at the
   * next periodic pass: for people written to the directory outside the API (an import at start).
   */
  /** The number residents see when the centre calls them: the hotline's own line. */
  static String presentedNumber(GatewayConfig config) {
    return config.lines().keySet().stream()
        .filter(n -> n.matches("\\d{3,20}"))
        .sorted()
        .findFirst()
        .orElse("12345");
  }

  public java.util.concurrent.CompletionStage<Integer> syncStaffProfiles() {
    return staff
        .map(profiles::syncAll)
        .orElse(java.util.concurrent.CompletableFuture.completedFuture(0));
  }

  /** The staff directory, when the gateway has the city's record. */
  public Optional<StaffDirectory> staff() {
    return staff;
  }

  public Access access() {
    return access;
  }

  /** The writer of call detail records, when the gateway writes the city's record. */
  public Optional<CallDetailWriter> callDetails() {
    return callDetails;
  }

  /** The reader of the seat manager's events into the city's record, when it writes one. */
  public Optional<SeatEventRecorder> seatEvents() {
    return seatEvents;
  }

  public Switchboard switchboard() {
    return switchboard;
  }

  public RedisSeatManager seats() {
    return seats;
  }

  public int agiPort() {
    return agi.actualPort();
  }

  public int httpPort() {
    return http.actualPort();
  }

  public HttpApi http() {
    return http;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public List<AmiClient> amiClients() {
    return List.copyOf(amiClients);
  }

  /** The exchange's channels; legs the tracker still holds that are gone end their calls. */
  private Future<List<LiveChannel>> liveChannels(AmiClient ami) {
    Instant requested = Instant.now();
    return ami.liveChannels()
        .onSuccess(
            channels -> {
              Set<String> alive = new HashSet<>();
              channels.forEach(c -> alive.add(c.uniqueId()));
              tracker.keepOnly(ami.server(), alive, requested, Instant.now());
              known.resync(ami.server(), channels, requested);
              positions.resync(ami.server(), channels, requested);
              spies.live(ami.server(), alive, requested);
            });
  }

  private void lifecycleEnded(CallLifecycle call) {
    LOG.debug(
        "call {} on {} ended: {} legs, bridged {}",
        call.linkedId(),
        call.server(),
        call.legs().size(),
        call.bridged());
    endings.accept(call);
    lifecycles.forEach(l -> l.accept(call));
  }

  /** Hears each call's life once its last leg has hung up. */
  public void observeLifecycles(Consumer<CallLifecycle> listener) {
    lifecycles.add(listener);
  }

  /** Whether every configured Asterisk server is connected. */
  public boolean exchangesUp() {
    return amiClients.stream().allMatch(AmiClient::connected);
  }

  public Future<Void> close() {
    timers.forEach(vertx::cancelTimer);
    wallboard.stop();
    feed.stop();
    List<Future<?>> closing = new ArrayList<>();
    amiClients.forEach(c -> closing.add(c.close()));
    closing.add(agi.close());
    return Future.join(closing)
        .eventually(
            () ->
                vertx.executeBlocking(
                    () -> {
                      cases.ifPresent(CaseBridge::close);
                      seatEvents.ifPresent(SeatEventRecorder::close);
                      hashing.shutdownNow();
                      seats.close();
                      redis.close();
                      feedConnection.close();
                      RedisClients.shutdown(redisClient);
                      return null;
                    }))
        .mapEmpty();
  }
}
