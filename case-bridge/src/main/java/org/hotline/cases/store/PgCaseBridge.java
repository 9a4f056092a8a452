package org.hotline.cases.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallbackCandidate;
import org.hotline.cases.api.CallbackOutcome;
import org.hotline.cases.api.CallerHistory;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.CaseBridgeUnavailableException;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.CaseRef;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.CaseUnit;
import org.hotline.cases.api.DeadLetter;
import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.DoNotCall;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.ExtensionRequest;
import org.hotline.cases.api.FieldError;
import org.hotline.cases.api.FormCatalogue;
import org.hotline.cases.api.Jurisdiction;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.cases.api.PhoneNumbers;
import org.hotline.cases.api.ReturnVisit;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.cases.api.ReturnVisitTask;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.api.SupervisionAlert;
import org.hotline.cases.api.TickReport;
import org.hotline.cases.api.UpdateResult;
import org.hotline.cases.api.VisitOutcome;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.CasesConfigLoader;
import org.hotline.cases.config.Secrets;
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
import org.hotline.cases.outbox.PgOutbox;
import org.hotline.cases.taxonomy.Taxonomy;
import org.hotline.cityrecord.MonthlyPartitions;
import org.hotline.pg.support.Database;
import org.hotline.support.async.AsyncFailures;
import org.hotline.support.phone.PhoneMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The case bridge on PostgreSQL, the city's record: each change of a case, with its history, timers
 * and outbox entry, is one transaction. Each method's contract is {@link CaseBridge}'s.
 */
public final class PgCaseBridge implements CaseBridge {

  private static final Logger LOG = LoggerFactory.getLogger(PgCaseBridge.class);

  /** Status update ids are remembered this long (the dispatch system may retry for days). */
  static final Duration UPDATE_ID_MEMORY = Duration.ofDays(7);

  private final Database db;
  private final boolean ownsDatabase;
  private final CasesConfig config;
  private final Taxonomy taxonomy;
  private final Gazetteer gazetteer;
  private final Clock clock;
  private final CaseEvents events;
  private final PgCaseStore store;
  private final PgJointStore joint;
  private final PgOutbox outbox;
  private final FormValidator validator;
  private final DeliveryTarget target;
  private final DeliveryWorker worker;
  private final Optional<StatusUpdateVerifier> verifier;
  private final String instanceId;
  private final MonthlyPartitions partitions;
  private final FormCatalogue catalogue;
  private final PgCallbackStore callbacks = new PgCallbackStore();
  private final ReturnVisitPolicy visitPolicy;
  private final PgReturnVisitStore visits;

  private PgCaseBridge(Builder b) {
    this.db = b.db;
    this.ownsDatabase = b.ownsDatabase;
    this.config = b.config;
    this.taxonomy = b.taxonomy;
    this.gazetteer = b.gazetteer;
    this.clock = b.clock;
    this.events = b.events;
    this.store = new PgCaseStore(config, taxonomy, gazetteer, b.wrapUpLimits);
    this.joint = new PgJointStore(config, taxonomy, store);
    this.visitPolicy = b.returnVisits;
    this.visits = new PgReturnVisitStore(visitPolicy, config.zone(), store);
    this.outbox = new PgOutbox(db, store::delivered);
    this.partitions = new MonthlyPartitions(db, config.zone());
    // before the first write: a partition attached while rows are being routed fails them
    try {
      partitions.ensure(clock.instant()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("this month's partitions not checked now ({}); the tick will", e.getCause());
    }
    this.validator = new FormValidator(taxonomy, gazetteer, config.form());
    this.catalogue = catalogue(taxonomy, gazetteer, config);
    this.target = b.target;
    this.instanceId = b.instanceId;
    this.worker = new DeliveryWorker(outbox, target, config.outbox(), clock, instanceId, events);
    this.verifier =
        b.inboundKey.map(k -> new StatusUpdateVerifier(k, config.inbound().replayWindow(), clock));
  }

  public static Builder builder(
      Database db, CasesConfig config, Taxonomy taxonomy, Gazetteer gazetteer) {
    return new Builder(db, config, taxonomy, gazetteer);
  }

  /**
   * Everything from a configuration directory: {@code cases.yaml}, {@code taxonomy.yaml}, {@code
   * jurisdictions.yaml}; the delivery target {@code cases.yaml} chose, with its secret; the inbound
   * HMAC key when its variable (or file) is set, else status updates are refused. Mistakes in the
   * files, and a missing secret of the chosen target, fail here, at start-up.
   */
  public static Builder fromConfig(Path configDir, Database db, Secrets secrets, Clock clock) {
    CasesConfig config = CasesConfigLoader.load(configDir.resolve("cases.yaml"));
    Builder b =
        builder(
                db,
                config,
                Taxonomy.load(configDir.resolve("taxonomy.yaml")),
                Gazetteer.load(configDir.resolve("jurisdictions.yaml")))
            .clock(clock)
            .target(DeliveryTargets.create(config.delivery(), secrets, clock))
            .returnVisits(CasesConfigLoader.returnVisits(configDir.resolve("cases.yaml")));
    try {
      b.inboundKey(secrets.require(config.inbound().secretEnv(), config.inbound().secretFile()));
    } catch (IllegalStateException e) {
      LOG.warn(
          "{} is not set: status updates from the dispatch system will be refused",
          config.inbound().secretEnv());
    }
    return b;
  }

  /** How to build a bridge on a database whose schema is migrated (see {@code CityRecord}). */
  public static final class Builder {
    private final Database db;
    private final CasesConfig config;
    private final Taxonomy taxonomy;
    private final Gazetteer gazetteer;
    private boolean ownsDatabase;
    private DeliveryTarget target;
    private Clock clock = Clock.systemUTC();
    private CaseEvents events = CaseEvents.NONE;
    private Optional<byte[]> inboundKey = Optional.empty();
    private String instanceId = "cb-" + UUID.randomUUID().toString().substring(0, 8);
    private Function<String, Optional<Duration>> wrapUpLimits = queue -> Optional.empty();
    private ReturnVisitPolicy returnVisits = ReturnVisitPolicy.DEFAULTS;

    private Builder(Database db, CasesConfig config, Taxonomy taxonomy, Gazetteer gazetteer) {
      this.db = Objects.requireNonNull(db);
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

    /**
     * The seat manager's wrap-up limit of each queue. One rule for the agent: the form is due when
     * the seat's wrap-up ends, so a call's draft is flagged incomplete at its queue's limit; {@code
     * cases.yaml}'s {@code wrapUpFormLimit} applies only to calls of a queue this does not know.
     */
    public Builder wrapUpLimits(Function<String, Optional<Duration>> byQueue) {
      this.wrapUpLimits = Objects.requireNonNull(byQueue);
      return this;
    }

    /** When and how return visits are made ({@code cases.yaml}'s {@code returnVisits:}). */
    public Builder returnVisits(ReturnVisitPolicy policy) {
      this.returnVisits = Objects.requireNonNull(policy);
      return this;
    }

    /** The bridge closes the database when it is closed (else its opener does). */
    public Builder ownsDatabase(boolean owns) {
      this.ownsDatabase = owns;
      return this;
    }

    /** The HMAC key the dispatch system signs status updates with; without it they are refused. */
    public Builder inboundKey(byte[] key) {
      this.inboundKey = Optional.of(key.clone());
      return this;
    }

    /** This instance's name on the outbox entries it claims; unique per running process. */
    public Builder instanceId(String id) {
      if (!id.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException("bad instance id " + id);
      }
      this.instanceId = id;
      return this;
    }

    public PgCaseBridge build() {
      if (target == null) {
        throw new IllegalStateException("a delivery target is required");
      }
      return new PgCaseBridge(this);
    }
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

  @Override
  public String instanceId() {
    return instanceId;
  }

  // ---- the call ----

  @Override
  public CompletionStage<CallerHistory> callerHistory(String callerNumber) {
    long start = System.nanoTime();
    Instant now = now();
    return guard(
        "callerHistory",
        () ->
            db.query(c -> store.history(c, callerNumber, now))
                .thenApply(
                    h -> {
                      events.historyRead(System.nanoTime() - start);
                      return h;
                    }));
  }

  @Override
  public CompletionStage<CaseRef> callAnswered(CallFacts facts) {
    Instant now = now();
    return guard("callAnswered", () -> db.transaction(c -> store.callEvent(c, facts, false, now)));
  }

  @Override
  public CompletionStage<CaseRef> callEnded(CallFacts facts) {
    Instant now = now();
    return guard("callEnded", () -> db.transaction(c -> store.callEvent(c, facts, true, now)));
  }

  @Override
  public CompletionStage<Boolean> callAbandoned(CallFacts facts) {
    Instant now = now();
    return guard("callAbandoned", () -> db.transaction(c -> callbacks.abandoned(c, facts, now)));
  }

  @Override
  public CompletionStage<CaseRef> callHandedOn(CallFacts facts, String by, String note) {
    Instant now = now();
    return guard(
        "callHandedOn", () -> db.transaction(c -> store.handedOn(c, facts, by, note, now)));
  }

  // ---- the form ----

  @Override
  public FormCatalogue formCatalogue() {
    return catalogue;
  }

  private static FormCatalogue catalogue(
      Taxonomy taxonomy, Gazetteer gazetteer, CasesConfig config) {
    List<FormCatalogue.Group> groups =
        taxonomy.topLevel().stream()
            .map(
                top ->
                    new FormCatalogue.Group(
                        top.code(),
                        top.name(),
                        top.children().stream()
                            .filter(c -> c.leaf())
                            .map(
                                c ->
                                    new FormCatalogue.Leaf(
                                        c.code(),
                                        c.name(),
                                        c.urgency().orElseThrow(),
                                        c.ownerType().orElseThrow()))
                            .toList()))
            .toList();
    List<FormCatalogue.Place> districts =
        gazetteer.districts().stream()
            .map(
                d ->
                    new FormCatalogue.Place(
                        d.id(),
                        d.name(),
                        d.streets().stream()
                            .map(s -> new FormCatalogue.Place(s.id(), s.name(), List.of()))
                            .toList()))
            .toList();
    return new FormCatalogue(groups, taxonomy.ownerTypes(), config.timeLimits(), districts);
  }

  @Override
  public List<FieldError> validate(CaseForm form) {
    return validator.validate(form, Optional.empty()) instanceof FormValidator.Invalid i
        ? i.errors()
        : List.of();
  }

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

  @Override
  public CompletionStage<Case> submitFormJson(String callId, byte[] body) {
    FormReader.Result read = FormReader.read(body);
    if (read instanceof FormReader.Refused r) {
      return refusalCounted(
          CompletableFuture.failedFuture(
              new CaseBridgeException(ErrorCode.INVALID_FORM, "body", r.errors())));
    }
    return submitForm(callId, ((FormReader.Read) read).form());
  }

  @Override
  public CompletionStage<Case> submitForm(String callId, CaseForm form) {
    if (callId == null || !CallFacts.ID.matcher(callId).matches()) {
      return refusalCounted(failed(ErrorCode.CALL_UNKNOWN, ""));
    }
    Instant now = now();
    return refusalCounted(
        guard(
            "submitForm",
            () ->
                db.transaction(
                        c -> {
                          String caseId =
                              store
                                  .caseIdOfCall(c, callId)
                                  .orElseThrow(
                                      () ->
                                          new PgCaseStore.Refused(ErrorCode.CALL_UNKNOWN, callId));
                          return submitForm(c, caseId, form, now);
                        })
                    .thenApply(this::submitted)));
  }

  @Override
  public CompletionStage<Case> completeCase(String caseId, CaseForm form) {
    Instant now = now();
    return refusalCounted(
        guard(
            "completeCase",
            () ->
                db.transaction(c -> submitForm(c, caseId, form, now)).thenApply(this::submitted)));
  }

  /**
   * A submission refused for what it says (errors in the form, an unknown call, a case submitted
   * already) is counted by its error code; an outage is not a refusal and is not counted here.
   */
  private CompletionStage<Case> refusalCounted(CompletionStage<Case> submission) {
    return submission.whenComplete(
        (stored, failure) -> {
          if (failure != null && AsyncFailures.cause(failure) instanceof CaseBridgeException e) {
            events.refused(e.code());
          }
        });
  }

  /** What a submission came to: the case, and whether this call stored it (not a repeat). */
  private record Submitted(Case stored, boolean fresh) {}

  private Submitted submitForm(java.sql.Connection c, String caseId, CaseForm form, Instant now)
      throws java.sql.SQLException {
    PgCaseStore.Locked locked = store.lock(c, caseId);
    Case draft = locked.current();
    FormValidator.Result checked = validator.validate(form, Optional.of(draft.call()));
    if (checked instanceof FormValidator.Invalid invalid) {
      throw new InvalidForm(invalid.errors());
    }
    CaseContent content = ((FormValidator.Valid) checked).content();
    String hash = formHash(content);
    if (draft.status() != CaseStatus.DRAFT) {
      if (locked.formHash().equals(Optional.of(hash))) {
        return new Submitted(draft, false); // the same form again: the same case
      }
      throw new PgCaseStore.Refused(ErrorCode.CASE_NOT_DRAFT, draft.status().code());
    }
    store(c, locked, content, Optional.empty(), hash, content.submittedBy(), "", now);
    return new Submitted(store.find(c, caseId).orElseThrow(), true);
  }

  private Case submitted(Submitted s) {
    if (s.fresh()) {
      Case k = s.stored();
      CaseContent content = k.content().orElseThrow();
      events.submitted(content.disposition());
      LOG.info(
          "case {} {} ({}, {}), caller {}",
          k.caseId(),
          k.status().code(),
          content.categoryCode(),
          content.jurisdiction().map(Jurisdiction::fullId).orElse("-"),
          PhoneMask.mask(k.call().callerNumber()));
    }
    return s.stored();
  }

  /** Field errors found inside a transaction: it rolls back, and the bridge reports them. */
  private static final class InvalidForm extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    InvalidForm(List<FieldError> errors) {
      super("invalid form", null, false, false);
      this.errors = errors;
    }
  }

  @Override
  public CompletionStage<Case> redispatch(String caseId, String by, String note) {
    Instant now = now();
    return guard(
        "redispatch",
        () ->
            db.transaction(
                    c -> {
                      PgCaseStore.Locked locked = store.lock(c, caseId);
                      Case k = locked.current();
                      if (k.content().isEmpty() || !k.status().canMoveTo(CaseStatus.SUBMITTED)) {
                        throw new PgCaseStore.Refused(
                            ErrorCode.ILLEGAL_TRANSITION, k.status().code());
                      }
                      CaseContent content = k.content().get();
                      store(
                          c,
                          locked,
                          content,
                          Optional.of("redispatched"),
                          formHash(content),
                          by,
                          note == null ? "" : note,
                          now);
                      return new Submitted(store.find(c, caseId).orElseThrow(), true);
                    })
                .thenApply(this::submitted));
  }

  @Override
  public CompletionStage<Case> amendCase(String caseId, CaseForm form, String by) {
    Instant now = now();
    return refusalCounted(
        guard(
            "amendCase",
            () ->
                db.transaction(
                        c -> {
                          PgCaseStore.Locked locked = store.lock(c, caseId);
                          Case before = locked.current();
                          if (before.status() != CaseStatus.SUBMITTED
                              && before.status() != CaseStatus.DISPATCHED) {
                            // a unit that accepted the case works from what it received
                            throw new PgCaseStore.Refused(
                                ErrorCode.ILLEGAL_TRANSITION, before.status().code());
                          }
                          FormValidator.Result checked =
                              validator.validate(form, Optional.of(before.call()));
                          if (checked instanceof FormValidator.Invalid invalid) {
                            throw new InvalidForm(invalid.errors());
                          }
                          CaseContent content = ((FormValidator.Valid) checked).content();
                          String hash = formHash(content);
                          if (locked.formHash().equals(Optional.of(hash))) {
                            return new Submitted(before, false); // nothing to correct
                          }
                          store(
                              c, locked, content, Optional.of("amended"), hash, by, "amended", now);
                          return new Submitted(store.find(c, caseId).orElseThrow(), true);
                        })
                    .thenApply(this::submitted)));
  }

  /**
   * Submits, re-dispatches or amends a locked case: deadline, payload and outbox entry from now.
   *
   * @param event the payload's event for anything but a first submission
   */
  private void store(
      java.sql.Connection c,
      PgCaseStore.Locked locked,
      CaseContent content,
      Optional<String> event,
      String hash,
      String by,
      String note,
      Instant now)
      throws java.sql.SQLException {
    Case before = locked.current();
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
    String kind = event.orElse(dispatch ? "submitted" : "direct_answer");
    boolean deliver = dispatch || config.outbox().deliverDirectAnswers();
    Optional<String> payload =
        deliver
            ? Optional.of(DispatchPayload.build(after, taxonomy, config, kind))
            : Optional.empty();
    store.submit(
        c,
        new PgCaseStore.Submission(
            before.caseId(),
            locked.createdAt(),
            hash,
            version,
            finalStatus,
            content,
            deadline,
            nearing,
            payload,
            by,
            note),
        now);
    joint.dispatched(c, before.caseId(), locked.createdAt(), content, now);
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
            c.official().map(o -> o.name() + "\u0002" + o.callbackNumber()).orElse(""),
            c.answer().orElse(""));
    if (!c.coUnits().isEmpty()) { // forms without co-units keep the hashes they always had
      canonical += "\u0001" + String.join(",", c.coUnits());
    }
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
    if (caseId == null || !CaseIds.FORMAT.matcher(caseId).matches()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return guard("findCase", () -> db.query(c -> store.find(c, caseId)));
  }

  @Override
  public CompletionStage<Optional<Case>> caseOfCall(String callId) {
    if (callId == null || !CallFacts.ID.matcher(callId).matches()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return guard(
        "caseOfCall",
        () ->
            db.query(
                c -> {
                  Optional<String> caseId = store.caseIdOfCall(c, callId);
                  return caseId.isEmpty() ? Optional.<Case>empty() : store.find(c, caseId.get());
                }));
  }

  @Override
  public CompletionStage<List<String>> incompleteCases(int limit) {
    return guard("incompleteCases", () -> db.query(c -> store.incomplete(c, limit)));
  }

  @Override
  public CompletionStage<List<String>> awaitingReturnVisit(int limit) {
    return guard("awaitingReturnVisit", () -> db.query(c -> store.awaitingReturnVisit(c, limit)));
  }

  @Override
  public CompletionStage<List<CallbackCandidate>> callbackCandidates(int limit) {
    return guard("callbackCandidates", () -> db.query(c -> callbacks.open(c, limit)));
  }

  @Override
  public CompletionStage<Boolean> callbackDone(String callId) {
    Instant now = now();
    return guard("callbackDone", () -> db.transaction(c -> callbacks.done(c, callId, now)));
  }

  @Override
  public CompletionStage<Boolean> callbackRequested(CallFacts facts) {
    Instant now = now();
    return guard(
        "callbackRequested", () -> db.transaction(c -> callbacks.requested(c, facts, now)));
  }

  @Override
  public CompletionStage<Optional<CallbackCandidate>> findCallback(String callId) {
    return guard("findCallback", () -> db.query(c -> callbacks.find(c, callId)));
  }

  @Override
  public CompletionStage<CallbackCandidate> claimCallback(
      String callId, String agentId, Duration hold) {
    if (hold.isNegative() || hold.isZero()) {
      return failed(ErrorCode.INVALID_ARGUMENT, "a claim lasts a while");
    }
    Instant now = now();
    return guard(
        "claimCallback", () -> db.transaction(c -> callbacks.claim(c, callId, agentId, hold, now)));
  }

  @Override
  public CompletionStage<CallbackCandidate> recordCallbackAttempt(
      String callId, String agentId, CallbackOutcome outcome, Optional<String> callbackCallId) {
    Instant now = now();
    return guard(
        "recordCallbackAttempt",
        () ->
            db.transaction(
                c -> callbacks.attempt(c, callId, agentId, outcome, callbackCallId, now)));
  }

  // ---- the dispatch system's side ----

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

  @Override
  public CompletionStage<UpdateResult> applyStatusUpdate(StatusUpdate u) {
    if (u.kind() == StatusUpdate.Kind.EXTENSION_REQUESTED) {
      return requestExtension(u);
    }
    if (!u.kind().moves()) {
      return unitReport(u);
    }
    Optional<String> unit = u.unit().isEmpty() ? Optional.empty() : Optional.of(u.unit());
    PgCaseStore.MoveFacts facts =
        new PgCaseStore.MoveFacts(
            unit,
            u.kind() == StatusUpdate.Kind.ACCEPTED ? Optional.of(u.at()) : Optional.empty(),
            u.kind() == StatusUpdate.Kind.RESOLVED ? Optional.of(u.at()) : Optional.empty(),
            u.kind() == StatusUpdate.Kind.RETURNED
                ? Optional.of(u.reason().orElse(""))
                : Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Instant now = now();
    return guard(
        "applyStatusUpdate",
        () ->
            db.transaction(
                c -> {
                  PgCaseStore.Locked locked = store.lock(c, u.caseId());
                  // a co-unit's report is recorded and moves nothing (see PgJointStore)
                  Optional<Boolean> coUnit = joint.unitReport(c, locked, u, now);
                  if (coUnit.isPresent()) {
                    return new UpdateResult(store.find(c, u.caseId()).orElseThrow(), coUnit.get());
                  }
                  boolean applied =
                      store.transition(
                          c,
                          locked,
                          List.of(u.kind().status()),
                          unit.orElse("dispatch"),
                          u.reason().orElse(""),
                          Optional.of(u.updateId()),
                          facts,
                          now);
                  if (applied) {
                    joint.leadMoved(c, u.caseId(), u);
                  }
                  if (applied && u.kind().status() == CaseStatus.RESOLVED) {
                    // in the same transaction: no resolved case is ever without its visit
                    visits.schedule(c, u.caseId(), locked.createdAt(), now);
                  }
                  return new UpdateResult(store.find(c, u.caseId()).orElseThrow(), applied);
                }));
  }

  /** A unit's report that moves nothing: recorded on its row and in the history. */
  private CompletionStage<UpdateResult> unitReport(StatusUpdate u) {
    Instant now = now();
    return guard(
        "unitReport",
        () ->
            db.transaction(
                c -> {
                  PgCaseStore.Locked locked = store.lock(c, u.caseId());
                  boolean applied = joint.unitReport(c, locked, u, now).orElseThrow();
                  return new UpdateResult(store.find(c, u.caseId()).orElseThrow(), applied);
                }));
  }

  private CompletionStage<UpdateResult> requestExtension(StatusUpdate u) {
    if (u.extension().isEmpty() || u.reason().isEmpty()) {
      return failed(
          ErrorCode.INVALID_ARGUMENT, "an extension request needs a deadline and a reason");
    }
    Instant now = now();
    return guard(
        "requestExtension",
        () ->
            db.transaction(
                c -> {
                  PgCaseStore.Locked locked = store.lock(c, u.caseId());
                  boolean applied = joint.requestExtension(c, locked, u, now);
                  return new UpdateResult(store.find(c, u.caseId()).orElseThrow(), applied);
                }));
  }

  // ---- joint handling and extensions ----

  @Override
  public CompletionStage<List<CaseUnit>> units(String caseId) {
    if (caseId == null || !CaseIds.FORMAT.matcher(caseId).matches()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return guard("units", () -> db.query(c -> joint.units(c, caseId)));
  }

  @Override
  public CompletionStage<List<ExtensionRequest>> extensions(String caseId) {
    if (caseId == null || !CaseIds.FORMAT.matcher(caseId).matches()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return guard("extensions", () -> db.query(c -> joint.ofCase(c, caseId)));
  }

  @Override
  public CompletionStage<List<ExtensionRequest>> pendingExtensions(int limit) {
    return guard("pendingExtensions", () -> db.query(c -> joint.pendingList(c, limit)));
  }

  @Override
  public CompletionStage<ExtensionRequest> decideExtension(
      String caseId, String extensionId, boolean grant, String by, String note) {
    if (extensionId == null || !extensionId.matches("\\d{1,18}")) {
      return failed(ErrorCode.EXTENSION_UNKNOWN, String.valueOf(extensionId));
    }
    if (caseId == null || !CaseIds.FORMAT.matcher(caseId).matches()) {
      return failed(ErrorCode.CASE_UNKNOWN, String.valueOf(caseId));
    }
    Instant now = now();
    return guard(
        "decideExtension",
        () ->
            db.transaction(
                c ->
                    joint.decide(
                        c,
                        store.lock(c, caseId),
                        extensionId,
                        grant,
                        by,
                        note == null ? "" : note,
                        now)));
  }

  @Override
  public CompletionStage<Case> recordReturnVisit(String caseId, ReturnVisit visit) {
    List<CaseStatus> moves = visitMoves(visit);
    PgCaseStore.MoveFacts facts = visitFacts(visit);
    Instant now = now();
    return guard(
        "recordReturnVisit",
        () ->
            db.transaction(
                c -> {
                  PgCaseStore.Locked locked = store.lock(c, caseId);
                  store.transition(
                      c, locked, moves, visit.by(), visit.note(), Optional.empty(), facts, now);
                  visits.doneIfOpen(c, caseId, now);
                  return store.find(c, caseId).orElseThrow();
                }));
  }

  /** Visited, then closed or reopened, as the resident's answers say. */
  private static List<CaseStatus> visitMoves(ReturnVisit visit) {
    return List.of(CaseStatus.VISITED, visit.closes() ? CaseStatus.CLOSED : CaseStatus.REOPENED);
  }

  /** What a return visit writes on the case: the resident's two answers. */
  private static PgCaseStore.MoveFacts visitFacts(ReturnVisit visit) {
    return new PgCaseStore.MoveFacts(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(visit.resolved()),
        Optional.of(visit.satisfaction().name().toLowerCase(Locale.ROOT)));
  }

  // ---- return visits as work ----

  @Override
  public ReturnVisitPolicy returnVisitPolicy() {
    return visitPolicy;
  }

  @Override
  public CompletionStage<List<ReturnVisitTask>> claimDueVisits(String holder, int limit) {
    Instant now = now();
    return guard(
        "claimDueVisits", () -> db.transaction(c -> visits.claimDue(c, holder, limit, now)));
  }

  @Override
  public CompletionStage<List<ReturnVisitTask>> openVisits(int limit) {
    return guard("openVisits", () -> db.query(c -> visits.open(c, limit)));
  }

  @Override
  public CompletionStage<Optional<ReturnVisitTask>> findVisit(String caseId) {
    return guard("findVisit", () -> db.query(c -> visits.find(c, caseId)));
  }

  @Override
  public CompletionStage<ReturnVisitTask> claimVisit(String caseId, String holder, Duration hold) {
    if (hold.isNegative() || hold.isZero()) {
      return failed(ErrorCode.INVALID_ARGUMENT, "a claim lasts a while");
    }
    Instant now = now();
    return guard(
        "claimVisit", () -> db.transaction(c -> visits.claim(c, caseId, holder, hold, now)));
  }

  @Override
  public CompletionStage<Boolean> visitAnswered(String caseId, String holder) {
    Instant now = now();
    return guard(
        "visitAnswered", () -> db.transaction(c -> visits.answered(c, caseId, holder, now)));
  }

  @Override
  public CompletionStage<ReturnVisitTask> recordVisitAttempt(
      String caseId, String holder, VisitOutcome outcome) {
    Instant now = now();
    return guard(
        "recordVisitAttempt",
        () -> db.transaction(c -> visits.attempt(c, caseId, holder, outcome, now)));
  }

  @Override
  public CompletionStage<Case> recordVisitAnswers(String caseId, String holder, ReturnVisit visit) {
    boolean closes = visit.closes();
    List<CaseStatus> moves = visitMoves(visit);
    PgCaseStore.MoveFacts facts = visitFacts(visit);
    Instant now = now();
    return guard(
        "recordVisitAnswers",
        () ->
            db.transaction(
                    c -> {
                      visits.answers(c, caseId, holder, now);
                      PgCaseStore.Locked locked = store.lock(c, caseId);
                      store.transition(
                          c, locked, moves, visit.by(), visit.note(), Optional.empty(), facts, now);
                      if (closes) {
                        return new Submitted(store.find(c, caseId).orElseThrow(), false);
                      }
                      // reopened: back to the dispatch system at once, as a new version
                      PgCaseStore.Locked reopened = store.lock(c, caseId);
                      CaseContent content = reopened.current().content().orElseThrow();
                      store(
                          c,
                          reopened,
                          content,
                          Optional.of("redispatched"),
                          formHash(content),
                          visit.by(),
                          "回访未解决或不满意，重新派单",
                          now);
                      return new Submitted(store.find(c, caseId).orElseThrow(), true);
                    })
                .thenApply(this::submitted));
  }

  @Override
  public CompletionStage<List<DoNotCall>> doNotCallList(int limit) {
    return guard("doNotCallList", () -> db.query(c -> visits.doNotCallList(c, limit)));
  }

  @Override
  public CompletionStage<DoNotCall> addDoNotCall(String number, String reason, String by) {
    Optional<String> normal = PhoneNumbers.normalize(number);
    if (normal.isEmpty()) {
      return failed(ErrorCode.INVALID_ARGUMENT, "not a phone number");
    }
    if (reason == null || reason.isBlank() || reason.length() > 200 || by == null) {
      return failed(ErrorCode.INVALID_ARGUMENT, "a reason of 1 to 200 characters is required");
    }
    Instant now = now();
    return guard(
        "addDoNotCall",
        () -> db.transaction(c -> visits.addDoNotCall(c, normal.get(), reason.strip(), by, now)));
  }

  @Override
  public CompletionStage<Boolean> removeDoNotCall(String number) {
    Optional<String> normal = PhoneNumbers.normalize(number);
    if (normal.isEmpty()) {
      return failed(ErrorCode.INVALID_ARGUMENT, "not a phone number");
    }
    return guard(
        "removeDoNotCall", () -> db.transaction(c -> visits.removeDoNotCall(c, normal.get())));
  }

  // ---- supervision and housekeeping ----

  @Override
  public CompletionStage<TickReport> tick() {
    Instant now = now();
    return guard(
        "tick",
        () ->
            // next month's partitions exist long before its first row
            partitions
                .ensure(now)
                .thenCompose(
                    done ->
                        db.transaction(
                                c -> {
                                  PgCaseStore.TickCounts counts = store.tick(c, now);
                                  store.forget(
                                      c,
                                      now.minus(UPDATE_ID_MEMORY),
                                      now.minus(config.supervision().alertRetention()));
                                  return counts;
                                })
                            .thenCompose(
                                counts -> {
                                  events.alerts(
                                      SupervisionAlert.Kind.INCOMPLETE, counts.incomplete());
                                  events.alerts(
                                      SupervisionAlert.Kind.NEARING_DEADLINE, counts.nearing());
                                  events.alerts(SupervisionAlert.Kind.OVERDUE, counts.overdue());
                                  events.alerts(
                                      SupervisionAlert.Kind.ESCALATED, counts.escalated());
                                  return outbox
                                      .status(now)
                                      .thenApply(
                                          status -> {
                                            events.outbox(status);
                                            return new TickReport(
                                                counts.incomplete(),
                                                counts.nearing(),
                                                counts.overdue(),
                                                status,
                                                counts.escalated());
                                          });
                                })));
  }

  @Override
  public CompletionStage<List<SupervisionAlert>> alerts(String afterId, int count) {
    return guard("alerts", () -> db.query(c -> store.alerts(c, afterId, count)));
  }

  // ---- the outbox ----

  @Override
  public void startDelivery() {
    worker.start();
  }

  @Override
  public CompletionStage<OutboxStatus> outboxStatus() {
    return guard("outboxStatus", () -> outbox.status(now()));
  }

  @Override
  public CompletionStage<List<DeadLetter>> deadLetters(int limit) {
    return guard("deadLetters", () -> outbox.deadLetters(limit));
  }

  @Override
  public CompletionStage<Boolean> redrive(String idempotencyKey) {
    return guard("redrive", () -> outbox.redrive(idempotencyKey, now()));
  }

  @Override
  public CompletionStage<Integer> redriveAll(int limit) {
    return guard("redriveAll", () -> outbox.redriveAll(limit, now()));
  }

  @Override
  public void close() {
    worker.close();
    target.close();
    if (ownsDatabase) {
      db.close();
    }
  }

  @Override
  public void halt() {
    worker.halt();
    if (ownsDatabase) {
      db.close();
    }
  }

  // ---- plumbing ----

  /** Everything we compute is in milliseconds, so what we send is what we store. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Domain refusals become a {@link CaseBridgeException}; anything else from the database one
   * "unavailable" type.
   */
  private static <T> CompletionStage<T> guard(
      String operation, Supplier<CompletionStage<T>> action) {
    CompletionStage<T> stage;
    try {
      stage = action.get();
    } catch (RuntimeException e) { // a closed database refuses before any I/O
      stage = CompletableFuture.failedFuture(e);
    }
    return stage
        .toCompletableFuture()
        .exceptionallyCompose(
            failure -> {
              Throwable cause = AsyncFailures.cause(failure);
              if (cause instanceof PgCaseStore.Refused r) {
                return CompletableFuture.failedFuture(
                    new CaseBridgeException(r.code(), r.detail()));
              }
              if (cause instanceof InvalidForm f) {
                return CompletableFuture.failedFuture(
                    new CaseBridgeException(ErrorCode.INVALID_FORM, "", f.errors));
              }
              if (cause instanceof CaseBridgeException
                  || cause instanceof CaseBridgeUnavailableException) {
                return CompletableFuture.failedFuture(cause);
              }
              if (dataException(cause)) {
                // the database refused a value (a NUL byte, a number out of range): the caller's
                // input, not an outage
                return CompletableFuture.failedFuture(
                    new CaseBridgeException(
                        ErrorCode.INVALID_ARGUMENT, "a value the record cannot hold"));
              }
              return CompletableFuture.failedFuture(
                  new CaseBridgeUnavailableException(operation, cause));
            });
  }

  /** SQLState class 22 anywhere down the chain: PostgreSQL's "data exception". */
  private static boolean dataException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("22")) {
        return true;
      }
    }
    return false;
  }

  private static <T> CompletionStage<T> failed(ErrorCode code, String detail) {
    return CompletableFuture.failedFuture(new CaseBridgeException(code, detail));
  }
}
