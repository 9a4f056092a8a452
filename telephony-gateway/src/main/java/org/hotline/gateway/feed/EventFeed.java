package org.hotline.gateway.feed;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code hotline:{centre}:events} from the moment it starts (XREAD BLOCK on a connection of
 * its own) and publishes each entry as a JSON object on {@link #ADDRESS}. Entries have a {@code
 * kind} (agent, offer, answered, noanswer, withdrawn, finished, abandoned, enqueued, hold, unhold,
 * escalated, maxwait) and the fields the script wrote. After a Redis outage it resumes from the
 * last entry it saw; the stream keeps the last 100,000 entries.
 */
public final class EventFeed {

  /** Event-bus address (local to this instance) of the seat manager's events. */
  public static final String ADDRESS = "hotline.events";

  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

  private final Vertx vertx;
  private final Context context;
  private final StatefulRedisConnection<String, String> connection;
  private final String stream;
  private volatile boolean running = true;
  private String lastId = "$";

  public EventFeed(
      Vertx vertx, StatefulRedisConnection<String, String> connection, String centreId) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.connection = connection;
    this.stream = "hotline:{" + centreId + "}:events";
  }

  public void start() {
    if (lastId.equals("$")) {
      // "$" would skip entries written between two reads: pin the position once, then follow ids
      Future.fromCompletionStage(connection.async().xinfoStream(stream), context)
          .onComplete(
              r -> {
                if (r.succeeded()) {
                  lastId = lastGeneratedId(r.result());
                } else {
                  lastId = "0-0"; // no stream yet
                }
                read();
              });
    } else {
      read();
    }
  }

  private static String lastGeneratedId(List<Object> info) {
    for (int i = 0; i + 1 < info.size(); i += 2) {
      if ("last-generated-id".equals(String.valueOf(info.get(i)))) {
        return String.valueOf(info.get(i + 1));
      }
    }
    return "0-0";
  }

  @SuppressWarnings("unchecked") // Lettuce's xread takes generic varargs of stream offsets
  private void read() {
    if (!running) {
      return;
    }
    Future.fromCompletionStage(
            connection
                .async()
                .xread(
                    XReadArgs.Builder.block(1000).count(500),
                    XReadArgs.StreamOffset.from(stream, lastId)),
            context)
        .onSuccess(
            messages -> {
              for (StreamMessage<String, String> m : messages) {
                lastId = m.getId();
                JsonObject json = new JsonObject().put("id", m.getId());
                m.getBody().forEach(json::put);
                vertx.eventBus().publish(ADDRESS, json);
              }
              // at once: a blocking read returns as soon as anything is there, and what arrives
              // during one read's round trip is the next read's batch. A pause here to gather a
              // bigger batch delayed every screen pop by up to that pause (BENCHMARKS.md 6).
              read();
            })
        .onFailure(
            e -> {
              if (running) {
                LOG.warn("event feed: {}; retrying in 1 s", e.toString());
                vertx.setTimer(1000, id -> read());
              }
            });
  }

  public void stop() {
    running = false;
  }
}
