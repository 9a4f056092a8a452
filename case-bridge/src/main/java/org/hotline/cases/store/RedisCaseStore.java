package org.hotline.cases.store;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallbackCandidate;
import org.hotline.cases.api.CallerHistory;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseRef;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.CaseSummary;
import org.hotline.cases.api.PhoneNumbers;
import org.hotline.cases.api.RequestType;
import org.hotline.cases.api.SupervisionAlert;
import org.hotline.cases.api.Urgency;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.taxonomy.Category;
import org.hotline.cases.taxonomy.Taxonomy;

/**
 * Cases on Redis. Each change is one Lua script, atomic, over keys of one hash tag; reads are one
 * round trip each. The caller passes the time of every decision, so tests can move the clock.
 */
public final class RedisCaseStore {

  /** Per-day id counters live a little longer than their day. */
  static final long COUNTER_TTL_SECONDS = 3 * 24 * 3600;

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  static final Script CALL_EVENT = Script.named("call_event");
  static final Script SUBMIT = Script.named("submit");
  static final Script STATUS = Script.named("status");
  static final Script TICK = Script.named("tick");
  static final Script HISTORY = Script.named("history");
  static final Script ABANDON = Script.named("abandon");

  private final RedisAsyncCommands<String, String> redis;
  private final KeySpace keys;
  private final CasesConfig config;
  private final Taxonomy taxonomy;
  private final CaseCodec codec;

  public RedisCaseStore(
      RedisAsyncCommands<String, String> redis,
      KeySpace keys,
      CasesConfig config,
      Taxonomy taxonomy,
      CaseCodec codec) {
    this.redis = redis;
    this.keys = keys;
    this.config = config;
    this.taxonomy = taxonomy;
    this.codec = codec;
  }

  public static List<Script> scripts() {
    return List.of(CALL_EVENT, SUBMIT, STATUS, TICK, HISTORY, ABANDON);
  }

  public KeySpace keys() {
    return keys;
  }

  /** The answered or ended call: the draft case is created once, the facts updated each time. */
  public CompletionStage<CaseRef> callEvent(CallFacts f, boolean ended, Instant now) {
    String caller = PhoneNumbers.normalize(f.callerNumber()).orElse("");
    List<String> args = new ArrayList<>();
    args.add(keys.prefix());
    args.add(CaseCodec.ms(now));
    args.add(f.callId());
    args.add(LocalDate.ofInstant(f.answeredAt().orElse(now), config.zone()).format(DAY));
    args.add(Long.toString(COUNTER_TTL_SECONDS));
    args.add(caller);
    args.add(CaseCodec.ms(now.minus(config.history().repeatWindow())));
    args.add(f.agentId().orElse(""));
    args.add(CaseCodec.ms(f.enteredAt()));
    args.add(ended ? CaseCodec.ms(f.endedAt().orElse(now).plus(config.wrapUpFormLimit())) : "");
    CaseCodec.callFields(f)
        .forEach(
            (k, v) -> {
              args.add(k);
              args.add(v);
            });
    return CALL_EVENT
        .run(redis, keys.call(f.callId()), args.toArray(String[]::new))
        .thenApply(
            r ->
                new CaseRef(
                    (String) r.get(0),
                    f.callId(),
                    CaseStatus.parse((String) r.get(1)).orElseThrow(),
                    ((Long) r.get(2)) == 1L));
  }

  public CompletionStage<Optional<String>> caseIdOfCall(String callId) {
    return redis.get(keys.call(callId)).thenApply(Optional::ofNullable);
  }

  /** The case with its history: two commands sent together, one round trip. */
  public CompletionStage<Optional<Case>> find(String caseId) {
    CompletableFuture<Map<String, String>> fields =
        redis.hgetall(keys.caseKey(caseId)).toCompletableFuture();
    CompletableFuture<List<String>> history =
        redis.lrange(keys.history(caseId), 0, -1).toCompletableFuture();
    return fields.thenCombine(
        history, (f, h) -> f.isEmpty() ? Optional.empty() : Optional.of(codec.decode(f, h)));
  }

  /** What a submission writes; see {@code submit.lua}. */
  public record Submission(
      String caseId,
      boolean redispatch,
      String formHash,
      int expectedVersion,
      CaseStatus finalStatus,
      boolean deliver,
      Optional<Instant> deadline,
      Optional<Instant> nearing,
      String idempotencyKey,
      String payload,
      String by,
      String note,
      Map<String, String> fields) {}

  /** The script's verdict: {@code OK}, {@code DUPLICATE} or an error code, and the status. */
  public record Reply(String code, String status) {
    public boolean ok() {
      return "OK".equals(code);
    }
  }

  public CompletionStage<Reply> submit(Submission s, Instant now) {
    List<String> args = new ArrayList<>();
    args.add(keys.prefix());
    args.add(CaseCodec.ms(now));
    args.add(s.caseId());
    args.add(s.redispatch() ? "redispatch" : "form");
    args.add(s.formHash());
    args.add(Integer.toString(s.expectedVersion()));
    args.add(s.finalStatus().code());
    args.add(s.deliver() ? "1" : "0");
    args.add(s.deadline().map(CaseCodec::ms).orElse(""));
    args.add(s.nearing().map(CaseCodec::ms).orElse(""));
    args.add(s.idempotencyKey());
    args.add(s.payload());
    args.add(s.by());
    args.add(s.note());
    s.fields()
        .forEach(
            (k, v) -> {
              args.add(k);
              args.add(v);
            });
    return SUBMIT
        .run(redis, keys.caseKey(s.caseId()), args.toArray(String[]::new))
        .thenApply(r -> new Reply((String) r.get(0), (String) r.get(1)));
  }

  /**
   * Moves a case through {@code targets} in order, all or none.
   *
   * @param updateId the dispatch system's update id, applied at most once; empty for our own moves
   */
  public CompletionStage<Reply> transition(
      String caseId,
      List<CaseStatus> targets,
      String by,
      String note,
      String updateId,
      long updateIdTtlMillis,
      Map<String, String> fields,
      Instant now) {
    List<String> args = new ArrayList<>();
    args.add(keys.prefix());
    args.add(CaseCodec.ms(now));
    args.add(caseId);
    args.add(String.join(",", targets.stream().map(CaseStatus::code).toList()));
    args.add(by);
    args.add(note);
    args.add(updateId);
    args.add(Long.toString(updateIdTtlMillis));
    fields.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    return STATUS
        .run(redis, keys.caseKey(caseId), args.toArray(String[]::new))
        .thenApply(r -> new Reply((String) r.get(0), (String) r.get(1)));
  }

  /** Counts of what the tick did: incomplete, nearing, overdue. */
  public record TickCounts(int incomplete, int nearing, int overdue) {}

  public CompletionStage<TickCounts> tick(Instant now) {
    return TICK.run(
            redis,
            keys.prefix() + "due",
            keys.prefix(),
            CaseCodec.ms(now),
            Integer.toString(config.supervision().scanBatch()),
            Long.toString(config.supervision().alertStreamMaxLen()))
        .thenApply(
            r ->
                new TickCounts(
                    ((Long) r.get(0)).intValue(),
                    ((Long) r.get(1)).intValue(),
                    ((Long) r.get(2)).intValue()));
  }

  /** The screen pop: one script, one round trip. */
  public CompletionStage<CallerHistory> history(String callerNumber, Instant now) {
    Optional<String> number = PhoneNumbers.normalize(callerNumber);
    if (number.isEmpty()) {
      return CompletableFuture.completedFuture(CallerHistory.none(true));
    }
    return HISTORY
        .run(
            redis,
            keys.caller(number.get()),
            keys.prefix(),
            CaseCodec.ms(now),
            number.get(),
            CaseCodec.ms(now.minus(config.history().repeatWindow())),
            Integer.toString(config.history().lastCases()),
            Integer.toString(config.history().openCases()))
        .thenApply(r -> history(r, now));
  }

  private CallerHistory history(List<Object> r, Instant now) {
    long calls = (Long) r.get(3);
    String lastAgent = (String) r.get(4);
    String lastAt = (String) r.get(5);
    return new CallerHistory(
        false,
        summaries((List<?>) r.get(0), now),
        summaries((List<?>) r.get(1), now),
        (Long) r.get(2),
        calls,
        calls >= config.history().repeatCallerCalls(),
        lastAgent.isEmpty() ? Optional.empty() : Optional.of(lastAgent),
        lastAt.isEmpty() ? Optional.empty() : Optional.of(CaseCodec.instant(lastAt)));
  }

  private List<CaseSummary> summaries(List<?> rows, Instant now) {
    List<CaseSummary> out = new ArrayList<>();
    for (Object o : rows) {
      List<?> row = (List<?>) o;
      String createdAt = (String) row.get(1);
      Optional<CaseStatus> status = CaseStatus.parse((String) row.get(2));
      if (createdAt.isEmpty() || status.isEmpty()) {
        continue; // the case is gone (expired by an operator): nothing to show
      }
      Optional<String> category = nonEmpty((String) row.get(4));
      Optional<Instant> deadline = nonEmpty((String) row.get(5)).map(CaseCodec::instant);
      out.add(
          new CaseSummary(
              (String) row.get(0),
              CaseCodec.instant(createdAt),
              status.get(),
              nonEmpty((String) row.get(3)).flatMap(RequestType::parse),
              category,
              category.flatMap(taxonomy::find).map(Category::name),
              deadline,
              status.get().runningDeadline() && deadline.map(now::isAfter).orElse(false)));
    }
    return out;
  }

  public CompletionStage<Boolean> abandon(CallFacts f, Instant now) {
    return ABANDON
        .runInteger(
            redis,
            keys.callbacks(),
            keys.prefix(),
            CaseCodec.ms(now),
            f.callId(),
            PhoneNumbers.normalize(f.callerNumber()).orElse(""),
            CaseCodec.ms(f.enteredAt()),
            CaseCodec.ms(now.minus(config.history().repeatWindow())),
            f.queueId())
        .thenApply(n -> n == 1L);
  }

  /** The oldest abandoned calls first. */
  public CompletionStage<List<CallbackCandidate>> callbacks(int limit) {
    return redis
        .zrange(keys.callbacks(), 0, limit - 1)
        .thenCompose(
            ids -> {
              List<CompletableFuture<Map<String, String>>> reads = new ArrayList<>();
              for (String id : ids) {
                reads.add(redis.hgetall(keys.callback(id)).toCompletableFuture());
              }
              return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                  .thenApply(
                      v -> {
                        List<CallbackCandidate> out = new ArrayList<>();
                        for (int i = 0; i < ids.size(); i++) {
                          Map<String, String> f = reads.get(i).join();
                          if (f.isEmpty()) {
                            continue;
                          }
                          out.add(
                              new CallbackCandidate(
                                  ids.get(i),
                                  f.getOrDefault("caller", ""),
                                  f.getOrDefault("queue", ""),
                                  CaseCodec.instant(f.get("enteredAt")),
                                  CaseCodec.instant(f.get("abandonedAt"))));
                        }
                        return out;
                      });
            });
  }

  public CompletionStage<Boolean> callbackDone(String callId) {
    CompletableFuture<Long> removed = redis.zrem(keys.callbacks(), callId).toCompletableFuture();
    redis.del(keys.callback(callId));
    return removed.thenApply(n -> n == 1L);
  }

  /** Resolved cases waiting for their return visit, oldest resolution first. */
  public CompletionStage<List<String>> awaitingReturnVisit(int limit) {
    return redis.zrange(keys.prefix() + "visits", 0, limit - 1);
  }

  /** Incomplete drafts, oldest first. */
  public CompletionStage<List<String>> incomplete(int limit) {
    return redis.zrange(keys.incomplete(), 0, limit - 1);
  }

  /** Supervision alerts after {@code afterId} ({@code 0} for the beginning), oldest first. */
  public CompletionStage<List<SupervisionAlert>> alerts(String afterId, int count) {
    Range<String> range = Range.create("(" + afterId, "+");
    if ("0".equals(afterId) || afterId.isEmpty()) {
      range = Range.create("-", "+");
    }
    return redis
        .xrange(keys.alerts(), range, io.lettuce.core.Limit.from(count))
        .thenApply(
            messages -> {
              List<SupervisionAlert> out = new ArrayList<>();
              for (StreamMessage<String, String> m : messages) {
                Map<String, String> b = m.getBody();
                Optional<SupervisionAlert.Kind> kind = SupervisionAlert.Kind.parse(b.get("kind"));
                if (kind.isEmpty()) {
                  continue;
                }
                out.add(
                    new SupervisionAlert(
                        m.getId(),
                        kind.get(),
                        b.get("caseId"),
                        CaseCodec.instant(b.get("at")),
                        nonEmpty(b.get("deadline")).map(CaseCodec::instant),
                        nonEmpty(b.get("district")),
                        nonEmpty(b.get("street")),
                        nonEmpty(b.get("category")),
                        nonEmpty(b.get("urgency")).flatMap(Urgency::parse)));
              }
              return out;
            });
  }

  static Optional<String> nonEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
