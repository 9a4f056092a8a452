package org.hotline.seat.record;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.pg.support.Database;
import org.hotline.seat.api.SeatEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the seat manager's event stream ({@code hotline:{centre}:events}) into the city's record:
 * agent state changes and call offers. Every gateway instance runs one; the reader's row in {@code
 * stream_position}, locked with {@code FOR UPDATE SKIP LOCKED}, lets one at a time read, and its
 * position commits with the rows it wrote, so a reader killed at any point neither loses nor
 * doubles an event.
 *
 * <p>The events this instance's own decisions wrote come back with the decisions ({@link #offer})
 * and are written at once, apart from the stream: if Redis loses its data (a flush, a restart
 * without persistence) before the reader got to them, they are in the record all the same. Both
 * ways are idempotent, keyed by the stream id. The loss itself is noticed by a marker key the
 * reader keeps in Redis: every agent still working in the record is then logged out at the moment
 * of the loss, as the seat manager's hot state is gone and agents log in again.
 */
public final class SeatEventRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SeatEventRecorder.class);

  /** How long the reader sleeps when it has caught up (or another instance is reading). */
  public static final Duration POLL = Duration.ofMillis(100);

  static final int BATCH = 500;

  /** Own events held for writing at most; beyond, the stream alone carries them. */
  static final int OWN_LIMIT = 100_000;

  private final Database db;
  private final StatefulRedisConnection<String, String> redis;
  private final String stream;
  private final String marker;
  private final String reader;
  private final Clock clock;
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong losses = new AtomicLong();
  private final Thread thread;
  private final Queue<SeatEvent> own = new ConcurrentLinkedQueue<>();
  private final AtomicInteger ownSize = new AtomicInteger();
  private volatile boolean running = true;

  /**
   * @param redis a connection of the recorder's own (closed with it)
   * @param centreId the seat manager's centre, whose stream is read
   */
  public SeatEventRecorder(
      Database db, StatefulRedisConnection<String, String> redis, String centreId, Clock clock) {
    this.db = db;
    this.redis = redis;
    this.stream = "hotline:{" + centreId + "}:events";
    this.marker = "hotline:{" + centreId + "}:record:epoch";
    this.reader = "seat-events:" + centreId;
    this.clock = clock;
    this.thread = new Thread(this::run, "seat-event-recorder-" + centreId);
    this.thread.setDaemon(true);
  }

  public SeatEventRecorder start() {
    thread.start();
    return this;
  }

  /**
   * Events this instance's decisions wrote to the stream, to be written to the record without
   * waiting for the stream's reader. Never blocks: past {@link #OWN_LIMIT} unwritten (the database
   * is down) the oldest are left to the stream.
   */
  public void offer(List<SeatEvent> events) {
    for (SeatEvent e : events) {
      own.add(e);
      if (ownSize.incrementAndGet() > OWN_LIMIT && own.poll() != null) {
        ownSize.decrementAndGet();
      }
    }
  }

  /** Events written to the record by this instance. */
  public long recorded() {
    return recorded.get();
  }

  /** Times this instance found Redis had lost its data. */
  public long losses() {
    return losses.get();
  }

  /**
   * Reads until the stream holds nothing unread, as one reader would; for tests and shutdown.
   *
   * @return the events written
   */
  public int drain() {
    writeOwn();
    int total = 0;
    int n;
    do {
      n = step();
      if (n < 0) {
        sleep(Duration.ofMillis(20)); // another reader holds the position: wait for it
      }
      total += Math.max(n, 0);
    } while (n == BATCH || n < 0);
    return total;
  }

  /** Writes the events this instance's decisions returned; they stay queued if it fails. */
  private void writeOwn() {
    List<SeatEvent> batch = new ArrayList<>();
    SeatEvent next;
    while (batch.size() < BATCH && (next = own.poll()) != null) {
      ownSize.decrementAndGet();
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      int written =
          db.transaction(
                  c -> {
                    int n = 0;
                    for (SeatEvent e : batch) {
                      try {
                        n += EventWriter.apply(c, StreamId.parse(e.id()), e.fields()) ? 1 : 0;
                      } catch (IllegalArgumentException bad) {
                        LOG.warn("seat event {} skipped: {}", e.id(), bad.getMessage());
                      }
                    }
                    return n;
                  })
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      recorded.addAndGet(written);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requeue(batch);
    } catch (ExecutionException | TimeoutException e) {
      requeue(batch);
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
  }

  private void requeue(List<SeatEvent> batch) {
    // order does not matter for correctness (the stream path writes in order after); keep them
    batch.forEach(
        e -> {
          own.add(e);
          ownSize.incrementAndGet();
        });
  }

  private void run() {
    while (running) {
      int n;
      try {
        writeOwn();
        n = step();
      } catch (RuntimeException e) {
        if (running) {
          LOG.warn("seat events: not recorded now ({}); retrying in 1 s", e.toString());
        }
        sleep(Duration.ofSeconds(1));
        continue;
      }
      if (n < BATCH) {
        sleep(POLL);
      }
    }
  }

  /** One batch in one transaction; -1 when another instance holds the position. */
  private int step() {
    try {
      return db.transaction(this::step).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
  }

  private int step(Connection c) throws SQLException {
    StreamId last;
    String epoch;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT last_id, epoch FROM hotline.stream_position WHERE reader = ?"
                + " FOR UPDATE SKIP LOCKED")) {
      ps.setString(1, reader);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          try (PreparedStatement in =
              c.prepareStatement(
                  "INSERT INTO hotline.stream_position (reader, stream_key, last_id, updated_at)"
                      + " VALUES (?, ?, '0-0', now()) ON CONFLICT DO NOTHING")) {
            in.setString(1, reader);
            in.setString(2, stream);
            in.executeUpdate();
          }
          return -1;
        }
        last = StreamId.parse(rs.getString(1));
        epoch = rs.getString(2);
      }
    }
    RedisCommands<String, String> r = redis.sync();
    List<StreamMessage<String, String>> batch =
        r.xrange(stream, Range.create(last.next().toString(), "+"), Limit.from(BATCH));
    String seen = r.get(marker);
    if (epoch == null || !epoch.equals(seen)) {
      epoch = newEpoch(c, r, epoch, seen, last, batch);
    }
    StreamId position = last;
    int written = 0;
    for (StreamMessage<String, String> m : batch) {
      StreamId id = StreamId.parse(m.getId());
      try {
        if (EventWriter.apply(c, id, m.getBody())) {
          written++;
        }
      } catch (IllegalArgumentException e) {
        LOG.warn("seat event {} skipped: {}", id, e.getMessage());
      }
      position = id;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.stream_position SET last_id = ?, epoch = ?, updated_at = now()"
                + " WHERE reader = ?")) {
      ps.setString(1, position.toString());
      ps.setString(2, epoch);
      ps.setString(3, reader);
      ps.executeUpdate();
    }
    recorded.addAndGet(written);
    return batch.size();
  }

  /**
   * The marker in Redis is not the one the record knows: the first read ever (adopt or leave one),
   * or Redis lost its data (log every working agent out at the loss, then leave a new marker).
   */
  private String newEpoch(
      Connection c,
      RedisCommands<String, String> r,
      String known,
      String seen,
      StreamId last,
      List<StreamMessage<String, String>> batch)
      throws SQLException {
    if (known == null && seen != null) {
      return seen;
    }
    if (known != null) {
      // the loss happened before the first event of the new stream: what came earlier is history
      List<StreamMessage<String, String>> first =
          r.xrange(stream, Range.create("-", "+"), Limit.from(1));
      StreamId boundary =
          first.isEmpty() ? new StreamId(clock.millis(), 0) : StreamId.parse(first.get(0).getId());
      // in the seat manager's time (its events' "at"), not Redis's
      Instant lostAt =
          first.isEmpty()
              ? clock.instant()
              : Instant.ofEpochMilli(
                  EventWriter.at(first.get(0).getBody(), boundary).toEpochMilli() - 1);
      int agents = logOutEveryone(c, boundary, lostAt);
      losses.incrementAndGet();
      LOG.error(
          "Redis lost the seat manager's data (marker {} is gone): {} working agents logged out in"
              + " the record at {}; they must log in again",
          known,
          agents,
          lostAt);
    }
    String fresh = UUID.randomUUID().toString();
    r.set(marker, fresh, SetArgs.Builder.keepttl());
    return fresh;
  }

  /** Every agent whose last change before {@code boundary} left them working is logged out. */
  private static int logOutEveryone(Connection c, StreamId boundary, Instant lostAt)
      throws SQLException {
    record Open(String agentId, String seatId, String state, Instant at, long seq) {}
    List<Open> open = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT agent_id, seat_id, to_state, at, seq FROM (SELECT DISTINCT ON (agent_id)"
                + " agent_id, seat_id, to_state, at, seq FROM hotline.agent_state_change"
                + " WHERE seq < ? ORDER BY agent_id, seq DESC) latest WHERE to_state <> 'out'")) {
      ps.setLong(1, boundary.ordinal());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          open.add(
              new Open(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class).toInstant(),
                  rs.getLong(5)));
        }
      }
    }
    for (Open o : open) {
      Instant at = o.at().isAfter(lostAt) ? o.at() : lostAt;
      // just after the agent's last change, before anything the new stream holds
      EventWriter.agentChange(
          c,
          o.agentId(),
          at,
          o.seq() + 1,
          o.seatId(),
          o.state(),
          "out",
          "redis-lost",
          null,
          "redis-lost:" + o.agentId() + ":" + o.seq());
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.call_offer SET rang_to = ?, outcome = 'lost' WHERE rang_to IS NULL"
                + " AND rang_from >= ?")) {
      ps.setObject(1, EventWriter.utc(lostAt));
      ps.setObject(2, EventWriter.utc(lostAt.minus(Duration.ofDays(1))));
      ps.executeUpdate();
    }
    return open.size();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    redis.close();
  }
}
