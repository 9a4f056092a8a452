package org.hotline.cases.outbox;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hotline.cases.api.DeadLetter;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.cases.delivery.Delivery;
import org.hotline.cases.store.CaseCodec;
import org.hotline.cases.store.KeySpace;
import org.hotline.cases.store.Script;
import org.hotline.redis.support.AsyncFailures;

/**
 * The outbox in Redis. Entries are added by the submission script, in the same atomic step that
 * stores the case, so a case acknowledged to the agent always has its delivery pending.
 *
 * <p>At least once: an instance reads entries with its own consumer name (XREADGROUP); an entry
 * stays pending until the target's answer is settled by a script (acknowledged, or scheduled for
 * retry, or dead); entries of an instance that died are claimed by another after {@code claimIdle}
 * (XAUTOCLAIM). Per case in order: only the head of a case's FIFO is ever in the stream.
 */
public final class Outbox {

  public static final String GROUP = "dispatch";

  static final Script ACK = Script.named("ob_ack");
  static final Script FAIL = Script.named("ob_fail");
  static final Script PROMOTE = Script.named("ob_promote");
  static final Script REDRIVE = Script.named("ob_redrive");
  static final Script STATUS = Script.named("ob_status");

  private final RedisAsyncCommands<String, String> redis;
  private final KeySpace keys;

  public Outbox(RedisAsyncCommands<String, String> redis, KeySpace keys) {
    this.redis = redis;
    this.keys = keys;
  }

  public static List<Script> scripts() {
    return List.of(ACK, FAIL, PROMOTE, REDRIVE, STATUS);
  }

  /** An entry read from the stream: the delivery and where it sits in the stream. */
  public record Entry(String streamId, Delivery delivery) {}

  /** Creates the stream and its consumer group if they are missing (from the stream's start). */
  public CompletionStage<Void> ensureGroup() {
    return redis
        .xgroupCreate(
            XReadArgs.StreamOffset.from(keys.outboxStream(), "0"),
            GROUP,
            XGroupCreateArgs.Builder.mkstream())
        .toCompletableFuture()
        .<Void>thenApply(ok -> null)
        .exceptionallyCompose(
            failure -> {
              Throwable cause = AsyncFailures.cause(failure);
              if (cause instanceof RedisBusyException
                  || String.valueOf(cause.getMessage()).startsWith("BUSYGROUP")) {
                return CompletableFuture.completedFuture(null);
              }
              return CompletableFuture.failedFuture(cause);
            });
  }

  /** Retries whose time has come go back into the stream. */
  public CompletionStage<Long> promoteDue(Instant now, int limit) {
    return PROMOTE.runInteger(
        redis, keys.outboxStream(), keys.prefix(), CaseCodec.ms(now), Integer.toString(limit));
  }

  /** New entries for {@code consumer}. */
  @SuppressWarnings(
      "unchecked") // Lettuce's varargs of a generic type; one stream, no heap pollution
  public CompletionStage<List<Entry>> read(String consumer, int count) {
    return redis
        .xreadgroup(
            Consumer.from(GROUP, consumer),
            XReadArgs.Builder.count(count),
            XReadArgs.StreamOffset.lastConsumed(keys.outboxStream()))
        .thenApply(Outbox::entries);
  }

  /** Entries another consumer took and left unsettled for {@code minIdle}: it died. */
  public CompletionStage<List<Entry>> claimAbandoned(String consumer, Duration minIdle, int count) {
    XAutoClaimArgs<String> args =
        new XAutoClaimArgs<String>()
            .consumer(Consumer.from(GROUP, consumer))
            .minIdleTime(minIdle)
            .startId("0-0")
            .count(count);
    return redis
        .xautoclaim(keys.outboxStream(), args)
        .thenApply(claimed -> entries(claimed.getMessages()));
  }

  private static List<Entry> entries(List<StreamMessage<String, String>> messages) {
    List<Entry> out = new ArrayList<>();
    for (StreamMessage<String, String> m : messages) {
      Map<String, String> b = m.getBody();
      if (b == null || b.get("k") == null) {
        continue; // deleted meanwhile
      }
      String key = b.get("k");
      int v = key.lastIndexOf(":v");
      out.add(
          new Entry(
              m.getId(),
              new Delivery(
                  key,
                  b.get("c"),
                  Integer.parseInt(key.substring(v + 2)),
                  Integer.parseInt(b.getOrDefault("a", "0")) + 1,
                  b.getOrDefault("p", "{}"))));
    }
    return out;
  }

  /** The target took it. Returns false when someone had settled it already. */
  public CompletionStage<Boolean> acknowledge(
      Entry e, String reference, String targetName, Instant now) {
    Delivery d = e.delivery();
    return ACK.run(
            redis,
            keys.outboxStream(),
            keys.prefix(),
            CaseCodec.ms(now),
            e.streamId(),
            d.idempotencyKey(),
            d.caseId(),
            Integer.toString(d.version()),
            reference,
            targetName)
        .thenApply(r -> "OK".equals(r.get(0)));
  }

  /** What became of a failed attempt. */
  public enum FailResult {
    RETRY,
    DEAD,
    STALE
  }

  public CompletionStage<FailResult> fail(
      Entry e, String error, boolean permanent, int maxAttempts, Instant retryAt, Instant now) {
    Delivery d = e.delivery();
    return FAIL.run(
            redis,
            keys.outboxStream(),
            keys.prefix(),
            CaseCodec.ms(now),
            e.streamId(),
            d.idempotencyKey(),
            d.caseId(),
            error,
            permanent ? "1" : "0",
            Integer.toString(maxAttempts),
            CaseCodec.ms(retryAt))
        .thenApply(r -> FailResult.valueOf((String) r.get(0)));
  }

  /** The dead-letter list, oldest first. */
  public CompletionStage<List<DeadLetter>> deadLetters(int limit) {
    return redis
        .zrangeWithScores(keys.outboxDead(), 0, limit - 1)
        .thenCompose(
            scored -> {
              if (scored.isEmpty()) {
                return CompletableFuture.completedFuture(List.<DeadLetter>of());
              }
              String[] ids = scored.stream().map(ScoredValue::getValue).toArray(String[]::new);
              CompletableFuture<List<io.lettuce.core.KeyValue<String, String>>> attempts =
                  redis.hmget(keys.outboxAttempts(), ids).toCompletableFuture();
              CompletableFuture<List<io.lettuce.core.KeyValue<String, String>>> errors =
                  redis.hmget(keys.outboxErrors(), ids).toCompletableFuture();
              return attempts.thenCombine(
                  errors,
                  (a, err) -> {
                    List<DeadLetter> out = new ArrayList<>();
                    for (int i = 0; i < ids.length; i++) {
                      String key = ids[i];
                      out.add(
                          new DeadLetter(
                              key,
                              key.substring(0, key.lastIndexOf(":v")),
                              Integer.parseInt(a.get(i).getValueOrElse("0")),
                              err.get(i).getValueOrElse(""),
                              Instant.ofEpochMilli((long) scored.get(i).getScore())));
                    }
                    return out;
                  });
            });
  }

  /** Puts a dead letter back into the stream with a fresh count; false if there is no such one. */
  public CompletionStage<Boolean> redrive(String idempotencyKey, Instant now) {
    return REDRIVE
        .runInteger(redis, keys.outboxStream(), keys.prefix(), CaseCodec.ms(now), idempotencyKey)
        .thenApply(n -> n == 1L);
  }

  public CompletionStage<OutboxStatus> status(Instant now) {
    return STATUS
        .run(redis, keys.outboxStream(), keys.prefix(), CaseCodec.ms(now))
        .thenApply(
            r -> {
              String oldest = (String) r.get(3);
              Duration lag =
                  oldest.isEmpty()
                      ? Duration.ZERO
                      : Duration.ofMillis(
                          Math.max(0, now.toEpochMilli() - (long) Double.parseDouble(oldest)));
              return new OutboxStatus((Long) r.get(0), (Long) r.get(1), (Long) r.get(2), lag);
            });
  }
}
