package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.delivery.webhook.WebhookTarget;
import org.hotline.cases.metrics.CaseBridgeMetrics;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.Receiver;
import org.junit.jupiter.api.Test;

/** The outbox lag, deliveries and submissions, as Micrometer meters with harmless tags. */
class MetricsTest {

  private static void assertRefused(CompletionStage<?> submission) {
    assertThrows(CompletionException.class, () -> submission.toCompletableFuture().join());
  }

  @Test
  void theOutboxLagGrowsWhileTheTargetIsDownAndFallsToZeroAfterwards() throws Exception {
    Clock clock = Clock.systemUTC();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CaseBridgeMetrics metrics = new CaseBridgeMetrics();
    metrics.bindTo(registry);
    AtomicBoolean down = new AtomicBoolean(true);
    try (Receiver receiver = new Receiver();
        CaseBridge bridge =
            Fixtures.bridge(
                Fixtures.databaseUrl("metrics"),
                Fixtures.config("metrics")
                    .withOutbox(
                        new org.hotline.cases.config.OutboxSettings(
                            1000,
                            Duration.ofMillis(20),
                            Duration.ofMillis(100),
                            Duration.ofSeconds(2),
                            16,
                            Duration.ofMillis(20),
                            true)),
                new WebhookTarget(
                    receiver.uri("/d"), Fixtures.WEBHOOK_KEY, Duration.ofSeconds(1), clock),
                clock,
                metrics)) {
      receiver.answer(r -> down.get() ? Receiver.Answer.status(500) : Receiver.Answer.ok());
      await(bridge.callerHistory("13912345678"));
      await(bridge.callAnswered(Fixtures.answeredCall("m-1", "13912345678", clock.instant())));
      await(bridge.submitForm("m-1", Fixtures.heatingForm()));
      // refusals are counted by why, never by whose call
      assertRefused(bridge.submitForm("m-2", Fixtures.heatingForm()));
      assertRefused(bridge.submitForm("m-1", Fixtures.form("no.such.category", "", "x")));
      assertRefused(bridge.submitFormJson("m-1", "{not json".getBytes(StandardCharsets.UTF_8)));
      bridge.startDelivery();
      Fixtures.eventually(
          Duration.ofSeconds(10),
          "failed attempts and some lag",
          () -> {
            await(bridge.tick());
            return registry.find("hotline.cases.deliveries").tag("outcome", "retry").timer() != null
                && registry.get("hotline.cases.outbox.lag").gauge().value() >= 0.3;
          });
      assertEquals(1.0, registry.get("hotline.cases.outbox.pending").gauge().value());
      assertTrue(
          registry.get("hotline.cases.deliveries").tag("outcome", "retry").timer().count() > 0);

      down.set(false);
      Fixtures.eventually(
          Duration.ofSeconds(10), "delivered", () -> await(bridge.outboxStatus()).pending() == 0);
      await(bridge.tick());
      assertEquals(0.0, registry.get("hotline.cases.outbox.lag").gauge().value());
      assertEquals(
          1, registry.get("hotline.cases.deliveries").tag("outcome", "delivered").timer().count());
      assertEquals(
          1.0,
          registry.get("hotline.cases.submitted").tag("disposition", "dispatch").counter().count());
      assertEquals(1, registry.get("hotline.cases.history.read").timer().count());
      assertEquals(
          1.0,
          registry
              .get("hotline.cases.submissions.refused")
              .tag("reason", "call_unknown")
              .counter()
              .count());
      assertEquals(
          2.0,
          registry
              .get("hotline.cases.submissions.refused")
              .tag("reason", "invalid_form")
              .counter()
              .count());

      for (Meter m : registry.getMeters()) {
        for (Tag t : m.getId().getTags()) {
          assertFalse(t.getValue().matches(".*\\d{5,}.*"), "no number or case id in " + m.getId());
        }
      }
    }
  }
}
