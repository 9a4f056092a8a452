package org.hotline.cases.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallbackCandidate;
import org.hotline.cases.api.CallerHistory;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.CaseBridgeUnavailableException;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.CaseRef;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.DeadLetter;
import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.FieldError;
import org.hotline.cases.api.Jurisdiction;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.cases.api.ReturnVisit;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.api.SupervisionAlert;
import org.hotline.cases.api.TickReport;
import org.hotline.cases.api.UpdateResult;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.CasesConfigLoader;
import org.hotline.cases.config.Secrets;
import org.hotline.cases.delivery.Delivery;
import org.hotline.cases.delivery.DeliveryTarget;
import org.hotline.cases.delivery.DeliveryTargets;
import org.hotline.cases.delivery.DispatchPayload;
import org.hotline.cases.inbound.StatusUpdateVerifier;
import org.hotline.cases.intake.FormReader;
import org.hotline.cases.intake.FormValidator;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.cases.jurisdiction.Resolution;
import org.hotline.cases.metrics.CaseEvents;
import org.hotline.cases.outbox.DeliveryWorker;
import org.hotline.cases.outbox.Outbox;
import org.hotline.cases.taxonomy.Taxonomy;
import org.hotline.redis.support.AsyncFailures;
import org.hotline.redis.support.RedisClients;
import org.hotline.support.phone.PhoneMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The case bridge on Redis: cases, their history and the outbox as hashes, sorted sets and a
 * stream, every change one Lua script. Each method's contract is {@link CaseBridge}'s.
 */
public final class RedisCaseBridge implements CaseBridge {

  private static final Logger LOG = LoggerFactory.getLogger(RedisCaseBridge.class);

  /** Status update ids are remembered this long (the dispatch system may retry for days). */
  static final Duration UPDATE_ID_MEMORY = Duration.ofDays(7);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final CasesConfig config;
  private final Taxonomy taxonomy;
  private final Gazetteer gazetteer;
  private final Clock clock;
  private final CaseEvents events;
  private final KeySpace keys;
  private final RedisCaseStore store;
  private final Outbox outbox;
  private final FormValidator validator;
  private final DeliveryTarget target;
  private final DeliveryWorker worker;
  private final Optional<StatusUpdateVerifier> verifier;
  private final String instanceId;

  private RedisCaseBridge(
      Builder b, RedisClient client, StatefulRedisConnection<String, String> c) {
    this.client = client;
    this.connection = c;
    this.config = b.config;
    this.taxonomy = b.taxonomy;
    this.gazetteer = b.gazetteer;
    this.clock = b.clock;
    this.events = b.events;
    this.keys = new KeySpace(config.centreId());
    RedisAsyncCommands<String, String> redis = c.async();
    this.store = new RedisCaseStore(redis, keys, config, taxonomy, new CaseCodec(gazetteer));
    this.outbox = new Outbox(redis, keys);
    this.validator = new FormValidator(taxonomy, gazetteer, config.form());
    this.target = b.target;
    this.instanceId = b.instanceId;
    this.worker = new DeliveryWorker(outbox, target, config.outbox(), clock, instanceId, events);
    this.verifier =
        b.inboundKey.map(k -> new StatusUpdateVerifier(k, config.inbound().replayWindow(), clock));
  }

  public static Builder builder(
      String redisUri, CasesConfig config, Taxonomy taxonomy, Gazetteer gazetteer) {
    return new Builder(redisUri, config, taxonomy, gazetteer);
  }

  /**
   * Everything from a configuration directory: {@code cases.yaml}, {@code taxonomy.yaml}, {@code
   * jurisdictions.yaml}; the delivery target {@code cases.yaml} chose, with its secret; the inbound
   * HMAC key when its variable (or file) is set, else status updates are refused. Mistakes in the
   * files, and a missing secret of the chosen target, fail here, at start-up.
   */
  public static Builder fromConfig(
      java.nio.file.Path configDir, String redisUri, Secrets secrets, Clock clock) {
    CasesConfig config = CasesConfigLoader.load(configDir.resolve("cases.yaml"));
    Builder b =
        builder(
                redisUri,
                config,
                Taxonomy.load(configDir.resolve("taxonomy.yaml")),
                Gazetteer.load(configDir.resolve("jurisdictions.yaml")))
            .clock(clock)
            .target(DeliveryTargets.create(config.delivery(), secrets, clock));
    try {
      b.inboundKey(secrets.require(config.inbound().secretEnv(), config.inbound().secretFile()));
    } catch (IllegalStateException e) {
      LOG.warn(
          "{} is not set: status updates from the dispatch system will be refused",
          config.inbound().secretEnv());
    }
    return b;
  }

  /** How to build a bridge; {@link #connect()} opens the connection and loads the scripts. */
  public static final class Builder {
    private final String redisUri;
    private final CasesConfig config;
    private final Taxonomy taxonomy;
    private final Gazetteer gazetteer;
    private DeliveryTarget target;
    private Clock clock = Clock.systemUTC();
    private CaseEvents events = CaseEvents.NONE;
    private Optional<byte[]> inboundKey = Optional.empty();
    private String instanceId = "cb-" + UUID.randomUUID().toString().substring(0, 8);

    private Builder(String redisUri, CasesConfig config, Taxonomy taxonomy, Gazetteer gazetteer) {
      this.redisUri = Objects.requireNonNull(redisUri);
      this.config = Objects.requireNonNull(config);
      this.taxonomy = Objects.requireNonNull(taxonomy);
      this.gazetteer = Objects.requireNonNull(gazetteer);
    }

    /** Where cases are delivered (see {@code DeliveryTargets.create}). Required. */
    public Builder target(DeliveryTarget t) {
      this.target = Objects.requireNonNull(t);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    public Builder events(CaseEvents e) {
      this.events = Objects.requireNonNull(e);
      return this;
    }

    /** The HMAC key the dispatch system signs status updates with; without it they are refused. */
    public Builder inboundKey(byte[] key) {
      this.inboundKey = Optional.of(key.clone());
      return this;
    }

    /** This instance's consumer name in the outbox group; unique per running process. */
    public Builder instanceId(String id) {
      if (!id.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException("bad instance id " + id);
      }
      this.instanceId = id;
      return this;
    }

    public RedisCaseBridge connect() {
      if (target == null) {
        throw new IllegalStateException("a delivery target is required");
      }
      RedisClient client = RedisClients.create(redisUri);
      try {
        RedisCaseBridge bridge = new RedisCaseBridge(this, client, client.connect());
        bridge.loadScripts().toCompletableFuture().join();
        bridge.outbox.ensureGroup().toCompletableFuture().join();
        return bridge;
      } catch (RuntimeException e) {
        RedisClients.shutdown(client);
        throw e;
      }
    }
  }

  private CompletionStage<Void> loadScripts() {
    List<Script> all = new ArrayList<>(RedisCaseStore.scripts());
    all.addAll(Outbox.scripts());
    List<CompletableFuture<String>> loads = new ArrayList<>();
    for (Script s : all) {
      loads.add(connection.async().scriptLoad(s.source()).toCompletableFuture());
    }
    return guard(
        "loadScripts", () -> CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)));
  }

  public CasesConfig config() {
    return config;
  }

  public Taxonomy taxonomy() {
    return taxonomy;
  }

  public Gazetteer gazetteer() {
    return gazetteer;
  }

  public KeySpace keys() {
    return keys;
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  // ---- the call ----

  /** The screen pop for a caller id; a withheld number has no history. One round trip. */
  @Override
  public CompletionStage<CallerHistory> callerHistory(String callerNumber) {
    long start = System.nanoTime();
    return guard(
        "callerHistory",
        () ->
            store
                .history(callerNumber, now())
                .thenApply(
                    h -> {
                      events.historyRead(System.nanoTime() - start);
                      return h;
                    }));
  }

  /** An agent answered: the draft case is created (once per call id) and the facts recorded. */
  @Override
  public CompletionStage<CaseRef> callAnswered(CallFacts facts) {
    return guard("callAnswered", () -> store.callEvent(facts, false, now()));
  }

  /**
   * The call ended: the wrap-up clock starts for a draft. Creates the draft too if "answered" was
   * never reported (a gateway restart in between), so the call is not lost.
   */
  @Override
  public CompletionStage<CaseRef> callEnded(CallFacts facts) {
    return guard("callEnded", () -> store.callEvent(facts, true, now()));
  }

  /**
   * The caller hung up while waiting: a callback candidate, not a case. Returns false when the call
   * was recorded before.
   */
  @Override
  public CompletionStage<Boolean> callAbandoned(CallFacts facts) {
    return guard("callAbandoned", () -> store.abandon(facts, now()));
  }

  // ---- the form ----

  /** Field-by-field errors of a form; empty when it is valid. No I/O: for live checks. */
  @Override
  public List<FieldError> validate(CaseForm form) {
    return validator.validate(form, Optional.empty()) instanceof FormValidator.Invalid i
        ? i.errors()
        : List.of();
  }

  /** What the gazetteer makes of a location: one jurisdiction if clear, candidates otherwise. */
  @Override
  public List<Jurisdiction> locationCandidates(String locationText) {
    Resolution r = gazetteer.resolve(locationText);
    if (r instanceof Resolution.Resolved resolved) {
      return List.of(resolved.jurisdiction());
    }
    if (r instanceof Resolution.Ambiguous a) {
      return a.candidates();
    }
    return List.of();
  }

  /** The form for a call, from the raw JSON body the desktop sent. */
  @Override
  public CompletionStage<Case> submitFormJson(String callId, byte[] body) {
    FormReader.Result read = FormReader.read(body);
    if (read instanceof FormReader.Refused r) {
      return CompletableFuture.failedFuture(
          new CaseBridgeException(ErrorCode.INVALID_FORM, "body", r.errors()));
    }
    return submitForm(callId, ((FormReader.Read) read).form());
  }

  /**
   * The agent's form for a call: validated, then the case is stored as submitted (or closed, for a
   * direct answer) with its deadline and outbox entry, atomically. Repeating the same form returns
   * the same case; another form for a submitted case is {@link ErrorCode#CASE_NOT_DRAFT}.
   */
  @Override
  public CompletionStage<Case> submitForm(String callId, CaseForm form) {
    if (callId == null || !CallFacts.ID.matcher(callId).matches()) {
      return failed(ErrorCode.CALL_UNKNOWN, "");
    }
    return guard(
        "submitForm",
        () ->
            store
                .caseIdOfCall(callId)
                .thenCompose(
                    id -> {
                      if (id.isEmpty()) {
                        return failed(ErrorCode.CALL_UNKNOWN, callId);
                      }
                      return submitCase(id.get(), form);
                    }));
  }

  /** A form for a case by its id: how a supervisor completes an incomplete draft. */
  @Override
  public CompletionStage<Case> completeCase(String caseId, CaseForm form) {
    return guard("completeCase", () -> submitCase(caseId, form));
  }

  private CompletionStage<Case> submitCase(String caseId, CaseForm form) {
    return existing(caseId)
        .thenCompose(
            draft -> {
              FormValidator.Result checked = validator.validate(form, Optional.of(draft.call()));
              if (checked instanceof FormValidator.Invalid invalid) {
                return failed(ErrorCode.INVALID_FORM, "", invalid.errors());
              }
              CaseContent content = ((FormValidator.Valid) checked).content();
              return store(draft, content, false, formHash(content), content.submittedBy(), "");
            });
  }

  /**
   * A returned or reopened case goes back to the dispatch system as a new version, with a new
   * deadline from now.
   */
  @Override
  public CompletionStage<Case> redispatch(String caseId, String by, String note) {
    return guard(
        "redispatch",
        () ->
            existing(caseId)
                .thenCompose(
                    c -> {
                      if (c.content().isEmpty() || !c.status().canMoveTo(CaseStatus.SUBMITTED)) {
                        return failed(ErrorCode.ILLEGAL_TRANSITION, c.status().code());
                      }
                      CaseContent content = c.content().get();
                      return store(
                          c, content, true, formHash(content), by, note == null ? "" : note);
                    }));
  }

  private CompletionStage<Case> store(
      Case before, CaseContent content, boolean redispatch, String hash, String by, String note) {
    Instant now = now();
    boolean dispatch = content.disposition() == Disposition.DISPATCH;
    Duration limit = config.timeLimit(content.urgency());
    Optional<Instant> deadline = dispatch ? Optional.of(now.plus(limit)) : Optional.empty();
    Optional<Instant> nearing =
        deadline.map(
            d -> now.plusMillis((long) (limit.toMillis() * config.supervision().nearingAt())));
    CaseStatus finalStatus = dispatch ? CaseStatus.SUBMITTED : CaseStatus.CLOSED;
    CallFacts call =
        content.official().map(o -> before.call().withOfficial(o)).orElse(before.call());
    int version = before.dispatchVersion() + 1;
    Case after =
        new Case(
            before.caseId(),
            finalStatus,
            call,
            Optional.of(content),
            false,
            before.createdAt(),
            Optional.of(now),
            deadline,
            version,
            before.dispatchRef(),
            before.history());
    String event = redispatch ? "redispatched" : dispatch ? "submitted" : "direct_answer";
    String payload = DispatchPayload.build(after, taxonomy, config, event);
    boolean deliver = dispatch || config.outbox().deliverDirectAnswers();
    Map<String, String> fields = new LinkedHashMap<>(CaseCodec.contentFields(content));
    RedisCaseStore.Submission s =
        new RedisCaseStore.Submission(
            before.caseId(),
            redispatch,
            hash,
            before.dispatchVersion(),
            finalStatus,
            deliver,
            deadline,
            nearing,
            Delivery.key(before.caseId(), version),
            payload,
            by,
            note,
            fields);
    return store
        .submit(s, now)
        .thenCompose(
            reply -> {
              if (reply.ok()) {
                events.submitted(content.disposition());
                LOG.info(
                    "case {} {} ({}, {}), caller {}",
                    before.caseId(),
                    finalStatus.code(),
                    content.categoryCode(),
                    content.jurisdiction().map(Jurisdiction::fullId).orElse("-"),
                    PhoneMask.mask(call.callerNumber()));
              } else if (!"DUPLICATE".equals(reply.code())) {
                return failed(ErrorCode.valueOf(reply.code()), before.caseId());
              }
              return existing(before.caseId());
            });
  }

  /** Same content, same hash: how a repeated submission is recognised. */
  static String formHash(CaseContent c) {
    String canonical =
        String.join(
            "\u0001",
            c.requestType().code(),
            c.categoryCode(),
            c.location(),
            c.jurisdiction().map(Jurisdiction::fullId).orElse(""),
            c.urgency().code(),
            c.summary(),
            c.disposition().code(),
            c.ownerType(),
            c.submittedBy(),
            c.official().map(o -> o.name() + "\u0002" + o.callbackNumber()).orElse(""));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- reading ----

  @Override
  public CompletionStage<Optional<Case>> findCase(String caseId) {
    if (caseId == null || !caseId.matches("\\d{8}-\\d{6,}")) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return guard("findCase", () -> store.find(caseId));
  }

  private CompletionStage<Case> existing(String caseId) {
    return findCase(caseId)
        .thenCompose(
            c ->
                c.isPresent()
                    ? CompletableFuture.completedFuture(c.get())
                    : failed(ErrorCode.CASE_UNKNOWN, caseId));
  }

  /** Drafts flagged incomplete, oldest first: the supervisor's list to complete. */
  @Override
  public CompletionStage<List<String>> incompleteCases(int limit) {
    return guard("incompleteCases", () -> store.incomplete(limit));
  }

  /** Resolved cases waiting for their return visit (回访), oldest resolution first. */
  @Override
  public CompletionStage<List<String>> awaitingReturnVisit(int limit) {
    return guard("awaitingReturnVisit", () -> store.awaitingReturnVisit(limit));
  }

  /** Abandoned calls to call back, oldest first. */
  @Override
  public CompletionStage<List<CallbackCandidate>> callbackCandidates(int limit) {
    return guard("callbackCandidates", () -> store.callbacks(limit));
  }

  @Override
  public CompletionStage<Boolean> callbackDone(String callId) {
    return guard("callbackDone", () -> store.callbackDone(callId));
  }

  // ---- the dispatch system's side ----

  /**
   * A status update as the gateway received it: the raw body and a header lookup. Verified (HMAC,
   * replay window) before anything in the body is read, then applied.
   */
  @Override
  public CompletionStage<UpdateResult> receiveStatusUpdate(
      byte[] body, Function<String, String> headers) {
    if (verifier.isEmpty()) {
      return failed(ErrorCode.UNAUTHENTICATED, "no inbound key configured");
    }
    StatusUpdateVerifier.Result r = verifier.get().verify(body, headers);
    if (r instanceof StatusUpdateVerifier.Refused refused) {
      LOG.warn("status update refused: {}", refused.reason());
      return failed(refused.code(), refused.reason());
    }
    return applyStatusUpdate(((StatusUpdateVerifier.Verified) r).update());
  }

  /** An update already verified: accepted, resolved or returned with a reason. */
  @Override
  public CompletionStage<UpdateResult> applyStatusUpdate(StatusUpdate u) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (!u.unit().isEmpty()) {
      fields.put("unit", u.unit());
    }
    switch (u.kind()) {
      case ACCEPTED -> fields.put("acceptedAt", CaseCodec.ms(u.at()));
      case RESOLVED -> fields.put("resolvedAt", CaseCodec.ms(u.at()));
      case RETURNED -> fields.put("returnReason", u.reason().orElse(""));
    }
    return guard(
        "applyStatusUpdate",
        () ->
            store
                .transition(
                    u.caseId(),
                    List.of(u.kind().status()),
                    u.unit().isEmpty() ? "dispatch" : u.unit(),
                    u.reason().orElse(""),
                    u.updateId(),
                    UPDATE_ID_MEMORY.toMillis(),
                    fields,
                    now())
                .thenCompose(
                    reply -> {
                      boolean applied = reply.ok();
                      if (!applied && !"DUPLICATE_UPDATE".equals(reply.code())) {
                        return failed(ErrorCode.valueOf(reply.code()), u.caseId());
                      }
                      return existing(u.caseId()).thenApply(c -> new UpdateResult(c, applied));
                    }));
  }

  /** 回访: the resident's answer after resolution closes the case or reopens it. */
  @Override
  public CompletionStage<Case> recordReturnVisit(String caseId, ReturnVisit visit) {
    List<CaseStatus> moves =
        List.of(CaseStatus.VISITED, visit.closes() ? CaseStatus.CLOSED : CaseStatus.REOPENED);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("visitResolved", visit.resolved() ? "1" : "0");
    fields.put("satisfaction", visit.satisfaction().name().toLowerCase(java.util.Locale.ROOT));
    return guard(
        "recordReturnVisit",
        () ->
            store
                .transition(caseId, moves, visit.by(), visit.note(), "", 0, fields, now())
                .thenCompose(
                    reply ->
                        reply.ok()
                            ? existing(caseId)
                            : failed(ErrorCode.valueOf(reply.code()), caseId)));
  }

  // ---- supervision and housekeeping ----

  /**
   * The periodic work; call it every few seconds from every instance. Each draft, deadline and
   * alert is handled by exactly one tick, and each tick costs the same however many cases are
   * stored.
   */
  @Override
  public CompletionStage<TickReport> tick() {
    Instant now = now();
    return guard(
        "tick",
        () ->
            store
                .tick(now)
                .thenCompose(
                    counts -> {
                      events.alerts(SupervisionAlert.Kind.INCOMPLETE, counts.incomplete());
                      events.alerts(SupervisionAlert.Kind.NEARING_DEADLINE, counts.nearing());
                      events.alerts(SupervisionAlert.Kind.OVERDUE, counts.overdue());
                      return outbox
                          .status(now)
                          .thenApply(
                              status -> {
                                events.outbox(status);
                                return new TickReport(
                                    counts.incomplete(),
                                    counts.nearing(),
                                    counts.overdue(),
                                    status);
                              });
                    }));
  }

  /** Supervision alerts after a stream id ({@code 0} for the start), oldest first. */
  @Override
  public CompletionStage<List<SupervisionAlert>> alerts(String afterId, int count) {
    return guard("alerts", () -> store.alerts(afterId, count));
  }

  // ---- the outbox ----

  /** Starts delivering on a thread of this instance. */
  @Override
  public void startDelivery() {
    worker.start();
  }

  @Override
  public CompletionStage<OutboxStatus> outboxStatus() {
    return guard("outboxStatus", () -> outbox.status(now()));
  }

  /** The dead-letter list, oldest first. */
  @Override
  public CompletionStage<List<DeadLetter>> deadLetters(int limit) {
    return guard("deadLetters", () -> outbox.deadLetters(limit));
  }

  /** Sends a dead letter again, with a fresh count of attempts. */
  @Override
  public CompletionStage<Boolean> redrive(String idempotencyKey) {
    return guard("redrive", () -> outbox.redrive(idempotencyKey, now()));
  }

  /** Re-drives up to {@code limit} dead letters; returns how many. */
  @Override
  public CompletionStage<Integer> redriveAll(int limit) {
    return guard(
        "redriveAll",
        () ->
            outbox
                .deadLetters(limit)
                .thenCompose(
                    dead -> {
                      List<CompletableFuture<Boolean>> all = new ArrayList<>();
                      for (DeadLetter d : dead) {
                        all.add(outbox.redrive(d.idempotencyKey(), now()).toCompletableFuture());
                      }
                      return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                          .thenApply(
                              v -> (int) all.stream().filter(CompletableFuture::join).count());
                    }));
  }

  /** Stops delivering (after the current round) and disconnects. */
  @Override
  public void close() {
    worker.close();
    target.close();
    shutdownClient();
  }

  /**
   * Stops at once, as if the process were killed: deliveries in flight stay unsettled (another
   * instance takes them over after {@code claimIdle}), nothing is flushed. For crash tests.
   */
  @Override
  public void halt() {
    worker.halt();
    ClientResources resources = client.getResources();
    client.shutdown(0, 0, TimeUnit.MILLISECONDS);
    resources.shutdown(0, 0, TimeUnit.MILLISECONDS);
  }

  private void shutdownClient() {
    connection.close();
    ClientResources resources = client.getResources();
    client.shutdown();
    resources.shutdown();
  }

  // ---- plumbing ----

  /** Redis keeps milliseconds; so does everything we compute, so what we send is what we store. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** Domain refusals pass through; anything else from Redis becomes one "unavailable" type. */
  private static <T> CompletionStage<T> guard(
      String operation, java.util.function.Supplier<CompletionStage<T>> action) {
    CompletionStage<T> stage;
    try {
      stage = action.get();
    } catch (RuntimeException e) { // a client that is shut down refuses before any I/O
      stage = CompletableFuture.failedFuture(e);
    }
    return stage
        .toCompletableFuture()
        .exceptionallyCompose(
            failure -> {
              Throwable cause = AsyncFailures.cause(failure);
              if (cause instanceof CaseBridgeException
                  || cause instanceof CaseBridgeUnavailableException) {
                return CompletableFuture.failedFuture(cause);
              }
              return CompletableFuture.failedFuture(
                  new CaseBridgeUnavailableException(operation, cause));
            });
  }

  private static <T> CompletionStage<T> failed(ErrorCode code, String detail) {
    return CompletableFuture.failedFuture(new CaseBridgeException(code, detail));
  }

  private static <T> CompletionStage<T> failed(
      ErrorCode code, String detail, List<FieldError> errors) {
    return CompletableFuture.failedFuture(new CaseBridgeException(code, detail, errors));
  }
}
