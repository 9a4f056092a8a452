package org.hotline.gateway.wallboard;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A board section is a map of entries by key (queues by id, seats by seat id, ...). What a board
 * already showing {@code before} needs to show {@code after}: the entries that changed or appeared,
 * and {@code null} for those that went.
 */
final class Sections {

  private Sections() {}

  /** The changes from {@code before} to {@code after}; empty when there are none. */
  static JsonObject delta(Map<String, JsonObject> before, Map<String, JsonObject> after) {
    JsonObject changes = new JsonObject();
    after.forEach(
        (key, entry) -> {
          if (!entry.equals(before.get(key))) {
            changes.put(key, entry);
          }
        });
    before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(k -> changes.putNull(k));
    return changes;
  }

  /** A whole section, for a board that shows nothing yet. */
  static JsonObject whole(Map<String, JsonObject> section) {
    JsonObject json = new JsonObject();
    section.forEach(json::put);
    return json;
  }
}
