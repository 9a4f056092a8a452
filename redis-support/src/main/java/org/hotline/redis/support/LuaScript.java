package org.hotline.redis.support;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hotline.support.async.AsyncFailures;

/**
 * A Lua script run by SHA. When Redis has forgotten it (a restart, a failover) it is sent once in
 * full with EVAL, which also caches it again.
 */
public final class LuaScript {

  private final String name;
  private final String source;
  private final String sha;

  public LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
  }

  public String name() {
    return name;
  }

  public String source() {
    return source;
  }

  public String sha() {
    return sha;
  }

  /** Runs with {@code key} as the (routing) key and {@code args} as ARGV. */
  public <T> CompletionStage<T> run(
      RedisAsyncCommands<String, String> redis, ScriptOutputType type, String key, String... args) {
    String[] keys = {key};
    CompletableFuture<T> first = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
    return first.exceptionallyCompose(
        failure -> {
          Throwable cause = AsyncFailures.cause(failure);
          if (cause instanceof RedisNoScriptException) {
            return redis.<T>eval(source, type, keys, args);
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  /** A class-path resource as text, with a trailing newline (scripts are concatenated). */
  public static String resource(Class<?> anchor, String path) {
    try (InputStream in = anchor.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
