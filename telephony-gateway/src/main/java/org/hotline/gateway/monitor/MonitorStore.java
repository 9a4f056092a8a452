package org.hotline.gateway.monitor;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hotline.redis.support.LuaScript;
import org.hotline.seat.api.SeatManagerUnavailableException;

/**
 * Monitoring sessions in Redis, so that every gateway instance sees the same ones: {@code
 * hotline:{centre}:gw:monitor:s:<id>} (a hash), {@code ...:live} (the ids not ended, by request
 * time), {@code ...:ended} (the most recent ended ids, by end time) and {@code ...:by:<supervisor>}
 * (their session not ended). Every move is one script run (monitor.lua), so instances that hear the
 * same event race harmlessly: exactly one of them is told it moved the session.
 */
public final class MonitorStore {

  /** What a move did: whether this call moved the session on, and the session after it. */
  public record Step(boolean moved, MonitorSession session) {}

  /** Ended sessions kept readable (GET /api/monitor/:id), and for how long at most. */
  static final int KEEP_ENDED = 200;

  static final Duration ENDED_TTL = Duration.ofDays(2);

  /** A session never heard to end is collected after this (every instance gone for a day). */
  static final Duration LIVE_TTL = Duration.ofDays(1);

  private static final LuaScript SCRIPT =
      new LuaScript(
          "monitor",
          LuaScript.resource(MonitorStore.class, "/org/hotline/gateway/monitor/monitor.lua"));

  private static final List<String> END_REASONS = MonitorSession.endReasons();

  private final RedisAsyncCommands<String, String> redis;
  private final Context context;
  private final String prefix;

  public MonitorStore(RedisAsyncCommands<String, String> redis, Context context, String centreId) {
    this.redis = redis;
    this.context = context;
    this.prefix = "hotline:{" + centreId + "}:gw:monitor:";
  }

  /**
   * Stores a new session unless its supervisor has one not ended: then empty (and nothing stored).
   */
  Future<Optional<MonitorSession>> create(MonitorSession s) {
    List<String> args = new ArrayList<>();
    args.add("create");
    args.add(s.id());
    args.add(s.supervisor());
    args.add(Long.toString(s.requestedAt().toEpochMilli()));
    args.add(Long.toString(LIVE_TTL.toSeconds()));
    s.fields()
        .forEach(
            (k, v) -> {
              args.add(k);
              args.add(v);
            });
    return run(args.toArray(String[]::new))
        .map(step -> step.filter(Step::moved).map(Step::session));
  }

  /** ChanSpyStart: dialling → active (the agent marked told when {@code telling} says so). */
  Future<Optional<Step>> activate(
      String id, String server, Instant at, String channel, String telling) {
    return run("activate", id, server, millis(at), channel, telling);
  }

  /** Records what was seen of the leg ({@code channel}, {@code stop}, {@code hangup}). */
  Future<Optional<Step>> note(String id, String server, String field, String value) {
    return run("note", id, server, field, value);
  }

  /**
   * Ends the session (once): with {@code reason}, or when empty the reason what was seen gives;
   * {@code onlyIfSilent}: only while it is still dialling without a leg. {@code server} empty:
   * whichever server.
   */
  Future<Optional<Step>> end(
      String id, String server, Instant at, String reason, boolean onlyIfSilent) {
    List<String> args = new ArrayList<>();
    args.add("end");
    args.add(id);
    args.add(server);
    args.add(millis(at));
    args.add(reason);
    args.add(onlyIfSilent ? "1" : "0");
    args.add(Integer.toString(KEEP_ENDED));
    args.add(Long.toString(ENDED_TTL.toSeconds()));
    args.addAll(END_REASONS);
    return run(args.toArray(String[]::new));
  }

  Future<Optional<MonitorSession>> get(String id) {
    return Future.fromCompletionStage(redis.hgetall(key(id)), context)
        .map(
            f ->
                f.containsKey("state")
                    ? Optional.of(MonitorSession.from(f))
                    : Optional.<MonitorSession>empty())
        .recover(MonitorStore::unavailable);
  }

  /** The sessions not ended, oldest first. */
  Future<List<MonitorSession>> live() {
    CompletionStage<List<MonitorSession>> all =
        redis
            .zrange(prefix + "live", 0, -1)
            .thenCompose(
                ids -> {
                  List<CompletableFuture<Map<String, String>>> reads = new ArrayList<>();
                  ids.forEach(id -> reads.add(redis.hgetall(key(id)).toCompletableFuture()));
                  return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                      .thenApply(
                          v -> {
                            List<MonitorSession> out = new ArrayList<>();
                            for (int i = 0; i < ids.size(); i++) {
                              Map<String, String> f = reads.get(i).join();
                              if (f.containsKey("state")) {
                                MonitorSession s = MonitorSession.from(f);
                                if (s.state() != MonitorSession.State.ENDED) {
                                  out.add(s);
                                }
                              } else {
                                redis.zrem(prefix + "live", ids.get(i)); // collected unended
                              }
                            }
                            return out;
                          });
                });
    return Future.fromCompletionStage(all, context).recover(MonitorStore::unavailable);
  }

  /** Whether {@code supervisor} has a session not ended. */
  Future<Boolean> busy(String supervisor) {
    return Future.fromCompletionStage(redis.exists(prefix + "by:" + supervisor), context)
        .map(n -> n > 0)
        .recover(MonitorStore::unavailable);
  }

  private Future<Optional<Step>> run(String... args) {
    CompletionStage<List<Object>> answer = SCRIPT.run(redis, ScriptOutputType.MULTI, prefix, args);
    return Future.fromCompletionStage(answer, context)
        .map(MonitorStore::step)
        .recover(MonitorStore::unavailable);
  }

  private static Optional<Step> step(List<Object> answer) {
    if (answer.isEmpty() || answer.size() % 2 == 0) {
      return Optional.empty(); // unknown (or, for create, the supervisor is busy)
    }
    Map<String, String> f = new HashMap<>();
    for (int i = 1; i + 1 < answer.size(); i += 2) {
      f.put(text(answer.get(i)), text(answer.get(i + 1)));
    }
    if (!f.containsKey("state")) {
      return Optional.empty();
    }
    return Optional.of(new Step(((Number) answer.get(0)).longValue() == 1, MonitorSession.from(f)));
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  private static <T> Future<T> unavailable(Throwable e) {
    return Future.failedFuture(
        e instanceof SeatManagerUnavailableException
            ? e
            : new SeatManagerUnavailableException("monitoring sessions", e));
  }

  private String key(String id) {
    return prefix + "s:" + id;
  }

  private static String millis(Instant at) {
    return Long.toString(at.toEpochMilli());
  }
}
