package org.hotline.seat.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.hotline.redis.support.RedisClients;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.AgentEvent;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallLeg;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.Offer;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.api.SeatEvent;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.api.SeatManagerUnavailableException;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.routing.AgentPools;
import org.hotline.seat.routing.CallPlan;
import org.hotline.seat.routing.RoutingPlanner;
import org.hotline.seat.stats.FloorSeat;
import org.hotline.seat.stats.LiveStatistics;
import org.hotline.seat.stats.QueueStatistics;
import org.hotline.support.async.AsyncFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seat manager on Redis. Java validates arguments against the configuration and computes the
 * buckets; each decision is then one Lua script, atomic, over keys of one hash tag.
 */
public final class RedisSeatManager implements SeatManager {

  /** How many timers of each kind one {@link #tick()} handles at most. */
  static final int TICK_BATCH = 200;

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private static final Script LOGIN = Script.named("login");
  private static final Script LOGOUT = Script.named("logout");
  private static final Script PAUSE = Script.named("pause");
  private static final Script READY = Script.named("ready");
  private static final Script ENQUEUE = Script.named("enqueue");
  private static final Script OFFER_TO = Script.named("offer_to");
  private static final Script ANSWER = Script.named("answer");
  private static final Script NO_ANSWER = Script.named("no_answer");
  private static final Script HANG_UP = Script.named("hang_up");
  private static final Script HOLD = Script.named("hold");
  private static final Script TRANSFER = Script.named("transfer");
  private static final Script TICK = Script.named("tick");
  private static final Script STATISTICS = Script.named("statistics");
  private static final Script FLOOR = Script.named("floor");
  private static final Script ACTIVE_CALLS = Script.named("active_calls");

  private static final Logger LOG = LoggerFactory.getLogger(RedisSeatManager.class);

  private final RedisClient ownedClient;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> redis;
  private final RoutingPlanner planner;
  private final SeatManagerConfig config;
  private final KeySpace keys;
  private final Clock clock;
  private final DecisionRecorder recorder;
  private volatile Consumer<List<SeatEvent>> events = e -> {};

  /**
   * Uses an open connection (not closed by {@link #close()}).
   *
   * @param clock the time every decision is stamped with; tests inject one
   */
  public RedisSeatManager(
      StatefulRedisConnection<String, String> connection,
      SeatManagerConfig config,
      Clock clock,
      DecisionRecorder recorder) {
    this(null, connection, config, clock, recorder);
  }

  private RedisSeatManager(
      RedisClient ownedClient,
      StatefulRedisConnection<String, String> connection,
      SeatManagerConfig config,
      Clock clock,
      DecisionRecorder recorder) {
    this.ownedClient = ownedClient;
    this.connection = Objects.requireNonNull(connection);
    this.redis = connection.async();
    this.config = Objects.requireNonNull(config);
    this.planner = new RoutingPlanner(config);
    this.keys = new KeySpace(config.centreId());
    this.clock = Objects.requireNonNull(clock);
    this.recorder = Objects.requireNonNull(recorder);
  }

  /**
   * Connects to {@code redisUri} (settings of {@link RedisClients}); {@link #close()} disconnects.
   */
  public static RedisSeatManager connect(
      String redisUri, SeatManagerConfig config, Clock clock, DecisionRecorder recorder) {
    RedisClient client = RedisClients.create(redisUri);
    try {
      RedisSeatManager seats =
          new RedisSeatManager(client, client.connect(), config, clock, recorder);
      seats.loadScripts().toCompletableFuture().join();
      return seats;
    } catch (RuntimeException e) {
      RedisClients.shutdown(client);
      throw e;
    }
  }

  /**
   * Sends every script to Redis once, so the first decisions run by SHA. Redis may forget them
   * (restart, failover); a script then sends itself again.
   */
  public CompletionStage<Void> loadScripts() {
    List<CompletableFuture<String>> loads = new ArrayList<>();
    for (Script script :
        List.of(
            LOGIN,
            LOGOUT,
            PAUSE,
            READY,
            ENQUEUE,
            OFFER_TO,
            ANSWER,
            NO_ANSWER,
            HANG_UP,
            HOLD,
            TRANSFER,
            TICK,
            STATISTICS)) {
      loads.add(redis.scriptLoad(script.source()).toCompletableFuture());
    }
    return guard("loadScripts", CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)));
  }

  public SeatManagerConfig config() {
    return config;
  }

  public KeySpace keys() {
    return keys;
  }

  // ---- directory ----

  @Override
  public CompletionStage<Void> registerAgent(Agent agent) {
    for (String district : agent.districts()) {
      if (!config.districts().contains(district)) {
        return failed(ErrorCode.INVALID_ARGUMENT, "unknown district " + district);
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", agent.name());
    fields.put("role", agent.role().name());
    List<String> skills = new ArrayList<>();
    agent.skills().forEach((skill, level) -> skills.add(skill + ":" + level));
    fields.put("skills", String.join(",", skills));
    fields.put("languages", String.join(",", agent.languages()));
    fields.put("districts", String.join(",", agent.districts()));
    return guard(
        "registerAgent", redis.hset(keys.profile(agent.id()), fields).thenApply(n -> null));
  }

  @Override
  public CompletionStage<Optional<Agent>> agent(String agentId) {
    if (!Agent.ID.matcher(agentId).matches()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return guard(
        "agent",
        redis
            .hgetall(keys.profile(agentId))
            .thenApply(
                f -> {
                  if (f.isEmpty()) {
                    return Optional.empty();
                  }
                  Map<String, Integer> skills = new LinkedHashMap<>();
                  for (String pair : split(f.get("skills"))) {
                    int colon = pair.indexOf(':');
                    skills.put(
                        pair.substring(0, colon), Integer.parseInt(pair.substring(colon + 1)));
                  }
                  return Optional.of(
                      new Agent(
                          agentId,
                          f.get("name"),
                          Role.valueOf(f.get("role")),
                          skills,
                          java.util.Set.copyOf(split(f.get("languages"))),
                          java.util.Set.copyOf(split(f.get("districts")))));
                }));
  }

  // ---- agents ----

  @Override
  public CompletionStage<Decision> login(
      String agentId, String seatId, Optional<String> pauseReason) {
    if (config.seat(seatId).isEmpty()) {
      return failed(ErrorCode.SEAT_UNKNOWN, seatId);
    }
    if (pauseReason.isPresent() && config.pauseReason(pauseReason.get()).isEmpty()) {
      return failed(ErrorCode.PAUSE_REASON_UNKNOWN, pauseReason.get());
    }
    if (pauseReason.flatMap(config::pauseReason).filter(r -> !r.selectable()).isPresent()) {
      return failed(ErrorCode.REASON_NOT_SELECTABLE, pauseReason.get());
    }
    return agent(agentId)
        .thenCompose(
            agent -> {
              if (agent.isEmpty()) {
                return failed(ErrorCode.AGENT_UNKNOWN, agentId);
              }
              AgentPools pools = planner.poolsFor(agent.get());
              return decide(
                  "login",
                  LOGIN,
                  keys.agent(agentId),
                  agentId,
                  seatId,
                  pools.encodedPools(),
                  pools.encodedQueues(),
                  pauseReason.isPresent() ? "paused" : "avail",
                  pauseReason.orElse(""));
            });
  }

  @Override
  public CompletionStage<Decision> logout(String agentId) {
    return withAgentId(agentId, () -> decide("logout", LOGOUT, keys.agent(agentId), agentId));
  }

  @Override
  public CompletionStage<Decision> pause(String agentId, String reason) {
    Optional<PauseReason> known = config.pauseReason(reason);
    if (known.isEmpty()) {
      return failed(ErrorCode.PAUSE_REASON_UNKNOWN, reason);
    }
    // the system's own reasons (no-answer) come from their scripts, never through here
    if (!known.get().selectable()) {
      return failed(ErrorCode.REASON_NOT_SELECTABLE, reason);
    }
    return withAgentId(agentId, () -> decide("pause", PAUSE, keys.agent(agentId), agentId, reason));
  }

  @Override
  public CompletionStage<Decision> pauseForSystem(String agentId, String systemReason) {
    Optional<PauseReason> known = config.pauseReason(systemReason);
    if (known.isEmpty()) {
      return failed(ErrorCode.PAUSE_REASON_UNKNOWN, systemReason);
    }
    if (known.get().selectable()) {
      // a reason people choose goes through pause(): this one is for the system's
      return failed(ErrorCode.INVALID_ARGUMENT, systemReason + " is a person's reason");
    }
    return withAgentId(
        agentId, () -> decide("pause", PAUSE, keys.agent(agentId), agentId, systemReason));
  }

  @Override
  public CompletionStage<Decision> ready(String agentId) {
    return withAgentId(
        agentId,
        () -> decide("ready", READY, keys.agent(agentId), agentId, AgentEvent.READY.name()));
  }

  @Override
  public CompletionStage<Decision> finishWrapUp(String agentId) {
    return withAgentId(
        agentId,
        () ->
            decide(
                "finishWrapUp",
                READY,
                keys.agent(agentId),
                agentId,
                AgentEvent.WRAP_UP_END.name()));
  }

  // ---- calls ----

  @Override
  public CompletionStage<Decision> enqueue(RoutingRequest request) {
    List<String> args;
    try {
      args = queueing(request);
    } catch (SeatManagerException e) {
      return CompletableFuture.failedFuture(e);
    }
    args.add(0, request.callId());
    return decide("enqueue", ENQUEUE, keys.call(request.callId()), args.toArray(String[]::new));
  }

  @Override
  public CompletionStage<Decision> transfer(
      String callId, String fromAgentId, RoutingRequest request, Optional<String> toAgent) {
    return transfer(callId, fromAgentId, request, toAgent, false);
  }

  @Override
  public CompletionStage<Decision> transferConsulted(
      String callId, String fromAgentId, RoutingRequest request, String toAgent) {
    return transfer(callId, fromAgentId, request, Optional.of(toAgent), true);
  }

  private CompletionStage<Decision> transfer(
      String callId,
      String fromAgentId,
      RoutingRequest request,
      Optional<String> toAgent,
      boolean consulted) {
    if (!request.callId().equals(callId)) {
      return failed(ErrorCode.INVALID_ARGUMENT, "the request is for another call");
    }
    List<String> args;
    try {
      args = queueing(request);
    } catch (SeatManagerException e) {
      return CompletableFuture.failedFuture(e);
    }
    args.remove(8); // the arrival: a transferred call waits in its new queue from now
    args.addAll(0, List.of(callId, fromAgentId, toAgent.orElse("")));
    args.add(consulted ? "1" : "0");
    return withCallId(
        callId,
        () ->
            withAgentId(
                fromAgentId,
                () ->
                    toAgent.isPresent() && !Agent.ID.matcher(toAgent.get()).matches()
                        ? failed(ErrorCode.AGENT_UNKNOWN, toAgent.get())
                        : decide(
                            "transfer", TRANSFER, keys.call(callId), args.toArray(String[]::new))));
  }

  /**
   * Queue, priority, language, district, the queue's limits, the arrival, the step offsets and the
   * buckets of every step, as the enqueue and transfer scripts take them.
   */
  private List<String> queueing(RoutingRequest request) {
    QueueConfig queue = planner.queue(request.queueId());
    CallPlan plan = planner.planCall(request);
    List<String> args = new ArrayList<>();
    args.add(queue.id());
    args.add(Integer.toString(request.priority()));
    args.add(request.language().orElse(queue.languages().get(0)));
    args.add(request.district().orElse(""));
    args.add(Long.toString(config.offerTimeout().toMillis()));
    args.add(Long.toString(queue.serviceLevelThreshold().toMillis()));
    args.add(Long.toString(queue.shortAbandonThreshold().toMillis()));
    args.add(Long.toString(queue.wrapUpLimit().toMillis()));
    args.add(request.arrivedAt().map(t -> Long.toString(t.toEpochMilli())).orElse(""));
    List<String> offsets = new ArrayList<>();
    List<String> buckets = new ArrayList<>();
    for (CallPlan.Step step : plan.steps()) {
      if (!step.after().isZero()) {
        offsets.add(Long.toString(step.after().toMillis()));
      }
      buckets.add(step.encodedBuckets());
    }
    args.add(String.join(",", offsets));
    args.add(String.join(";", buckets));
    return args;
  }

  @Override
  public CompletionStage<Decision> offerTo(String callId, String agentId) {
    return withCallId(
        callId,
        () ->
            withAgentId(
                agentId, () -> decide("offerTo", OFFER_TO, keys.call(callId), callId, agentId)));
  }

  @Override
  public CompletionStage<Decision> answered(String callId, String seatId) {
    return withCallId(callId, () -> decide("answered", ANSWER, keys.call(callId), callId, seatId));
  }

  @Override
  public CompletionStage<Decision> ringNoAnswer(
      String callId, String seatId, String pauseReason, String how) {
    if (config.pauseReason(pauseReason).isEmpty()) {
      return failed(ErrorCode.PAUSE_REASON_UNKNOWN, pauseReason);
    }
    return withCallId(
        callId,
        () ->
            decide("ringNoAnswer", NO_ANSWER, keys.call(callId), callId, seatId, pauseReason, how));
  }

  @Override
  public CompletionStage<Decision> hangUp(String callId) {
    return withCallId(callId, () -> decide("hangUp", HANG_UP, keys.call(callId), callId));
  }

  @Override
  public CompletionStage<Decision> hold(String callId, boolean onHold) {
    return withCallId(
        callId, () -> decide("hold", HOLD, keys.call(callId), callId, onHold ? "1" : "0"));
  }

  @Override
  public CompletionStage<Decision> tick() {
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(TICK_BATCH));
    for (QueueConfig queue : config.queues()) {
      args.add(queue.id());
      args.add(Long.toString(queue.maxWait().toMillis()));
    }
    return decide("tick", TICK, keys.prefix() + "timers", args.toArray(String[]::new));
  }

  // ---- reads ----

  @Override
  public CompletionStage<AgentStatus> status(String agentId) {
    if (!Agent.ID.matcher(agentId).matches()) {
      return failed(ErrorCode.AGENT_UNKNOWN, agentId);
    }
    return guard(
        "status",
        redis
            .hmget(keys.agent(agentId), "st", "seat", "call", "reason", "since", "wrapUntil")
            .thenApply(
                values -> {
                  String[] v = new String[values.size()];
                  for (int i = 0; i < v.length; i++) {
                    v[i] = values.get(i).getValueOrElse("");
                  }
                  Instant since =
                      v[4].isEmpty() ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(v[4]));
                  return switch (AgentState.ofCode(v[0])) {
                    case LOGGED_OUT -> new AgentStatus.LoggedOut(agentId, since);
                    case AVAILABLE -> new AgentStatus.Available(agentId, v[1], since);
                    case OFFERED -> new AgentStatus.Offered(agentId, v[1], v[2], since);
                    case ON_CALL -> new AgentStatus.OnCall(agentId, v[1], v[2], since);
                    case WRAP_UP ->
                        new AgentStatus.WrapUp(
                            agentId, v[1], v[2], since, Instant.ofEpochMilli(Long.parseLong(v[5])));
                    case PAUSED -> new AgentStatus.Paused(agentId, v[1], v[3], since);
                  };
                }));
  }

  @Override
  public CompletionStage<Map<String, CallState>> activeCalls() {
    Instant now = clock.instant();
    List<String> args =
        new ArrayList<>(List.of(keys.prefix(), Long.toString(now.toEpochMilli()), day(now)));
    args.addAll(config.queueIds());
    CompletionStage<Map<String, CallState>> calls =
        ACTIVE_CALLS
            .run(redis, keys.prefix() + "calls", args.toArray(String[]::new))
            .thenApply(
                reply -> {
                  List<String> flat = strings(reply.get(2));
                  Map<String, CallState> out = new LinkedHashMap<>();
                  for (int i = 0; i + 1 < flat.size(); i += 2) {
                    if (!flat.get(i + 1).isEmpty()) {
                      out.put(flat.get(i), CallState.ofCode(flat.get(i + 1)));
                    }
                  }
                  return out;
                });
    return guard("activeCalls", calls);
  }

  @Override
  public CompletionStage<Optional<CallView>> call(String callId) {
    if (!RoutingRequest.CALL_ID.matcher(callId).matches()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletionStage<Optional<CallView>> view =
        redis
            .hgetall(keys.call(callId))
            .thenApply(f -> f.isEmpty() ? Optional.empty() : Optional.of(callView(callId, f)));
    return guard("call", view);
  }

  private static CallView callView(String callId, Map<String, String> f) {
    return new CallView(
        callId,
        f.get("q"),
        CallState.ofCode(f.get("st")),
        Integer.parseInt(f.get("prio")),
        f.get("lang"),
        nonEmpty(f.get("district")),
        Instant.ofEpochMilli(Long.parseLong(f.get("enq"))),
        Integer.parseInt(f.getOrDefault("step", "0")),
        Integer.parseInt(f.getOrDefault("requeues", "0")),
        nonEmpty(f.get("agent")),
        nonEmpty(f.get("seat")),
        nonEmpty(f.get("offeredAt")).map(ms -> Instant.ofEpochMilli(Long.parseLong(ms))),
        nonEmpty(f.get("answeredAt")).map(ms -> Instant.ofEpochMilli(Long.parseLong(ms))),
        nonEmpty(f.get("endedAt")).map(ms -> Instant.ofEpochMilli(Long.parseLong(ms))),
        Duration.ofMillis(number(f.get("talkMs"))),
        Duration.ofMillis(number(f.get("holdMs"))),
        legs(f.get("legs")));
  }

  /**
   * The transfer script's record of earlier legs: {@code q|agent|seat|enq|answered|ended|talk;…}.
   */
  private static List<CallLeg> legs(String encoded) {
    List<CallLeg> legs = new ArrayList<>();
    if (encoded == null || encoded.isEmpty()) {
      return legs;
    }
    for (String leg : encoded.split(";")) {
      String[] p = leg.split("\\|", -1);
      legs.add(
          new CallLeg(
              p[0],
              p[1],
              p[2],
              Instant.ofEpochMilli(number(p[3])),
              Instant.ofEpochMilli(number(p[4])),
              Instant.ofEpochMilli(number(p[5])),
              Duration.ofMillis(number(p[6]))));
    }
    return legs;
  }

  @Override
  public CompletionStage<LiveStatistics> statistics() {
    Instant now = clock.instant();
    String day = day(now);
    List<String> args =
        new ArrayList<>(List.of(keys.prefix(), Long.toString(now.toEpochMilli()), day));
    args.addAll(config.queueIds());
    CompletionStage<List<Object>> reply =
        STATISTICS.run(redis, keys.prefix() + "stats", args.toArray(String[]::new));
    return guard("statistics", reply.thenApply(rows -> parseStatistics(rows, now, day)));
  }

  @Override
  public CompletionStage<Optional<String>> agentAt(String seatId) {
    return guard("agentAt", redis.get(keys.seat(seatId)).thenApply(Optional::ofNullable));
  }

  /** Agents read per floor script: a stretch short enough not to hold Redis up. */
  public static final int FLOOR_STRETCH = 500;

  @Override
  public CompletionStage<List<FloorSeat>> floor() {
    Map<String, FloorSeat> seen = new LinkedHashMap<>(); // SSCAN may return an agent twice
    return guard("floor", floorFrom("0", seen)).thenApply(v -> sortedFloor(seen));
  }

  private CompletionStage<Void> floorFrom(String cursor, Map<String, FloorSeat> seen) {
    Instant now = clock.instant();
    return FLOOR
        .run(
            redis,
            keys.prefix() + "loggedin",
            keys.prefix(),
            Long.toString(now.toEpochMilli()),
            day(now),
            cursor,
            Integer.toString(FLOOR_STRETCH))
        .thenCompose(
            reply -> {
              String next = (String) reply.get(0);
              for (FloorSeat s : parseFloor((List<?>) reply.get(1))) {
                seen.put(s.agentId(), s);
              }
              return next.equals("0")
                  ? CompletableFuture.<Void>completedFuture(null)
                  : floorFrom(next, seen);
            });
  }

  private static List<FloorSeat> sortedFloor(Map<String, FloorSeat> seen) {
    List<FloorSeat> seats = new ArrayList<>(seen.values());
    seats.sort(java.util.Comparator.comparing(FloorSeat::seatId));
    return seats;
  }

  private static List<FloorSeat> parseFloor(List<?> rows) {
    List<FloorSeat> seats = new ArrayList<>(rows.size());
    for (Object r : rows) {
      List<?> row = (List<?>) r;
      String since = (String) row.get(2);
      String call = (String) row.get(5);
      String queues = (String) row.get(6);
      seats.add(
          new FloorSeat(
              (String) row.get(3),
              (String) row.get(0),
              AgentState.ofCode((String) row.get(1)),
              Instant.ofEpochMilli(since.isEmpty() ? 0 : Long.parseLong(since)),
              (String) row.get(4),
              call.isEmpty() ? Optional.empty() : Optional.of(call),
              queues.isEmpty() ? List.of() : List.of(queues.split(","))));
    }
    return seats;
  }

  private static LiveStatistics parseStatistics(List<Object> rows, Instant now, String day) {
    List<QueueStatistics> queues = new ArrayList<>();
    for (int i = 0; i < rows.size() - 1; i++) {
      List<?> row = (List<?>) rows.get(i);
      String oldest = (String) row.get(2);
      Map<String, Long> counters = pairs((List<?>) row.get(4));
      queues.add(
          new QueueStatistics(
              (String) row.get(0),
              (Long) row.get(1),
              (Long) row.get(5),
              oldest.isEmpty()
                  ? Duration.ZERO
                  : Duration.ofMillis(Math.max(0, now.toEpochMilli() - Long.parseLong(oldest))),
              agentCounts(pairs((List<?>) row.get(3))),
              counters.getOrDefault("offered", 0L),
              counters.getOrDefault("answered", 0L),
              counters.getOrDefault("answeredInSl", 0L),
              counters.getOrDefault("abandoned", 0L),
              counters.getOrDefault("shortAbandoned", 0L),
              counters.getOrDefault("ringNoAnswer", 0L),
              Duration.ofMillis(counters.getOrDefault("waitMs", 0L)),
              Duration.ofMillis(counters.getOrDefault("talkMs", 0L)),
              Duration.ofMillis(counters.getOrDefault("holdMs", 0L)),
              Duration.ofMillis(counters.getOrDefault("wrapMs", 0L)),
              counters.getOrDefault("handled", 0L),
              Duration.ofMillis(counters.getOrDefault("handleMs", 0L))));
    }
    Map<AgentState, Long> floor = agentCounts(pairs((List<?>) rows.get(rows.size() - 1)));
    return new LiveStatistics(now, day, queues, floor);
  }

  private static Map<String, Long> pairs(List<?> flat) {
    Map<String, Long> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      map.put((String) flat.get(i), Long.parseLong((String) flat.get(i + 1)));
    }
    return map;
  }

  private static Map<AgentState, Long> agentCounts(Map<String, Long> byCode) {
    Map<AgentState, Long> counts = new EnumMap<>(AgentState.class);
    byCode.forEach(
        (code, n) -> {
          if (n != 0) {
            counts.put(AgentState.ofCode(code), n);
          }
        });
    return counts;
  }

  @Override
  public void close() {
    if (ownedClient != null) {
      connection.close();
      RedisClients.shutdown(ownedClient);
    }
  }

  // ---- plumbing ----

  private CompletionStage<Decision> decide(
      String operation, Script script, String key, String... opArgs) {
    Instant now = clock.instant();
    String[] args = new String[opArgs.length + 3];
    args[0] = keys.prefix();
    args[1] = Long.toString(now.toEpochMilli());
    args[2] = day(now);
    System.arraycopy(opArgs, 0, args, 3, opArgs.length);
    long start = System.nanoTime();
    return guard(
        operation,
        script
            .run(redis, key, args)
            .thenApply(
                reply -> {
                  String code = (String) reply.get(0);
                  String detail = (String) reply.get(1);
                  List<?> flatOffers = (List<?>) reply.get(2);
                  List<Offer> offers = new ArrayList<>();
                  for (int i = 0; i + 3 < flatOffers.size(); i += 4) {
                    offers.add(
                        new Offer(
                            (String) flatOffers.get(i),
                            (String) flatOffers.get(i + 1),
                            (String) flatOffers.get(i + 2),
                            (String) flatOffers.get(i + 3)));
                  }
                  boolean refused = !"OK".equals(code);
                  recorder.record(operation, System.nanoTime() - start, offers.size(), refused);
                  if (refused) {
                    throw new SeatManagerException(ErrorCode.valueOf(code), detail);
                  }
                  if (reply.size() > 5) {
                    report(reply.get(5));
                  }
                  return new Decision(detail, offers, strings(reply.get(3)), strings(reply.get(4)));
                }));
  }

  /**
   * Hears the events each of this instance's decisions wrote to the stream, as the decision
   * completes (before its caller hears of it).
   */
  public void onEvents(Consumer<List<SeatEvent>> listener) {
    this.events = Objects.requireNonNull(listener);
  }

  private void report(Object emitted) {
    List<?> entries = (List<?>) emitted;
    if (entries.isEmpty()) {
      return;
    }
    List<SeatEvent> out = new ArrayList<>(entries.size());
    for (Object entry : entries) {
      List<?> e = (List<?>) entry;
      Map<String, String> fields = new java.util.LinkedHashMap<>();
      for (int i = 1; i + 1 < e.size(); i += 2) {
        fields.put((String) e.get(i), (String) e.get(i + 1));
      }
      out.add(new SeatEvent((String) e.get(0), fields));
    }
    try {
      events.accept(out);
    } catch (RuntimeException e) {
      LOG.warn("an event listener failed: {}", e.toString()); // the stream still has them
    }
  }

  /** Domain refusals pass through; anything else from Redis becomes one "unavailable" type. */
  private static <T> CompletionStage<T> guard(String operation, CompletionStage<T> stage) {
    return stage
        .toCompletableFuture()
        .exceptionallyCompose(
            failure -> {
              Throwable cause = AsyncFailures.cause(failure);
              if (cause instanceof SeatManagerException) {
                return CompletableFuture.failedFuture(cause);
              }
              return CompletableFuture.failedFuture(
                  new SeatManagerUnavailableException(operation, cause));
            });
  }

  private String day(Instant now) {
    return LocalDate.ofInstant(now, config.zone()).format(DAY);
  }

  private static <T> CompletionStage<T> failed(ErrorCode code, String detail) {
    return CompletableFuture.failedFuture(new SeatManagerException(code, detail));
  }

  private static <T> CompletionStage<T> withAgentId(
      String agentId, java.util.function.Supplier<CompletionStage<T>> action) {
    if (agentId == null || !Agent.ID.matcher(agentId).matches()) {
      return failed(ErrorCode.AGENT_UNKNOWN, String.valueOf(agentId));
    }
    return action.get();
  }

  private static <T> CompletionStage<T> withCallId(
      String callId, java.util.function.Supplier<CompletionStage<T>> action) {
    if (callId == null || !RoutingRequest.CALL_ID.matcher(callId).matches()) {
      return failed(ErrorCode.CALL_UNKNOWN, String.valueOf(callId));
    }
    return action.get();
  }

  private static List<String> split(String csv) {
    List<String> out = new ArrayList<>();
    if (csv != null) {
      for (String part : csv.split(",")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    return out;
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    for (Object item : (List<?>) list) {
      out.add((String) item);
    }
    return out;
  }

  private static long number(String s) {
    return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
