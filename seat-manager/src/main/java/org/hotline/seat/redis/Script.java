package org.hotline.seat.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.hotline.redis.support.LuaScript;
import org.hotline.seat.state.AgentMoves;

/**
 * One seat-manager script: the state-machine table and the shared helpers, then the operation's
 * body, run by SHA (see {@link LuaScript}).
 */
final class Script {

  private static final String PRELUDE =
      AgentMoves.toLua() + LuaScript.resource(Script.class, "/org/hotline/seat/redis/common.lua");

  private final LuaScript lua;

  private Script(LuaScript lua) {
    this.lua = lua;
  }

  static Script named(String name) {
    return new Script(
        new LuaScript(
            name,
            PRELUDE
                + LuaScript.resource(Script.class, "/org/hotline/seat/redis/" + name + ".lua")));
  }

  String source() {
    return lua.source();
  }

  CompletionStage<List<Object>> run(
      RedisAsyncCommands<String, String> redis, String key, String... args) {
    return lua.run(redis, ScriptOutputType.MULTI, key, args);
  }
}
