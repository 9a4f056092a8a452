package org.hotline.cases.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallerHistory;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.metrics.CaseEvents;
import org.hotline.cases.store.KeySpace;
import org.hotline.cases.testing.Fixtures;
import org.hotline.redis.local.LocalRedis;

/**
 * The screen pop (caller history) with 1,000,000 cases stored, beside two baselines measured on the
 * same connection in the same run: a GET of a short key, and a trivial script ({@code return 1}) by
 * EVALSHA.
 *
 * <p>The cases are written in bulk in the store's own layout, copied field for field from a case
 * made through the real API (a submitted case: call facts, form, deadline, a two-line status
 * history, the caller's sorted sets and the call's id mapping). 1,000,000 cases over one year and
 * about 300,000 callers: 95% of cases spread over the callers at random (one to a handful each), 5%
 * from 500 heavy callers with about 100 cases each. The reads pick a random caller, one in ten a
 * heavy one.
 *
 * <p>Run: {@code mvn -B -Pbench -pl case-bridge -am verify -DskipTests}. Writes {@code
 * target/bench/history.md}; {@code BENCHMARKS-case-bridge.md} carries the last run's table.
 */
public final class HistoryBenchmark {

  private static final int CASES = Integer.getInteger("bench.cases", 1_000_000);
  private static final int CALLERS = 300_000;
  private static final int HEAVY = 500;
  private static final int READS = 20_000;
  private static final int BATCH = 500;

  private static final String LOADER =
      """
      local P = ARGV[1]
      local n = tonumber(ARGV[2])
      local template = cjson.decode(ARGV[3])
      local window_start = tonumber(ARGV[4])
      local fields = {}
      for k, v in pairs(template) do fields[#fields + 1] = k; fields[#fields + 1] = v end
      for i = 0, n - 1 do
        local b = 5 + i * 7
        local id, caller, created, status, category, deadline, call =
          ARGV[b], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4], ARGV[b + 5], ARGV[b + 6]
        local ck = P .. 'c:' .. id
        redis.call('HSET', ck, unpack(fields))
        redis.call('HSET', ck, 'id', id, 'caller', caller, 'callerNumber', caller,
          'createdAt', created, 'submittedAt', created, 'status', status, 'category', category,
          'deadline', deadline, 'callId', call)
        redis.call('RPUSH', ck .. ':h',
          cjson.encode({s = 'draft', at = created, by = 'a1', note = ''}),
          cjson.encode({s = 'submitted', at = created, by = 'a1', note = ''}))
        redis.call('SET', P .. 'call:' .. call, id)
        local c = P .. 'caller:' .. caller
        redis.call('ZADD', c .. ':cases', created, id)
        if status ~= 'closed' and status ~= 'resolved' then
          redis.call('ZADD', c .. ':open', created, id)
        end
        if tonumber(created) >= window_start then
          redis.call('ZADD', c .. ':calls', created, call)
        end
        redis.call('HSET', c, 'lastAgent', 'a1', 'lastAt', created)
      end
      return n
      """;

  private record Sample(String name, long[] nanos, long wallNanos) {
    double perSecond() {
      return nanos.length / (wallNanos / 1e9);
    }

    double micros(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1000.0;
    }
  }

  public static void main(String[] args) throws Exception {
    try (LocalRedis redis = LocalRedis.fromEnvironment()) {
      CasesConfig config =
          CasesConfig.defaults().withCentre("bench-" + ProcessHandle.current().pid());
      Path dir = Files.createTempDirectory("history-bench");
      Clock clock = Clock.systemUTC();
      try (CaseBridge bridge =
          Fixtures.bridge(
              redis.uri(),
              config,
              new JsonLinesTarget(dir.resolve("c.jsonl")),
              clock,
              CaseEvents.NONE)) {
        Map<String, String> template = templateCase(redis.uri(), bridge, config, clock);
        String loadBefore = loadAverage();
        long start = System.nanoTime();
        populate(redis.uri(), config, template, clock.instant());
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "loaded %,d cases in %.1f s%n", CASES, loadSeconds);
        String table = measure(redis.uri(), bridge, config, clock);
        String memory = memory(redis.uri());
        String report =
            "Cases stored: "
                + String.format(Locale.ROOT, "%,d", CASES)
                + " (loaded in "
                + String.format(Locale.ROOT, "%.0f", loadSeconds)
                + " s; "
                + memory
                + ")\nLoad average (1, 5, 15 min) before loading: "
                + loadBefore
                + "; after measuring: "
                + loadAverage()
                + " (2 cores; other builds may share the machine)\n\n"
                + table;
        System.out.println();
        System.out.println(report);
        Path out = Path.of("target", "bench", "history.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("written to " + out.toAbsolutePath());
      }
    }
  }

  /** One real case through the API; its hash is the template of the bulk load. */
  private static Map<String, String> templateCase(
      String uri, CaseBridge bridge, CasesConfig config, Clock clock) {
    CallFacts f =
        Fixtures.answeredCall("template-call", "13900000000", clock.instant())
            .ended(clock.instant().plusSeconds(200));
    Fixtures.await(bridge.callAnswered(f));
    String id = Fixtures.await(bridge.submitForm("template-call", Fixtures.heatingForm())).caseId();
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      Map<String, String> fields =
          new HashMap<>(c.sync().hgetall(new KeySpace(config.centreId()).caseKey(id)));
      System.out.println("a case has " + fields.size() + " fields");
      return fields;
    } finally {
      client.shutdown();
    }
  }

  static String caller(int i) {
    return "139" + String.format("%08d", i);
  }

  private static void populate(
      String uri, CasesConfig config, Map<String, String> template, Instant now) throws Exception {
    String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(template);
    String prefix = new KeySpace(config.centreId()).prefix();
    Random random = new Random(7);
    ZoneId zone = config.zone();
    DateTimeFormatter day = DateTimeFormatter.BASIC_ISO_DATE;
    long yearMs = Duration.ofDays(365).toMillis();
    long windowStart = now.minus(Duration.ofDays(30)).toEpochMilli();
    String[] statuses = {"dispatched", "accepted", "resolved", "closed", "closed", "closed"};
    String[] categories = {
      "heating.not_warm", "noise.construction", "parking.illegal", "property.fees",
      "labour.unpaid_wages", "sanitation.rubbish", "utilities.water_outage", "market.prepaid_cards"
    };
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisAsyncCommands<String, String> redis = c.async();
      String sha = c.sync().scriptLoad(LOADER);
      Map<String, Integer> perDay = new HashMap<>();
      Semaphore inFlight = new Semaphore(4);
      List<CompletableFuture<Object>> pending = new ArrayList<>();
      for (int first = 0; first < CASES; first += BATCH) {
        int n = Math.min(BATCH, CASES - first);
        String[] argv = new String[4 + 7 * n];
        argv[0] = prefix;
        argv[1] = Integer.toString(n);
        argv[2] = json;
        argv[3] = Long.toString(windowStart);
        for (int k = 0; k < n; k++) {
          int i = first + k;
          long created = now.toEpochMilli() - yearMs + (yearMs * i / CASES);
          String d = LocalDate.ofInstant(Instant.ofEpochMilli(created), zone).format(day);
          int seq = perDay.merge(d, 1, Integer::sum);
          int who =
              random.nextInt(100) < 5 ? random.nextInt(HEAVY) : HEAVY + random.nextInt(CALLERS);
          String status =
              created > now.toEpochMilli() - Duration.ofDays(10).toMillis()
                  ? statuses[random.nextInt(2)]
                  : statuses[random.nextInt(statuses.length)];
          int b = 4 + k * 7;
          argv[b] = d + "-" + String.format("%06d", seq);
          argv[b + 1] = caller(who);
          argv[b + 2] = Long.toString(created);
          argv[b + 3] = status;
          argv[b + 4] = categories[random.nextInt(categories.length)];
          argv[b + 5] = Long.toString(created + Duration.ofDays(7).toMillis());
          argv[b + 6] = "bench-" + i;
        }
        inFlight.acquire();
        CompletableFuture<Object> f =
            redis
                .evalsha(sha, ScriptOutputType.INTEGER, new String[] {prefix + "load"}, argv)
                .toCompletableFuture()
                .whenComplete((r, e) -> inFlight.release());
        pending.add(f);
        if (pending.size() > 64) {
          pending.remove(0).join();
        }
        if ((first / BATCH) % 200 == 0) {
          System.out.printf(Locale.ROOT, "  %,d cases%n", first);
        }
      }
      for (CompletableFuture<Object> f : pending) {
        f.join();
      }
    } finally {
      client.shutdown();
    }
  }

  private static String measure(String uri, CaseBridge bridge, CasesConfig config, Clock clock)
      throws Exception {
    RedisClient client = RedisClient.create(uri);
    StringBuilder table = new StringBuilder();
    table.append(
        "| in flight | operation | reads/s | p50 µs | p99 µs | p99.9 µs | p99 ÷ GET p99 |"
            + " in Redis µs/call | in Redis p99 µs |\n");
    table.append("|---|---|---|---|---|---|---|---|---|\n");
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisAsyncCommands<String, String> redis = c.async();
      String key = new KeySpace(config.centreId()).prefix() + "bench:get";
      c.sync().set(key, "x");
      // stalls of the Redis process itself (events of 5 ms or more), to tell them from our own
      c.sync().configSet("latency-monitor-threshold", "5");
      String trivial = c.sync().scriptLoad("return 1");
      Random random = new Random(3);
      String[] callers = new String[READS];
      for (int i = 0; i < READS; i++) {
        callers[i] =
            caller(
                random.nextInt(10) == 0 ? random.nextInt(HEAVY) : HEAVY + random.nextInt(CALLERS));
      }
      for (int inFlight : new int[] {1, 16}) {
        // warm up all three
        timed(2000, inFlight, i -> redis.get(key));
        timed(2000, inFlight, i -> redis.evalsha(trivial, ScriptOutputType.INTEGER));
        timed(2000, inFlight, i -> bridge.callerHistory(callers[i]));
        c.sync().configResetstat();
        Sample get = timed(READS, inFlight, i -> redis.get(key));
        String[] getServer = serverSide(c, "get");
        c.sync().configResetstat();
        Sample script =
            timed(READS, inFlight, i -> redis.evalsha(trivial, ScriptOutputType.INTEGER));
        String[] scriptServer = serverSide(c, "evalsha");
        c.sync().configResetstat();
        Sample history = timed(READS, inFlight, i -> bridge.callerHistory(callers[i]));
        String[] historyServer = serverSide(c, "evalsha");
        List<String[]> server = List.of(getServer, scriptServer, historyServer);
        List<Sample> samples = List.of(get, script, history);
        for (int k = 0; k < 3; k++) {
          Sample s = samples.get(k);
          table.append(
              String.format(
                  Locale.ROOT,
                  "| %d | %s | %,.0f | %.0f | %.0f | %.0f | %.2f | %s | %s |%n",
                  inFlight,
                  s.name(),
                  s.perSecond(),
                  s.micros(0.50),
                  s.micros(0.99),
                  s.micros(0.999),
                  s.micros(0.99) / get.micros(0.99),
                  server.get(k)[0],
                  server.get(k)[1]));
        }
      }
      // Open loop: screen pops arrive at a fixed rate, as calls do; latency is counted from the
      // moment each was due, so a stall shows in every pop it delays.
      table.append(
          "\n| arrival rate /s | operation | ops | p50 µs | p99 µs | p99.9 µs | max µs |"
              + " p99 ÷ GET p99 |\n");
      table.append("|---|---|---|---|---|---|---|---|\n");
      c.sync().configResetstat();
      long popsSent = 0;
      for (int rate : new int[] {200, 1000, 4000}) {
        int count = Math.min(READS, rate * 8);
        popsSent += count;
        Sample get = paced(rate, count, i -> redis.get(key));
        Sample pop = paced(rate, count, i -> bridge.callerHistory(callers[i % READS]));
        for (Sample s : List.of(get, pop)) {
          table.append(
              String.format(
                  Locale.ROOT,
                  "| %,d | %s | %,d | %.0f | %.0f | %.0f | %.0f | %.2f |%n",
                  rate,
                  s == get ? "baseline GET" : "caller history",
                  count,
                  s.micros(0.50),
                  s.micros(0.99),
                  s.micros(0.999),
                  s.micros(1.0),
                  s.micros(0.99) / get.micros(0.99)));
        }
      }
      long evalshas = evalshaCalls(c);
      long scripted = popsSent;
      table.append(
          String.format(
              Locale.ROOT,
              "%nRound trips per screen pop: %.2f (EVALSHA calls counted by Redis during the"
                  + " open-loop rows ÷ screen pops sent).%n"
                  + "In Redis: INFO commandstats usec_per_call and INFO latencystats p99 (Redis 7)"
                  + " of the command, reset before each row: the server's own time per call.%n",
              (double) evalshas / scripted));
      List<Object> events =
          c.sync()
              .dispatch(
                  (io.lettuce.core.protocol.ProtocolKeyword)
                      () -> "LATENCY".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                  new io.lettuce.core.output.NestedMultiOutput<>(
                      io.lettuce.core.codec.StringCodec.UTF8),
                  new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
                      .add("LATEST"));
      StringBuilder stalls = new StringBuilder();
      for (Object e : events) {
        List<?> ev = (List<?>) e;
        stalls.append(
            String.format(
                Locale.ROOT, " %s (latest %s ms, max %s ms);", ev.get(0), ev.get(2), ev.get(3)));
      }
      table.append(
          "Redis latency monitor, events of 5 ms or more inside Redis during the measurements:"
              + (stalls.length() == 0 ? " none." : stalls.toString())
              + "\n");
      CallerHistory sample = Fixtures.await(bridge.callerHistory(caller(0)));
      table.append(
          String.format(
              Locale.ROOT,
              "A heavy caller's pop: %d last cases, %d open of %d, %d calls in 30 days.%n",
              sample.lastCases().size(),
              sample.openCases().size(),
              sample.openCount(),
              sample.callsInWindow()));
    } finally {
      client.shutdown();
    }
    return table.toString();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** usec_per_call and, on Redis 7, the p99 of the command's execution inside Redis. */
  private static String[] serverSide(StatefulRedisConnection<String, String> c, String command) {
    String perCall = "n/a";
    String p99 = "n/a";
    for (String line : c.sync().info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":")) {
        for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
          if (part.startsWith("usec_per_call=")) {
            perCall = String.format(Locale.ROOT, "%.1f", Double.parseDouble(part.substring(14)));
          }
        }
      }
    }
    try {
      for (String line : c.sync().info("latencystats").split("\r?\n")) {
        if (line.startsWith("latency_percentiles_usec_" + command + ":")) {
          for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
            if (part.startsWith("p99=")) {
              p99 = String.format(Locale.ROOT, "%.0f", Double.parseDouble(part.substring(4)));
            }
          }
        }
      }
    } catch (RuntimeException e) {
      // Redis 6.2 has no latencystats
    }
    return new String[] {perCall, p99};
  }

  private static long evalshaCalls(StatefulRedisConnection<String, String> c) {
    for (String line : c.sync().info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:")) {
        for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
          if (part.startsWith("calls=")) {
            return Long.parseLong(part.substring(6));
          }
        }
      }
    }
    return 0;
  }

  private static String memory(String uri) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      for (String line : c.sync().info("memory").split("\r?\n")) {
        if (line.startsWith("used_memory_human:")) {
          return "Redis used_memory " + line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return "memory unknown";
    } finally {
      client.shutdown();
    }
  }

  /**
   * {@code count} operations started at {@code rate} per second, latency from when each was due.
   */
  private static Sample paced(int rate, int count, IntFunction<CompletionStage<?>> op) {
    long[] nanos = new long[count];
    CompletableFuture<?>[] all = new CompletableFuture<?>[count];
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * interval;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 200_000));
      }
      int at = i;
      all[i] =
          op.apply(i)
              .toCompletableFuture()
              .whenComplete((r, e) -> nanos[at] = System.nanoTime() - due);
    }
    CompletableFuture.allOf(all).join();
    return new Sample("paced", nanos, System.nanoTime() - start);
  }

  private static Sample timed(int count, int inFlight, IntFunction<CompletionStage<?>> op)
      throws InterruptedException {
    String name = null;
    long[] nanos = new long[count];
    Semaphore slots = new Semaphore(inFlight);
    CompletableFuture<?>[] all = new CompletableFuture<?>[count];
    long wall = System.nanoTime();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      int at = i;
      long start = System.nanoTime();
      all[i] =
          op.apply(i)
              .toCompletableFuture()
              .whenComplete(
                  (r, e) -> {
                    nanos[at] = System.nanoTime() - start;
                    slots.release();
                  });
    }
    CompletableFuture.allOf(all).join();
    wall = System.nanoTime() - wall;
    Object sample = all[0].join();
    if (sample instanceof CallerHistory) {
      name = "caller history (CaseBridge.callerHistory)";
    } else if (sample instanceof Long) {
      name = "trivial script (EVALSHA return 1)";
    } else {
      name = "baseline GET";
    }
    return new Sample(name, nanos, wall);
  }
}
