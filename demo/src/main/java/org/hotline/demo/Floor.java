package org.hotline.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.cases.api.CaseBridge;
import org.hotline.gateway.cases.CaseBridges;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Role;
import org.hotline.seat.config.Seat;

/**
 * The people on the simulated floor: 600 agents with a realistic mix of skills log in at their
 * seats, finish after-call work after a while (some let the queue's limit end it), come back after
 * being auto-paused for not answering, and now and then take a break. They act through the
 * switchboard, as the agent desktop would, and react to the seat manager's event stream.
 */
final class Floor {

  private static final String[] SURNAMES = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"
  };
  private static final String[] GIVEN = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛"
  };

  private final Vertx vertx;
  private final Switchboard switchboard;
  private final CaseBridge cases;
  private final Forms forms;
  private final double speed;
  private final AtomicLong formsSubmitted = new AtomicLong();
  private final Random random = new Random(2026);
  private final Set<String> onBreak = new HashSet<>();

  private final List<Agent> roster = new ArrayList<>();

  Floor(Vertx vertx, Switchboard switchboard, CaseBridges.Opened opened, double speed) {
    CaseBridge cases = opened.bridge();
    this.vertx = vertx;
    this.switchboard = switchboard;
    this.cases = cases;
    this.forms = new Forms(opened.taxonomy(), opened.gazetteer());
    this.speed = speed;
  }

  /** Everyone {@link #staff} logged in, for the staff directory. */
  List<Agent> roster() {
    return List.copyOf(roster);
  }

  /** Case forms the agents have submitted so far. */
  long formsSubmitted() {
    return formsSubmitted.get();
  }

  /** Registers an agent per seat and logs them in; completes when all are in. */
  CompletableFuture<Void> staff(List<Seat> seats) {
    List<CompletableFuture<?>> logins = new ArrayList<>();
    for (int i = 0; i < seats.size(); i++) {
      Agent agent = agent(i);
      roster.add(agent);
      String seat = seats.get(i).id();
      logins.add(
          switchboard
              .seats()
              .registerAgent(agent)
              .toCompletableFuture()
              .thenCompose(v -> switchboard.seats().login(agent.id(), seat).toCompletableFuture()));
    }
    return CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new));
  }

  private Agent agent(int i) {
    Map<String, Integer> skills = new HashMap<>();
    skills.put("general", 2 + random.nextInt(8));
    Set<String> languages = new HashSet<>(List.of("zh"));
    Set<String> districts = new HashSet<>();
    Role role = Role.AGENT;
    if (random.nextDouble() < 0.15) {
      skills.put("elderly_care", 3 + random.nextInt(6));
    }
    if (random.nextDouble() < 0.10) {
      languages.add("en");
    }
    if (random.nextDouble() < 0.05) {
      languages.add(random.nextBoolean() ? "yue" : "wuu");
    }
    if (random.nextDouble() < 0.20) {
      skills.put("business", 2 + random.nextInt(8));
    }
    if (random.nextDouble() < 0.25) {
      skills.put("utilities", 2 + random.nextInt(8));
    }
    if (i % 40 == 39) { // 15 visiting officials, one district each
      role = Role.OFFICIAL;
      skills.put("official_line", 1);
      List<String> all = switchboard.seatConfig().districts();
      districts.add(all.get(i / 40 % all.size()));
    }
    String name = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
    return new Agent(String.format("a%04d", i + 1), name, role, skills, languages, districts);
  }

  /** Starts reacting to the seat manager's events, and the occasional breaks. */
  void work() {
    vertx.eventBus().<JsonObject>consumer(EventFeed.ADDRESS, m -> react(m.body()));
    vertx.setPeriodic(scaled(30), id -> breaks());
  }

  private void react(JsonObject event) {
    if (!"agent".equals(event.getString("kind"))) {
      return;
    }
    String agent = event.getString("agent");
    String to = event.getString("to");
    if ("wrap".equals(to)) {
      // 97 % send the form after 10–50 s; most then press "done", the rest run into the limit;
      // the other 3 % never send it, and the call becomes an incomplete case for supervisors
      if (random.nextDouble() < 0.97) {
        String call = event.getString("call");
        boolean pressesDone = random.nextDouble() < 0.85;
        later(10 + random.nextInt(40), () -> submitAndFinish(agent, call, pressesDone));
      }
    } else if ("paused".equals(to) && "no-answer".equals(event.getString("reason"))) {
      later(15 + random.nextInt(30), () -> switchboard.run(switchboard.seats().ready(agent)));
    }
  }

  private Future<?> submitAndFinish(String agent, String call, boolean pressesDone) {
    return Future.fromCompletionStage(cases.submitForm(call, forms.next(agent)))
        .onSuccess(c -> formsSubmitted.incrementAndGet())
        .compose(
            c ->
                pressesDone
                    ? switchboard.run(switchboard.seats().finishWrapUp(agent))
                    : Future.succeededFuture());
  }

  private void breaks() {
    // about one agent in a hundred goes on a 3–10 minute break each half minute
    for (int n = 0; n < 6; n++) {
      String agent = String.format("a%04d", 1 + random.nextInt(600));
      if (onBreak.add(agent)) {
        String reason = random.nextInt(5) == 0 ? "meal" : "break";
        switchboard
            .run(switchboard.seats().pause(agent, reason))
            .onFailure(e -> onBreak.remove(agent))
            .onSuccess(
                d ->
                    later(
                        180 + random.nextInt(420),
                        () -> {
                          onBreak.remove(agent);
                          return switchboard.run(switchboard.seats().ready(agent));
                        }));
      }
    }
  }

  private void later(int seconds, java.util.function.Supplier<Future<?>> action) {
    vertx.setTimer(scaled(seconds), id -> action.get());
  }

  private long scaled(int seconds) {
    return Math.max(1, (long) (seconds * 1000 / speed));
  }
}
