package org.hotline.seat.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.SeatManagerConfig;

/**
 * Random operations against seat managers, counting what was accepted, so that a test can compare
 * the statistics with what it did. Domain refusals are expected and counted; any other failure is
 * kept for the test to judge.
 */
public final class RandomWorkload {

  public static final List<String> QUEUES = List.of("general", "business", "officials");

  private final TestClock clock;
  private final int agents;
  private final AtomicInteger callSeq = new AtomicInteger();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> ringing = new CopyOnWriteArrayList<>();
  private final List<String> talking = new CopyOnWriteArrayList<>();
  private final Set<String> enqueuedCalls = ConcurrentHashMap.newKeySet();

  public final AtomicLong enqueued = new AtomicLong();
  public final AtomicLong answered = new AtomicLong();
  public final AtomicLong abandoned = new AtomicLong();
  public final AtomicLong shortAbandoned = new AtomicLong();
  public final AtomicLong ringNoAnswer = new AtomicLong();
  public final AtomicLong refused = new AtomicLong();
  public final AtomicLong accepted = new AtomicLong();
  public final AtomicLong offers = new AtomicLong();
  public final List<Throwable> failures = new CopyOnWriteArrayList<>();

  public RandomWorkload(TestClock clock, int agents) {
    this.clock = clock;
    this.agents = agents;
  }

  /** Three queues: escalation by level and overflow, and a district-first officials' line. */
  public static List<QueueConfig> queues() {
    return List.of(
        TestConfig.queue(
            "general",
            Map.of("general", 3),
            List.of(TestConfig.after(5, 1, false), TestConfig.after(10, null, false, "business"))),
        TestConfig.queue("business", Map.of("business", 3), List.of()),
        new QueueConfig(
            "officials",
            new org.hotline.seat.config.LocalizedName("领导", "Officials"),
            List.of("zh"),
            Map.of("official_line", 1),
            true,
            java.time.Duration.ofSeconds(20),
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(60),
            java.time.Duration.ofMinutes(10),
            List.of(TestConfig.after(8, null, true))));
  }

  public static SeatManagerConfig config(int agents) {
    return TestConfig.config(queues(), agents, java.time.Duration.ofHours(1));
  }

  public static String agentId(int i) {
    return "ag" + i;
  }

  public static String seatOf(int i) {
    return String.format("%03d", i + 1);
  }

  /** Agents with a mix of skills and districts. */
  public void registerAgents(SeatManager seats) {
    Random random = new Random(7);
    for (int i = 0; i < agents; i++) {
      Map<String, Integer> skills = new java.util.HashMap<>();
      skills.put("general", 1 + random.nextInt(6));
      if (random.nextInt(3) == 0) {
        skills.put("business", 1 + random.nextInt(6));
      }
      Set<String> districts = Set.of();
      if (random.nextInt(4) == 0) {
        skills.put("official_line", 1);
        districts = Set.of(TestConfig.DISTRICTS.get(random.nextInt(TestConfig.DISTRICTS.size())));
      }
      Agent agent =
          new Agent(agentId(i), "Agent " + i, Role.AGENT, skills, Set.of("zh"), districts);
      seats.registerAgent(agent).toCompletableFuture().join();
    }
  }

  /** One random operation on {@code seats}. */
  public void step(SeatManager seats, Random random) {
    clock.advanceMillis(random.nextInt(200));
    int agent = random.nextInt(agents);
    String a = agentId(agent);
    int roll = random.nextInt(100);
    try {
      Decision d;
      if (roll < 22) {
        String id = "c" + callSeq.incrementAndGet();
        String queue = QUEUES.get(random.nextInt(QUEUES.size()));
        RoutingRequest request = RoutingRequest.of(id, queue).withPriority(random.nextInt(10));
        if (queue.equals("officials") && random.nextBoolean()) {
          request = request.withDistrict(TestConfig.DISTRICTS.get(random.nextInt(3)));
        }
        calls.add(id);
        d = seats.enqueue(request).toCompletableFuture().join();
        enqueued.incrementAndGet();
        enqueuedCalls.add(id);
      } else if (roll < 32) {
        d =
            seats
                .login(a, random.nextInt(10) == 0 ? seatOf(random.nextInt(agents)) : seatOf(agent))
                .toCompletableFuture()
                .join();
      } else if (roll < 36) {
        d = seats.logout(a).toCompletableFuture().join();
      } else if (roll < 46) {
        d = seats.ready(a).toCompletableFuture().join();
      } else if (roll < 50) {
        d = seats.pause(a, random.nextBoolean() ? "break" : "meal").toCompletableFuture().join();
      } else if (roll < 55) {
        d = seats.finishWrapUp(a).toCompletableFuture().join();
      } else if (roll < 70) {
        String call = pick(ringing, random);
        d = seats.answered(call).toCompletableFuture().join();
        answered.incrementAndGet();
        talking.add(call);
      } else if (roll < 74) {
        d =
            seats
                .ringNoAnswer(anyCall(random), "no-answer", "noanswer")
                .toCompletableFuture()
                .join();
        ringNoAnswer.incrementAndGet();
      } else if (roll < 90) {
        int who = random.nextInt(10);
        String call =
            who < 6 ? pick(talking, random) : who < 8 ? pick(ringing, random) : anyCall(random);
        d = seats.hangUp(call).toCompletableFuture().join();
        if (d.outcome().equals("abandoned")) {
          abandoned.incrementAndGet();
        } else if (d.outcome().equals("short-abandon")) {
          shortAbandoned.incrementAndGet();
        }
      } else if (roll < 93) {
        d = seats.hold(pick(talking, random), random.nextBoolean()).toCompletableFuture().join();
      } else if (roll < 96) {
        d = seats.offerTo(anyCall(random), a).toCompletableFuture().join();
      } else {
        d = seats.tick().toCompletableFuture().join();
      }
      accepted.incrementAndGet();
      offers.addAndGet(d.offers().size());
      d.offers().forEach(o -> ringing.add(o.callId()));
    } catch (CompletionException e) {
      if (e.getCause() instanceof SeatManagerException) {
        refused.incrementAndGet();
      } else {
        failures.add(e.getCause());
      }
    } catch (SeatManagerException e) {
      refused.incrementAndGet();
    }
  }

  private String anyCall(Random random) {
    if (calls.isEmpty()) {
      return "c0";
    }
    // recent calls are the live ones; sometimes an old one, to exercise stale events
    int n = calls.size();
    int index =
        random.nextInt(5) == 0 ? random.nextInt(n) : Math.max(0, n - 1 - random.nextInt(30));
    return calls.get(index);
  }

  /** A recent entry of {@code list}, else any call. */
  private String pick(List<String> list, Random random) {
    int n = list.size();
    if (n == 0) {
      return anyCall(random);
    }
    return list.get(Math.max(0, n - 1 - random.nextInt(20)));
  }

  public Set<String> enqueuedCalls() {
    return enqueuedCalls;
  }

  public Optional<Throwable> firstFailure() {
    return failures.stream().findFirst();
  }
}
