package org.hotline.cases.store;

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
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.hotline.cases.api.CaseStatus;

/**
 * One Lua script: the status table generated from {@link CaseStatus}, the shared helpers, then the
 * operation's body. Runs by SHA; when Redis has forgotten it (a restart, a failover) it is sent
 * once in full.
 */
public final class Script {

  private static final String PRELUDE = statusTable() + resource("common");

  private final String name;
  private final String source;
  private final String sha;

  private Script(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
  }

  public static Script named(String name) {
    return new Script(name, PRELUDE + resource(name));
  }

  public String name() {
    return name;
  }

  public String source() {
    return source;
  }

  /**
   * Runs with {@code key} as the routing key and {@code args} as ARGV; replies as Lettuce gives.
   */
  public CompletionStage<List<Object>> run(
      RedisAsyncCommands<String, String> redis, String key, String... args) {
    return runAs(redis, ScriptOutputType.MULTI, key, args);
  }

  /** Runs a script whose reply is one integer. */
  public CompletionStage<Long> runInteger(
      RedisAsyncCommands<String, String> redis, String key, String... args) {
    return runAs(redis, ScriptOutputType.INTEGER, key, args);
  }

  private <T> CompletionStage<T> runAs(
      RedisAsyncCommands<String, String> redis, ScriptOutputType type, String key, String[] args) {
    String[] keys = {key};
    CompletableFuture<T> first = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
    return first.exceptionallyCompose(
        failure -> {
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          if (cause instanceof RedisNoScriptException) {
            return redis.<T>eval(source, type, keys, args);
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  /** {@code MOVES}, {@code RUNNING} and {@code OPEN} as Lua tables, from the Java enum. */
  static String statusTable() {
    StringBuilder lua = new StringBuilder("local MOVES = {\n");
    StringJoiner running = new StringJoiner(", ", "local RUNNING = {", "}\n");
    StringJoiner open = new StringJoiner(", ", "local OPEN = {", "}\n");
    for (CaseStatus s : CaseStatus.values()) {
      StringJoiner next = new StringJoiner(", ", "{", "}");
      for (CaseStatus n : s.next()) {
        next.add(n.code() + " = true");
      }
      lua.append("  ").append(s.code()).append(" = ").append(next).append(",\n");
      if (s.runningDeadline()) {
        running.add(s.code() + " = true");
      }
      if (s.open()) {
        open.add(s.code() + " = true");
      }
    }
    return lua.append("}\n").append(running).append(open).toString();
  }

  private static String resource(String name) {
    String path = "/org/hotline/cases/store/" + name + ".lua";
    try (InputStream in = Script.class.getResourceAsStream(path)) {
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
