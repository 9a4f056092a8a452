package org.hotline.seat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hotline.pg.support.Database;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.record.SeatEventRecorder;
import org.hotline.seat.redis.RedisSeatManager;
import org.hotline.seat.testing.AgentTimeRecord;
import org.hotline.seat.testing.RandomWorkload;
import org.hotline.seat.testing.Redis;
import org.hotline.seat.testing.SeatManagerTestBase;
import org.hotline.seat.testing.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agent time in the city's record: a random day of status changes, written from the seat manager's
 * events, gives each agent intervals with no gaps or overlaps whose totals per state are what the
 * test itself observed; a Redis flushed in the middle of it loses none of them.
 */
class AgentTimeRecordTest extends SeatManagerTestBase {

  private static final int AGENTS = 8;

  private Database db;
  private AgentTimeRecord record;
  private RedisClient client;
  private final List<SeatEventRecorder> recorders = new ArrayList<>();

  @BeforeEach
  void open() {
    db = TestRecord.freshDatabase("agent_time");
    record = new AgentTimeRecord(db);
  }

  @AfterEach
  void closeAll() {
    recorders.forEach(SeatEventRecorder::close);
    db.close();
    if (client != null) {
      client.shutdown();
    }
  }

  private SeatEventRecorder recorder(String redisUri, String centre) {
    if (client == null) {
      client = RedisClient.create(redisUri);
    }
    SeatEventRecorder r = TestRecord.recorder(db, client, centre, clock);
    recorders.add(r);
    return r;
  }

  private static List<String> agents() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      ids.add(RandomWorkload.agentId(i));
    }
    return ids;
  }

  private static Map<String, Map<String, Long>> nonZero(Map<String, Map<String, Long>> totals) {
    Map<String, Map<String, Long>> out = new HashMap<>();
    totals.forEach(
        (a, m) ->
            m.forEach(
                (s, ms) -> {
                  if (ms > 0) {
                    out.computeIfAbsent(a, x -> new HashMap<>()).put(s, ms);
                  }
                }));
    return out;
  }

  @Test
  void aRandomDayOfStatusChangesHasNoGapsOrOverlapsAndTheTotalsTheTestObserved() {
    SeatManagerConfig config = RandomWorkload.config(AGENTS);
    start(config);
    RandomWorkload work = new RandomWorkload(clock, AGENTS);
    work.registerAgents(seats);
    // two readers compete for the stream all along, as two gateway instances would
    recorder(Redis.uri(), config.centreId()).start();
    recorder(Redis.uri(), config.centreId()).start();
    Random random = new Random(20261207);
    AgentTimeRecord.Observed observed = new AgentTimeRecord.Observed(clock.instant());
    for (int step = 0; step < 1500; step++) {
      work.step(seats, random);
      observed.look(seats, agents(), clock.instant());
    }
    assertTrue(work.firstFailure().isEmpty(), () -> work.firstFailure().get().toString());
    recorder(Redis.uri(), config.centreId()).drain();

    for (String agent : agents()) {
      assertEquals(observed.state(agent), record.latestState(agent), agent);
    }
    assertEquals(nonZero(observed.totals()), record.totals(clock.instant()));
    assertEquals(List.of(), record.chainBreaks());
    assertEquals(0, record.duplicates());
  }

  @Test
  void aRedisFlushedBeforeTheStreamWasReadLosesNoIntervalAndLogsEveryoneOutAtTheLoss() {
    try (LocalRedis own = LocalRedis.start(false)) {
      SeatManagerConfig config = RandomWorkload.config(AGENTS);
      RedisSeatManager mine =
          RedisSeatManager.connect(own.uri(), config, clock, DecisionRecorder.NONE);
      try {
        SeatEventRecorder recorder = recorder(own.uri(), config.centreId());
        recorder.drain(); // the reader has been here: it left its marker
        mine.onEvents(recorder::offer); // this instance's own events, as the gateway wires them
        RandomWorkload work = new RandomWorkload(clock, AGENTS);
        work.registerAgents(mine);
        Random random = new Random(42);
        AgentTimeRecord.Observed observed = new AgentTimeRecord.Observed(clock.instant());
        for (int step = 0; step < 800; step++) {
          work.step(mine, random);
          observed.look(mine, agents(), clock.instant());
        }
        List<String> working =
            agents().stream().filter(a -> !observed.state(a).equals("out")).toList();
        assertTrue(working.size() >= 2, "agents working at the flush: " + working);
        Instant flushedAt = clock.instant();
        // the stream was never read: only the events that came back with decisions survive
        RedisClient flusher = RedisClient.create(own.uri());
        try (StatefulRedisConnection<String, String> raw = flusher.connect()) {
          raw.sync().flushall();
        } finally {
          flusher.shutdown();
        }
        clock.advanceMillis(5_000);
        work.registerAgents(mine);
        mine.login(RandomWorkload.agentId(0), RandomWorkload.seatOf(0))
            .toCompletableFuture()
            .join();
        recorder.drain();

        assertEquals(1, recorder.losses());
        assertEquals(nonZero(observed.totals()), record.totals(flushedAt));
        assertEquals(working.size(), record.changesWithReason("redis-lost"));
        assertEquals(List.of(), record.chainBreaks());
        assertEquals(0, record.duplicates());
        assertEquals("avail", record.latestState(RandomWorkload.agentId(0)));
      } finally {
        mine.close();
      }
    }
  }
}
