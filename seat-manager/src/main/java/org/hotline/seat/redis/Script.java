package org.hotline.seat.redis;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.hotline.seat.state.AgentMoves;

/**
 * One Lua script: the state-machine table and the shared helpers, then the operation's body. Runs
 * by SHA; when Redis has forgotten it (a restart, a failover) it is sent once in full.
 */
final class Script {

  private static final String PRELUDE = AgentMoves.toLua() + resource("common");

  private final String name;
  private final String source;
  private final String sha;

  private Script(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
  }

  static Script named(String name) {
    return new Script(name, PRELUDE + resource(name));
  }

  String name() {
    return name;
  }

  String sha() {
    return sha;
  }

  String source() {
    return source;
  }

  CompletionStage<List<Object>> run(
      RedisAsyncCommands<String, String> redis, String key, String... args) {
    String[] keys = {key};
    CompletableFuture<List<Object>> first =
        redis.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
    return first.exceptionallyCompose(
        failure -> {
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          if (cause instanceof RedisNoScriptException) {
            return redis.<List<Object>>eval(source, ScriptOutputType.MULTI, keys, args);
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  private static String resource(String name) {
    String path = "/org/hotline/seat/redis/" + name + ".lua";
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
