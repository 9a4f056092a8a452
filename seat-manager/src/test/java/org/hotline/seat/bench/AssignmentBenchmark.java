package org.hotline.seat.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import org.hotline.redis.local.LocalRedis;
import org.hotline.redis.support.RedisClients;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.config.EscalationStep;
import org.hotline.seat.config.LocalizedName;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.redis.RedisSeatManager;

/**
 * Assignment decisions against a real Redis, for 600 and 10,000 logged-in agents over 50 queues,
 * beside a trivial script ({@code return 1}) on the same connection at the same concurrency.
 *
 * <p>Each round: (a) calls arrive while agents are available, each is offered at once (call-side
 * decision); (b) calls arrive while every agent is busy, each is parked (call-side decision, no
 * agent); (c) agents finish wrap-up, each takes a waiting call (agent-side decision). Setting up
 * and releasing the agents between phases is not measured.
 *
 * <p>Run: {@code mvn -B -Pbench -pl seat-manager -am verify -DskipTests}. Writes {@code
 * target/bench/assignment.md}.
 */
public final class AssignmentBenchmark {

  private static final int QUEUES = 50;
  private static final int ROUNDS = 6;

  private record Sample(String name, long[] nanos, long wallNanos) {
    double perSecond() {
      return nanos.length / (wallNanos / 1e9);
    }

    double percentileMicros(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1000.0;
    }
  }

  public static void main(String[] args) throws Exception {
    int[] concurrencies = {1, 16};
    int[] sizes = {600, 10_000};
    StringBuilder table = new StringBuilder();
    table.append(
        "| agents | in flight | decisions/s | p50 µs | p99 µs | trivial EVALSHA/s | trivial p50 µs |"
            + " ratio | offer p99 µs | park p99 µs | agent-side p99 µs |\n");
    table.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    try (LocalRedis redis = LocalRedis.fromEnvironment()) {
      // a throw-away pass: the first size measured would otherwise pay for the JIT and Redis
      // warm-up
      run(redis.uri(), 600, 16);
      for (int agents : sizes) {
        for (int inFlight : concurrencies) {
          table.append(run(redis.uri(), agents, inFlight)).append('\n');
        }
      }
    }
    System.out.println();
    System.out.println(table);
    Path out = Path.of("target", "bench", "assignment.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table.toString());
    System.out.println("written to " + out.toAbsolutePath());
  }

  private static String run(String uri, int agents, int inFlight) throws Exception {
    SeatManagerConfig config = config(agents);
    RedisClient client = RedisClients.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect();
        RedisSeatManager seats =
            new RedisSeatManager(connection, config, Clock.systemUTC(), DecisionRecorder.NONE)) {
      RedisAsyncCommands<String, String> redis = connection.async();
      seats.loadScripts().toCompletableFuture().join();
      setUp(seats, agents);
      int batch = Math.min(agents / 2, 2000);
      List<long[]> offer = new ArrayList<>();
      List<long[]> park = new ArrayList<>();
      List<long[]> agentSide = new ArrayList<>();
      long decisionWall = 0;
      long seq = 0;
      Random random = new Random(11);
      for (int round = 0; round < ROUNDS; round++) {
        String prefix = "r" + round + "-" + agents + "-" + inFlight + "-";
        // (a) calls meet available agents
        String[] queues = new String[batch];
        for (int i = 0; i < batch; i++) {
          queues[i] = "q" + String.format("%02d", random.nextInt(QUEUES));
        }
        List<Decision> offered = new ArrayList<>();
        long[] a = new long[batch];
        long start = System.nanoTime();
        final String p = prefix;
        timed(a, inFlight, i -> seats.enqueue(RoutingRequest.of(p + "a" + i, queues[i])), offered);
        decisionWall += System.nanoTime() - start;
        // make every agent busy: answer and end the offered calls, pause the rest
        List<String> wrapping = new ArrayList<>();
        for (Decision d : offered) {
          d.offers().forEach(o -> wrapping.add(o.agentId()));
        }
        for (Decision d : offered) {
          for (var o : d.offers()) {
            seats.answered(o.callId()).toCompletableFuture().join();
            seats.hangUp(o.callId()).toCompletableFuture().join();
          }
        }
        List<String> paused = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
          String id = "ag" + i;
          if (!wrapping.contains(id)) {
            seats.pause(id, "break").toCompletableFuture().join();
            paused.add(id);
          }
        }
        // (b) calls arrive while nobody is available: parked
        long[] b = new long[wrapping.size()];
        start = System.nanoTime();
        timed(
            b,
            inFlight,
            i -> seats.enqueue(RoutingRequest.of(p + "b" + i, queues[i % batch])),
            null);
        decisionWall += System.nanoTime() - start;
        // (c) agents finish wrap-up: each takes a waiting call (if one of their queues has one)
        long[] c = new long[wrapping.size()];
        List<Decision> taken = new ArrayList<>();
        start = System.nanoTime();
        timed(c, inFlight, i -> seats.finishWrapUp(wrapping.get(i)), taken);
        decisionWall += System.nanoTime() - start;
        // release everything for the next round
        for (Decision d : taken) {
          for (var o : d.offers()) {
            seats.answered(o.callId()).toCompletableFuture().join();
            seats.hangUp(o.callId()).toCompletableFuture().join();
            seats.finishWrapUp(o.agentId()).toCompletableFuture().join();
          }
        }
        for (int i = 0; i < wrapping.size(); i++) {
          seats.hangUp(p + "b" + i).toCompletableFuture().join();
        }
        for (String id : paused) {
          seats.ready(id).toCompletableFuture().join();
        }
        if (round > 0) { // the first round warms up the JIT and Redis
          offer.add(a);
          park.add(b);
          agentSide.add(c);
        } else {
          decisionWall = 0;
        }
        seq += batch;
      }
      Sample offers = merge("offer", offer, 0);
      Sample parks = merge("park", park, 0);
      Sample agentSides = merge("agent-side", agentSide, 0);
      long[] all = concat(offers.nanos(), parks.nanos(), agentSides.nanos());
      Sample decisions = new Sample("decisions", all, decisionWall);

      // the baseline: a script that returns 1, same connection, same number in flight
      String sha = redis.scriptLoad("return 1").get();
      int trivialCount = all.length;
      long[] t = new long[trivialCount];
      timed(
          t, inFlight, i -> redis.evalsha(sha, ScriptOutputType.INTEGER, new String[] {"k"}), null);
      long tStart = System.nanoTime();
      timed(
          t, inFlight, i -> redis.evalsha(sha, ScriptOutputType.INTEGER, new String[] {"k"}), null);
      Sample trivial = new Sample("trivial", t, System.nanoTime() - tStart);

      double ratio = decisions.perSecond() / trivial.perSecond();
      System.out.printf(
          Locale.ROOT,
          "agents=%d inFlight=%d decisions/s=%.0f trivial/s=%.0f ratio=%.2f (%d decisions)%n",
          agents,
          inFlight,
          decisions.perSecond(),
          trivial.perSecond(),
          ratio,
          seq);
      return String.format(
          Locale.ROOT,
          "| %,d | %d | %,.0f | %.0f | %.0f | %,.0f | %.0f | %.2f | %.0f | %.0f | %.0f |",
          agents,
          inFlight,
          decisions.perSecond(),
          decisions.percentileMicros(0.5),
          decisions.percentileMicros(0.99),
          trivial.perSecond(),
          trivial.percentileMicros(0.5),
          ratio,
          offers.percentileMicros(0.99),
          parks.percentileMicros(0.99),
          agentSides.percentileMicros(0.99));
    } finally {
      RedisClients.shutdown(client);
    }
  }

  /**
   * Runs {@code n} operations with at most {@code inFlight} outstanding, recording each latency.
   */
  private static <T> void timed(
      long[] nanos, int inFlight, IntFunction<CompletionStage<T>> op, List<T> results)
      throws InterruptedException {
    Semaphore window = new Semaphore(inFlight);
    List<CompletableFuture<T>> all = new ArrayList<>(nanos.length);
    for (int i = 0; i < nanos.length; i++) {
      window.acquire();
      int index = i;
      long start = System.nanoTime();
      CompletableFuture<T> f =
          op.apply(i)
              .toCompletableFuture()
              .whenComplete(
                  (r, e) -> {
                    nanos[index] = System.nanoTime() - start;
                    window.release();
                  });
      all.add(f);
    }
    for (CompletableFuture<T> f : all) {
      T r = f.join();
      if (results != null) {
        results.add(r);
      }
    }
  }

  private static Sample merge(String name, List<long[]> parts, long wall) {
    return new Sample(name, concat(parts.toArray(long[][]::new)), wall);
  }

  private static long[] concat(long[]... parts) {
    int n = 0;
    for (long[] p : parts) {
      n += p.length;
    }
    long[] all = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  private static void setUp(RedisSeatManager seats, int agents) {
    Random random = new Random(3);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      Map<String, Integer> skills = new HashMap<>();
      while (skills.size() < 3) {
        skills.put("s" + String.format("%02d", random.nextInt(QUEUES)), 1 + random.nextInt(9));
      }
      Agent agent = new Agent("ag" + i, "Agent " + i, Role.AGENT, skills, Set.of("zh"), Set.of());
      pending.add(seats.registerAgent(agent).toCompletableFuture());
    }
    pending.forEach(CompletableFuture::join);
    pending.clear();
    for (int i = 0; i < agents; i++) {
      pending.add(seats.login("ag" + i, String.format("%05d", i)).toCompletableFuture());
    }
    pending.forEach(CompletableFuture::join);
  }

  /** 50 queues, one skill each; escalation lowers the level after 30 s, overflows after 60 s. */
  static SeatManagerConfig config(int agents) {
    List<QueueConfig> queues = new ArrayList<>();
    for (int q = 0; q < QUEUES; q++) {
      String id = String.format("q%02d", q);
      String next = String.format("q%02d", (q + 1) % QUEUES);
      queues.add(
          new QueueConfig(
              id,
              new LocalizedName(id, id),
              List.of("zh"),
              Map.of("s" + id.substring(1), 3),
              false,
              Duration.ofSeconds(20),
              Duration.ofSeconds(5),
              Duration.ofSeconds(60),
              Duration.ofMinutes(10),
              List.of(
                  new EscalationStep(Duration.ofSeconds(30), OptionalInt.of(1), false, List.of()),
                  new EscalationStep(
                      Duration.ofSeconds(60), OptionalInt.empty(), false, List.of(next)))));
    }
    List<Seat> seats = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String id = String.format("%05d", i);
      seats.add(new Seat(id, "Z", "1", "PJSIP/" + id));
    }
    return new SeatManagerConfig(
        "bench" + agents + "x" + System.nanoTime() % 100000,
        ZoneId.of("Asia/Shanghai"),
        Duration.ofMinutes(5),
        List.of("chaoyang"),
        queues,
        List.of(
            new PauseReason("break", new LocalizedName("小休", "Break"), true),
            new PauseReason(PauseReason.NO_ANSWER, new LocalizedName("未接", "No answer"), false)),
        seats);
  }
}
