package org.hotline.gateway.access;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffRole;

/**
 * Sessions in Redis, shared by every gateway instance. The id is 256 random bits, given to the
 * browser only; Redis holds its SHA-256, so a copy of Redis signs nobody in. A session ends when
 * unused for the idle time, when older than the absolute time, at sign-out, and at once for every
 * session of a person who is deactivated or whose roles change. Times come from {@code clock}; the
 * key's time-to-live only collects what has ended.
 */
public final class Sessions {

  /** A session as stored. */
  public record Session(
      String key,
      String staffId,
      String name,
      Set<StaffRole> roles,
      boolean mustChangePassword,
      Instant createdAt,
      Instant seenAt,
      String address) {

    public Principal principal(String requestAddress) {
      return new Principal(staffId, name, roles, mustChangePassword, requestAddress);
    }
  }

  /** A new session: the id goes to the browser, the session to the request. */
  public record Ticket(String id, Session session) {}

  /** Writing "seen" at most this often keeps a busy desktop from writing on every request. */
  private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);

  private static final Duration SLACK = Duration.ofMinutes(1);

  private final RedisAsyncCommands<String, String> redis;
  private final String prefix;
  private final Duration idle;
  private final Duration absolute;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Sessions(
      RedisAsyncCommands<String, String> redis,
      String centreId,
      Duration idle,
      Duration absolute,
      Clock clock) {
    this.redis = redis;
    this.prefix = "hotline:" + centreId + ":";
    this.idle = idle;
    this.absolute = absolute;
    this.clock = clock;
  }

  public Duration absolute() {
    return absolute;
  }

  public CompletionStage<Ticket> create(StaffMember member, String address) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String key = key(id);
    Instant now = clock.instant();
    Map<String, String> fields = new HashMap<>();
    fields.put("staff", member.id());
    fields.put("name", member.profile().name());
    fields.put(
        "roles",
        member.profile().roles().stream().map(StaffRole::code).collect(Collectors.joining(",")));
    fields.put("mustChange", member.mustChangePassword() ? "1" : "0");
    fields.put("created", Long.toString(now.toEpochMilli()));
    fields.put("seen", Long.toString(now.toEpochMilli()));
    fields.put("address", address);
    String index = index(member.id());
    Session session =
        new Session(
            key,
            member.id(),
            member.profile().name(),
            member.profile().roles(),
            member.mustChangePassword(),
            now,
            now,
            address);
    return redis
        .hset(key, fields)
        .thenCompose(n -> redis.pexpire(key, idle.plus(SLACK).toMillis()))
        .thenCompose(ok -> redis.sadd(index, key))
        .thenCompose(n -> redis.pexpire(index, absolute.plus(SLACK).toMillis()))
        .thenApply(ok -> new Ticket(id, session));
  }

  /** The live session of {@code id}; an ended one is removed and is empty. */
  public CompletionStage<Optional<Session>> find(String id) {
    if (id == null || id.length() != 43) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    String key = key(id);
    return redis
        .hgetall(key)
        .thenCompose(
            fields -> {
              if (fields == null || fields.isEmpty() || !fields.containsKey("staff")) {
                return CompletableFuture.completedFuture(Optional.<Session>empty());
              }
              Session s = parse(key, fields);
              Instant now = clock.instant();
              if (now.isAfter(s.createdAt().plus(absolute)) || now.isAfter(s.seenAt().plus(idle))) {
                return endKey(s.staffId(), key).thenApply(v -> Optional.<Session>empty());
              }
              if (now.isAfter(s.seenAt().plus(TOUCH_EVERY))) {
                redis.hset(key, "seen", Long.toString(now.toEpochMilli()));
                redis.pexpire(key, idle.plus(SLACK).toMillis());
              }
              return CompletableFuture.completedFuture(Optional.of(s));
            });
  }

  /** Ends one session (sign-out). */
  public CompletionStage<Void> end(Session session) {
    return endKey(session.staffId(), session.key());
  }

  /**
   * Ends every session of a person but {@code keep} (a password change keeps the one making it).
   */
  public CompletionStage<Integer> endAll(String staffId, Optional<Session> keep) {
    String index = index(staffId);
    return redis
        .smembers(index)
        .thenCompose(
            keys -> {
              List<String> gone =
                  keys.stream()
                      .filter(k -> keep.map(s -> !s.key().equals(k)).orElse(true))
                      .toList();
              if (gone.isEmpty()) {
                return CompletableFuture.completedFuture(0);
              }
              return redis
                  .del(gone.toArray(String[]::new))
                  .thenCompose(n -> redis.srem(index, gone.toArray(String[]::new)))
                  .thenApply(n -> gone.size());
            });
  }

  /** The session no longer needs its owner to change their password. */
  public CompletionStage<Void> passwordChanged(Session session) {
    return redis.hset(session.key(), "mustChange", "0").thenApply(ok -> null);
  }

  private CompletionStage<Void> endKey(String staffId, String key) {
    return redis.del(key).thenCompose(n -> redis.srem(index(staffId), key)).thenApply(n -> null);
  }

  private static Session parse(String key, Map<String, String> f) {
    Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
    for (String code : f.getOrDefault("roles", "").split(",")) {
      StaffRole.ofCode(code).ifPresent(roles::add);
    }
    return new Session(
        key,
        f.get("staff"),
        f.getOrDefault("name", ""),
        roles,
        "1".equals(f.get("mustChange")),
        Instant.ofEpochMilli(Long.parseLong(f.getOrDefault("created", "0"))),
        Instant.ofEpochMilli(Long.parseLong(f.getOrDefault("seen", "0"))),
        f.getOrDefault("address", ""));
  }

  private String key(String id) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
      return prefix + "session:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private String index(String staffId) {
    return prefix + "staff-sessions:" + staffId;
  }
}
