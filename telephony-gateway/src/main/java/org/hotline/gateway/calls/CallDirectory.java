package org.hotline.gateway.calls;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.seat.api.SeatManagerUnavailableException;

/**
 * Call records in Redis ({@code hotline:{centre}:gw:call:<callId>}, kept two days), with a local
 * cache for the calls this instance touched.
 */
public final class CallDirectory {

  private static final long KEEP_SECONDS = 2 * 24 * 3600;
  private static final int CACHE_LIMIT = 50_000;

  private final RedisAsyncCommands<String, String> redis;
  private final Context context;
  private final String prefix;
  private final String pending;
  private final Map<String, CallRecord> cache = new ConcurrentHashMap<>();

  public CallDirectory(RedisAsyncCommands<String, String> redis, Context context, String centreId) {
    this.redis = redis;
    this.context = context;
    this.prefix = "hotline:{" + centreId + "}:gw:call:";
    this.pending = "hotline:{" + centreId + "}:gw:cdr:pending";
  }

  public Future<Void> put(CallRecord record) {
    if (cache.size() > CACHE_LIMIT) {
      cache.clear(); // a cache, not a store: Redis has every record
    }
    cache.put(record.callId(), record);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("server", record.server());
    fields.put("channel", record.channel());
    fields.put("uniqueId", record.uniqueId());
    fields.put("callerNumber", record.callerNumber());
    fields.put("callerName", record.callerName());
    fields.put("dialled", record.dialled());
    fields.put("queue", record.queueId());
    fields.put("language", record.language());
    fields.put("enteredAt", Long.toString(record.enteredAt().toEpochMilli()));
    fields.put("recording", record.recording());
    String key = prefix + record.callId();
    return Future.fromCompletionStage(
            redis
                .hset(key, fields)
                .thenCompose(n -> redis.expire(key, KEEP_SECONDS))
                // until its detail record is written, the call is owed one (see pendingDetails)
                .thenCompose(
                    x ->
                        redis.zadd(
                            pending, (double) record.enteredAt().toEpochMilli(), record.callId())),
            context)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(new SeatManagerUnavailableException("call record", e)));
  }

  public Future<Optional<CallRecord>> get(String callId) {
    CallRecord cached = cache.get(callId);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return Future.fromCompletionStage(redis.hgetall(prefix + callId), context)
        .map(
            f -> {
              if (f.isEmpty()) {
                return Optional.empty();
              }
              CallRecord record =
                  new CallRecord(
                      callId,
                      f.get("server"),
                      f.get("channel"),
                      f.get("uniqueId"),
                      f.getOrDefault("callerNumber", ""),
                      f.getOrDefault("callerName", ""),
                      f.getOrDefault("dialled", ""),
                      f.getOrDefault("queue", ""),
                      f.getOrDefault("language", ""),
                      Instant.ofEpochMilli(Long.parseLong(f.getOrDefault("enteredAt", "0"))),
                      f.getOrDefault("recording", ""));
              cache.put(callId, record);
              return Optional.of(record);
            });
  }

  /**
   * Writes {@code field} on the call's record unless it is there already: every gateway instance
   * sees every channel event, and what they note about a call's end must be noted (and counted)
   * once. Completes with whether this instance wrote it.
   */
  public Future<Boolean> noteOnce(String callId, String field, String value) {
    String key = prefix + callId;
    return Future.fromCompletionStage(
        redis
            .hsetnx(key, field, value)
            .thenCompose(set -> redis.expire(key, KEEP_SECONDS).thenApply(x -> set)),
        context);
  }

  /** Writes {@code field} on the call's record, replacing what was there. */
  public Future<Void> note(String callId, String field, String value) {
    String key = prefix + callId;
    return Future.fromCompletionStage(
            redis.hset(key, field, value).thenCompose(set -> redis.expire(key, KEEP_SECONDS)),
            context)
        .mapEmpty();
  }

  /** A field of the call's record, empty when absent. */
  public Future<Optional<String>> field(String callId, String field) {
    return Future.fromCompletionStage(redis.hget(prefix + callId, field), context)
        .map(Optional::ofNullable);
  }

  /** Calls queued before {@code before} whose detail record is not yet written, oldest first. */
  public Future<List<String>> pendingDetails(Instant before, int limit) {
    return Future.fromCompletionStage(
        redis.zrangebyscore(
            pending, Range.create(0.0, (double) before.toEpochMilli()), Limit.create(0, limit)),
        context);
  }

  /** The call's detail record is written: it is no longer owed. */
  public Future<Void> detailWritten(String callId) {
    return Future.fromCompletionStage(redis.zrem(pending, callId), context).mapEmpty();
  }

  /** Drops the local copy once the call is over (Redis keeps the record). */
  public void forget(String callId) {
    cache.remove(callId);
  }
}
