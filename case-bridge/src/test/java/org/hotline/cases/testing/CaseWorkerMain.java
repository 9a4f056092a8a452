package org.hotline.cases.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.CaseBridgeUnavailableException;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.OutboxSettings;
import org.hotline.cases.delivery.webhook.WebhookTarget;
import org.hotline.cases.store.PgCaseBridge;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;

/**
 * A gateway instance in a JVM of its own, for {@code KilledInstancesTest}: a case bridge on the
 * database named by {@code DATABASE_JDBC_URL} / {@code DATABASE_USER} / {@code DATABASE_PASSWORD},
 * delivering by webhook to the test's receiver, and an agent loop that answers calls and submits
 * their forms until the process is killed.
 *
 * <p>Arguments: receiver URL, instance id, centre id, call id prefix, random seed.
 *
 * <p>Standard output carries only whole lines of this protocol (each written with one {@code
 * write}): {@code READY <instance>}; {@code SAVED <callId> <caseId>} once {@code submitForm}
 * succeeded, i.e. the agent was told the case is saved; {@code REDISPATCHED <caseId> <version>}
 * once a re-dispatch succeeded; {@code UNAVAILABLE <operation>} at the first failure of an outage;
 * {@code ERROR <text>} for anything else, after which the process exits.
 */
public final class CaseWorkerMain {

  /** Outbox timings of the test: quick retries, and a lease just above the webhook's time-out. */
  public static final OutboxSettings OUTBOX =
      new OutboxSettings(
          1000,
          Duration.ofMillis(20),
          Duration.ofMillis(200),
          Duration.ofMillis(1500),
          16,
          Duration.ofMillis(20),
          true);

  public static final Duration WEBHOOK_TIMEOUT = Duration.ofMillis(1000);

  private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

  private final PgCaseBridge bridge;
  private final Clock clock = Clock.systemUTC();
  private final String prefix;
  private final Random random;
  private boolean failing;

  private CaseWorkerMain(PgCaseBridge bridge, String prefix, long seed) {
    this.bridge = bridge;
    this.prefix = prefix;
    this.random = new Random(seed);
  }

  public static void main(String[] args) {
    URI receiver = URI.create(args[0]);
    String instance = args[1];
    String centre = args[2];
    String prefix = args[3];
    long seed = Long.parseLong(args[4]);
    try {
      Clock clock = Clock.systemUTC();
      CasesConfig config = CasesConfig.defaults().withCentre(centre).withOutbox(OUTBOX);
      PgCaseBridge bridge =
          PgCaseBridge.builder(
                  Database.connect(DatabaseSettings.fromEnvironment(instance)),
                  config,
                  Fixtures.taxonomy(),
                  Fixtures.gazetteer())
              .ownsDatabase(true)
              .target(new WebhookTarget(receiver, Fixtures.WEBHOOK_KEY, WEBHOOK_TIMEOUT, clock))
              .clock(clock)
              .instanceId(instance)
              .build();
      bridge.startDelivery();
      emit("READY " + instance);
      new CaseWorkerMain(bridge, prefix, seed).run();
    } catch (Throwable t) {
      emit("ERROR " + t.toString().replace('\n', ' '));
      t.printStackTrace();
      System.exit(3);
    }
  }

  private void run() {
    for (int n = 1; ; n++) {
      String callId = prefix + "-" + n;
      // a gateway repeats a step that failed as unavailable until it is answered: answering and
      // submitting the same form again are idempotent
      Case saved =
          retry(
              "submit",
              () ->
                  bridge
                      .callAnswered(Fixtures.answeredCall(callId, "13912345678", clock.instant()))
                      .thenCompose(
                          ref ->
                              bridge.submitForm(
                                  callId,
                                  Fixtures.form(
                                      "heating.not_warm",
                                      "望京西园三区5号楼2单元暖气不热",
                                      "室温只有14度，已持续三天。来电 " + callId))));
      emit("SAVED " + callId + " " + saved.caseId());
      int roll = random.nextInt(8);
      if (roll == 0) {
        returnAndRedispatch(saved);
      } else if (roll == 1) {
        accepted(saved);
      }
    }
  }

  /** The unit sends the case back and the agent dispatches it again: a second version. */
  private void returnAndRedispatch(Case saved) {
    String caseId = saved.caseId();
    StatusUpdate back =
        new StatusUpdate(
            caseId + "-returned",
            caseId,
            StatusUpdate.Kind.RETURNED,
            "unit-7",
            Optional.of("not our district"),
            clock.instant());
    retry("returned", () -> bridge.applyStatusUpdate(back));
    try {
      // not repeated after an outage: a re-dispatch that committed unseen would be refused anyway
      Case again = await(bridge.redispatch(caseId, "a1", "district corrected"));
      emit("REDISPATCHED " + caseId + " " + again.dispatchVersion());
    } catch (CaseBridgeUnavailableException e) {
      outage("redispatch");
    }
  }

  /** The unit accepts the case, perhaps before our own "dispatched" is recorded. */
  private void accepted(Case saved) {
    StatusUpdate u =
        new StatusUpdate(
            saved.caseId() + "-accepted",
            saved.caseId(),
            StatusUpdate.Kind.ACCEPTED,
            "unit-3",
            Optional.empty(),
            clock.instant());
    retry("accepted", () -> bridge.applyStatusUpdate(u));
  }

  private <T> T retry(String operation, java.util.function.Supplier<CompletionStage<T>> step) {
    while (true) {
      try {
        T value = await(step.get());
        failing = false;
        return value;
      } catch (CaseBridgeUnavailableException e) {
        outage(operation);
        sleep(20 + random.nextInt(30));
      }
    }
  }

  private void outage(String operation) {
    if (!failing) {
      failing = true;
      emit("UNAVAILABLE " + operation);
    }
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return Fixtures.await(stage);
    } catch (CaseBridgeException e) {
      throw new IllegalStateException("refused: " + e.getMessage(), e);
    }
  }

  /** One write per line: a kill leaves at most one line unfinished, and the reader drops it. */
  private static synchronized void emit(String line) {
    try {
      OUT.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e); // the test went away
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
