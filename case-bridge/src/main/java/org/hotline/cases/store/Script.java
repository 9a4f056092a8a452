package org.hotline.cases.store;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletionStage;
import org.hotline.cases.api.CaseStatus;
import org.hotline.redis.support.LuaScript;

/**
 * One Lua script: the status table generated from {@link CaseStatus}, the shared helpers, then the
 * operation's body. Runs by SHA; when Redis has forgotten it (a restart, a failover) it is sent
 * once in full.
 */
public final class Script {

  private static final String PRELUDE =
      statusTable() + LuaScript.resource(Script.class, "/org/hotline/cases/store/common.lua");

  private final LuaScript lua;

  private Script(LuaScript lua) {
    this.lua = lua;
  }

  public static Script named(String name) {
    return new Script(
        new LuaScript(
            name,
            PRELUDE
                + LuaScript.resource(Script.class, "/org/hotline/cases/store/" + name + ".lua")));
  }

  public String name() {
    return lua.name();
  }

  public String source() {
    return lua.source();
  }

  /**
   * Runs with {@code key} as the routing key and {@code args} as ARGV; replies as Lettuce gives.
   */
  public CompletionStage<List<Object>> run(
      RedisAsyncCommands<String, String> redis, String key, String... args) {
    return lua.run(redis, ScriptOutputType.MULTI, key, args);
  }

  /** Runs a script whose reply is one integer. */
  public CompletionStage<Long> runInteger(
      RedisAsyncCommands<String, String> redis, String key, String... args) {
    return lua.run(redis, ScriptOutputType.INTEGER, key, args);
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
}
