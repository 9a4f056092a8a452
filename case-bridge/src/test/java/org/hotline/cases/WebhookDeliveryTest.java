package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.DeadLetter;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.OutboxSettings;
import org.hotline.cases.delivery.webhook.WebhookTarget;
import org.hotline.cases.signature.Hmac;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook target down for a while, or for good; every case arrives, in order per case. */
class WebhookDeliveryTest {

  private final Clock clock = Clock.systemUTC();
  private Receiver receiver;
  private CaseBridge bridge;
  private int calls;

  @BeforeEach
  void start() throws Exception {
    receiver = new Receiver();
  }

  @AfterEach
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
    receiver.close();
  }

  private CaseBridge bridge(int maxAttempts) {
    CasesConfig config =
        Fixtures.config("hook")
            .withOutbox(
                new OutboxSettings(
                    maxAttempts,
                    Duration.ofMillis(20),
                    Duration.ofMillis(150),
                    Duration.ofSeconds(3),
                    16,
                    Duration.ofMillis(20),
                    true));
    WebhookTarget target =
        new WebhookTarget(
            receiver.uri("/dispatch/cases"), Fixtures.WEBHOOK_KEY, Duration.ofMillis(300), clock);
    return Fixtures.bridge(
        Fixtures.databaseUrl(config.centreId()),
        config,
        target,
        clock,
        org.hotline.cases.metrics.CaseEvents.NONE);
  }

  private String newCase() {
    String callId = "w-" + (++calls);
    await(bridge.callAnswered(Fixtures.answeredCall(callId, "13912345678", clock.instant())));
    return await(bridge.submitForm(callId, Fixtures.heatingForm())).caseId();
  }

  private void returnAndRedispatch(String caseId, int round) {
    await(
        bridge.applyStatusUpdate(
            new StatusUpdate(
                caseId + "-ret-" + round,
                caseId,
                StatusUpdate.Kind.RETURNED,
                "望京街道",
                Optional.of("请改派"),
                clock.instant())));
    await(bridge.redispatch(caseId, "sup1", "改派 " + round));
  }

  private void awaitDrained(Duration limit) {
    Fixtures.eventually(
        limit,
        "outbox drained",
        () -> {
          OutboxStatus s = await(bridge.outboxStatus());
          return s.pending() == 0;
        });
  }

  /** For each case, versions reach the target in order, each only after the previous was taken. */
  private void assertInOrderPerCase() {
    Map<String, Integer> takenUpTo = new HashMap<>();
    for (Receiver.Request r : receiver.requests()) {
      String key = r.idempotencyKey();
      String caseId = key.substring(0, key.lastIndexOf(":v"));
      int version = Integer.parseInt(key.substring(key.lastIndexOf(":v") + 2));
      int done = takenUpTo.getOrDefault(caseId, 0);
      assertTrue(version <= done + 1, key + " was sent before v" + (done + 1) + " was taken");
      if (r.taken()) {
        takenUpTo.put(caseId, Math.max(done, version));
      }
    }
  }

  private void assertSigned() {
    for (Receiver.Request r : receiver.requests()) {
      String ts = r.headers().get(Hmac.TIMESTAMP_HEADER.toLowerCase());
      String sig = r.headers().get(Hmac.SIGNATURE_HEADER.toLowerCase());
      assertTrue(
          Hmac.verify(Fixtures.WEBHOOK_KEY, ts, r.body().getBytes(StandardCharsets.UTF_8), sig),
          "signed: " + r.idempotencyKey());
      assertTrue(r.body().contains("\"idempotencyKey\":\"" + r.idempotencyKey() + "\""));
    }
  }

  @Test
  void fiveHundredsAndTimeoutsForAWhileThenRecoveryDeliversEverythingInOrderPerCase()
      throws Exception {
    bridge = bridge(100);
    AtomicBoolean down = new AtomicBoolean(true);
    AtomicInteger n = new AtomicInteger();
    receiver.answer(
        r -> {
          if (!down.get()) {
            return Receiver.Answer.ok();
          }
          return n.incrementAndGet() % 3 == 0
              ? new Receiver.Answer(200, "", 600) // answers after our 300 ms timeout
              : Receiver.Answer.status(n.get() % 2 == 0 ? 500 : 503);
        });
    List<String> cases = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      cases.add(newCase());
    }
    bridge.startDelivery();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      expected.add(cases.get(i) + ":v1");
      if (i < 8) { // later versions queue behind the first, while the target is down
        returnAndRedispatch(cases.get(i), 1);
        returnAndRedispatch(cases.get(i), 2);
        expected.add(cases.get(i) + ":v2");
        expected.add(cases.get(i) + ":v3");
      }
    }
    Thread.sleep(1500);
    assertTrue(await(bridge.outboxStatus()).lag().toMillis() > 1000, "lag shows the outage");
    down.set(false);
    awaitDrained(Duration.ofSeconds(30));

    assertEquals(expected, receiver.keys());
    assertInOrderPerCase();
    assertSigned();
    assertTrue(receiver.requests().size() > receiver.keys().size(), "there were failures");
    OutboxStatus s = await(bridge.outboxStatus());
    assertEquals(0, s.dead());
    assertEquals(Duration.ZERO, s.lag());
    assertEquals(
        CaseStatus.DISPATCHED, await(bridge.findCase(cases.get(0))).orElseThrow().status());
    assertEquals(
        "R-1", await(bridge.findCase(cases.get(19))).orElseThrow().dispatchRef().orElseThrow());
  }

  @Test
  void aTargetThatNeverRecoversFillsTheDeadLetterListWhichCanBeRedriven() throws Exception {
    bridge = bridge(3);
    receiver.answer(r -> Receiver.Answer.status(503));
    String first = newCase();
    String second = newCase();
    returnAndRedispatch(first, 1); // v2 of the first case waits behind its dead v1
    bridge.startDelivery();
    Fixtures.eventually(
        Duration.ofSeconds(10),
        "two dead letters",
        () -> await(bridge.deadLetters(10)).size() == 2);
    List<DeadLetter> dead = await(bridge.deadLetters(10));
    for (DeadLetter d : dead) {
      assertEquals(3, d.attempts());
      assertEquals("webhook: HTTP 503", d.lastError());
      assertTrue(d.idempotencyKey().endsWith(":v1"));
    }
    Thread.sleep(300);
    assertTrue(
        receiver.requests().stream().noneMatch(r -> r.idempotencyKey().endsWith(":v2")),
        "a later version never overtakes a dead one");
    OutboxStatus s = await(bridge.outboxStatus());
    assertEquals(2, s.dead());
    assertEquals(1, s.pending(), "v2 still pending behind the dead v1");

    receiver.answer(r -> Receiver.Answer.ok());
    assertEquals(2, (int) await(bridge.redriveAll(100)));
    awaitDrained(Duration.ofSeconds(10));
    assertEquals(Set.of(first + ":v1", second + ":v1", first + ":v2"), receiver.keys());
    assertInOrderPerCase();
    assertTrue(await(bridge.deadLetters(10)).isEmpty());
  }

  @Test
  void aPermanentRefusalIsDeadAtOnceAndAConflictMeansAlreadyDelivered() throws Exception {
    bridge = bridge(10);
    receiver.answer(r -> Receiver.Answer.status(422));
    String refused = newCase();
    bridge.startDelivery();
    Fixtures.eventually(
        Duration.ofSeconds(5), "dead letter", () -> !await(bridge.deadLetters(10)).isEmpty());
    DeadLetter d = await(bridge.deadLetters(10)).get(0);
    assertEquals(refused + ":v1", d.idempotencyKey());
    assertEquals(1, d.attempts());
    receiver.answer(r -> Receiver.Answer.status(409));
    await(bridge.redrive(d.idempotencyKey()));
    awaitDrained(Duration.ofSeconds(5));
    assertEquals(CaseStatus.DISPATCHED, await(bridge.findCase(refused)).orElseThrow().status());
  }
}
