package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.api.SupervisionAlert;
import org.hotline.cases.api.TickReport;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.store.PgCaseBridge;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 督办 and the wrap-up limit: alerts once each, from a scan that only reads what is due. */
class SupervisionTest {

  @TempDir Path dir;
  private TestClock clock;
  private CasesConfig config;
  private CaseBridge bridge;

  @BeforeEach
  void start() {
    clock = TestClock.morning();
    config = Fixtures.config("sup");
    bridge = Fixtures.bridge(config, new JsonLinesTarget(dir.resolve("c.jsonl")), clock);
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private CallFacts call(String id) {
    return Fixtures.answeredCall(id, "13912345678", clock.instant().minusSeconds(20));
  }

  private String submitted(String callId, String category) {
    await(bridge.callAnswered(call(callId)));
    return await(bridge.submitForm(callId, Fixtures.form(category, "望京", "问题"))).caseId();
  }

  private List<SupervisionAlert> alerts() {
    return await(bridge.alerts("0", 1000));
  }

  @Test
  void aCaseNearingItsDeadlineAlertsOnceAndPastItOnceMore() {
    String id = submitted("s-1", "lift.trapped"); // emergency: 2 h, nearing at 96 min
    clock.advance(Duration.ofMinutes(95));
    assertEquals(0, await(bridge.tick()).nearing());
    clock.advance(Duration.ofMinutes(2));
    assertEquals(1, await(bridge.tick()).nearing());
    assertEquals(0, await(bridge.tick()).nearing(), "once");
    clock.advance(Duration.ofMinutes(24));
    TickReport t = await(bridge.tick());
    assertEquals(1, t.overdue());
    assertEquals(0, await(bridge.tick()).overdue(), "once");
    List<SupervisionAlert> a = alerts();
    assertEquals(
        List.of(SupervisionAlert.Kind.NEARING_DEADLINE, SupervisionAlert.Kind.OVERDUE),
        a.stream().map(SupervisionAlert::kind).toList());
    assertEquals(id, a.get(1).caseId());
    assertEquals("chaoyang", a.get(1).districtId().orElseThrow());
    assertEquals("lift.trapped", a.get(1).categoryCode().orElseThrow());
    assertTrue(a.get(1).deadline().isPresent());
  }

  @Test
  void aResolvedCaseRaisesNoAlerts() {
    String id = submitted("s-2", "lift.trapped");
    await(
        bridge.applyStatusUpdate(
            new StatusUpdate("x1", id, StatusUpdate.Kind.RESOLVED, "电梯公司", null, clock.instant())));
    clock.advance(Duration.ofHours(3));
    TickReport t = await(bridge.tick());
    assertEquals(0, t.nearing() + t.overdue());
    assertTrue(alerts().isEmpty());
  }

  @Test
  void aCallWithoutAFormWithinTheWrapUpLimitBecomesAnIncompleteCaseForSupervisors() {
    CallFacts f = call("s-3");
    String id = await(bridge.callAnswered(f)).caseId();
    clock.advance(Duration.ofMinutes(4));
    await(bridge.callEnded(f.ended(clock.instant())));
    clock.advance(Duration.ofMinutes(9));
    assertEquals(0, await(bridge.tick()).incomplete());
    clock.advance(Duration.ofMinutes(2));
    assertEquals(1, await(bridge.tick()).incomplete());
    assertEquals(0, await(bridge.tick()).incomplete(), "once");
    Case c = await(bridge.findCase(id)).orElseThrow();
    assertTrue(c.incomplete());
    assertEquals(CaseStatus.DRAFT, c.status());
    assertEquals(List.of(id), await(bridge.incompleteCases(10)));
    assertEquals(SupervisionAlert.Kind.INCOMPLETE, alerts().get(0).kind());

    Case completed = await(bridge.completeCase(id, Fixtures.heatingForm()));
    assertEquals(CaseStatus.SUBMITTED, completed.status());
    assertTrue(await(bridge.incompleteCases(10)).isEmpty());
  }

  @Test
  void theFormIsDueWhenItsQueuesWrapUpEndsAndOtherQueuesFallBackToTheFormLimit() {
    bridge.close();
    // the seat manager's limits, as the gateway passes them from queues.yaml
    bridge =
        PgCaseBridge.builder(
                Fixtures.connect(Fixtures.databaseUrl(config.centreId())),
                config,
                Fixtures.taxonomy(),
                Fixtures.gazetteer())
            .ownsDatabase(true)
            .target(new JsonLinesTarget(dir.resolve("w.jsonl")))
            .clock(clock)
            .wrapUpLimits(
                q -> q.equals("general") ? Optional.of(Duration.ofSeconds(60)) : Optional.empty())
            .build();
    CallFacts general = call("w-1");
    CallFacts other =
        CallFacts.entered("w-2", "pbx1", "13912345678", "elderly", clock.instant())
            .answered("a2", "037", clock.instant());
    String generalCase = await(bridge.callAnswered(general)).caseId();
    String otherCase = await(bridge.callAnswered(other)).caseId();
    await(bridge.callEnded(general.ended(clock.instant())));
    await(bridge.callEnded(other.ended(clock.instant())));
    clock.advance(Duration.ofSeconds(59));
    assertEquals(0, await(bridge.tick()).incomplete(), "wrap-up still running");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(1, await(bridge.tick()).incomplete(), "the general queue's 60 s are over");
    assertEquals(List.of(generalCase), await(bridge.incompleteCases(10)));
    clock.advance(Duration.ofMinutes(10));
    assertEquals(1, await(bridge.tick()).incomplete(), "an unknown queue: cases.yaml's limit");
    assertEquals(List.of(generalCase, otherCase), await(bridge.incompleteCases(10)));

    // late, but still the agent's to submit: the form clears the flag
    Case late = await(bridge.submitForm("w-1", Fixtures.heatingForm()));
    assertEquals(CaseStatus.SUBMITTED, late.status());
    assertFalse(late.incomplete());
    assertEquals(List.of(otherCase), await(bridge.incompleteCases(10)));
  }

  @Test
  void aFormInTimeStopsTheWrapUpClock() {
    CallFacts f = call("s-4");
    await(bridge.callAnswered(f));
    await(bridge.callEnded(f.ended(clock.instant())));
    await(bridge.submitForm("s-4", Fixtures.heatingForm()));
    clock.advance(Duration.ofMinutes(30));
    assertEquals(0, await(bridge.tick()).incomplete());
  }

  @Test
  void twoInstancesTickingTogetherRaiseEachAlertExactlyOnce() {
    for (int i = 0; i < 120; i++) {
      submitted("m-" + i, "lift.trapped");
    }
    clock.advance(Duration.ofHours(3));
    try (CaseBridge other =
        Fixtures.bridge(config, new JsonLinesTarget(dir.resolve("o.jsonl")), clock)) {
      List<CompletableFuture<TickReport>> ticks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ticks.add((i % 2 == 0 ? bridge : other).tick().toCompletableFuture());
      }
      int overdue = 0;
      int nearing = 0;
      int escalated = 0;
      for (CompletableFuture<TickReport> t : ticks) {
        overdue += t.join().overdue();
        nearing += t.join().nearing();
        escalated += t.join().escalated();
      }
      assertEquals(120, overdue);
      assertEquals(0, nearing, "past the deadline, the nearing alert is moot");
      // 3 h after submission is past the first escalation (2 h + 25%) too: a tick that runs after
      // another's overdue step may raise it as well, but no alert is ever raised twice
      List<SupervisionAlert> all = alerts();
      assertEquals(
          120, all.stream().filter(a -> a.kind() == SupervisionAlert.Kind.OVERDUE).count());
      assertEquals(
          escalated, all.stream().filter(a -> a.kind() == SupervisionAlert.Kind.ESCALATED).count());
      assertEquals(120 + escalated, all.size());
      assertEquals(
          all.size(),
          all.stream()
              .map(a -> a.kind() + "/" + a.caseId() + "/" + a.escalatedTo())
              .distinct()
              .count(),
          "each alert exactly once");
    }
  }

  @Test
  void theScanReadsOnlyTheDueHeadInBatches() {
    CasesConfig small =
        config.withSupervision(
            new org.hotline.cases.config.SupervisionSettings(
                0.8, 50, java.time.Duration.ofDays(7)));
    try (CaseBridge b =
        Fixtures.bridge(small, new JsonLinesTarget(dir.resolve("b.jsonl")), clock)) {
      for (int i = 0; i < 120; i++) {
        await(b.callAnswered(call("b-" + i)));
        await(b.submitForm("b-" + i, Fixtures.form("lift.trapped", "望京", "困人")));
      }
      clock.advance(Duration.ofHours(3));
      assertEquals(50, await(b.tick()).overdue());
      assertEquals(50, await(b.tick()).overdue());
      assertEquals(20, await(b.tick()).overdue());
      assertEquals(0, await(b.tick()).overdue());
    }
  }
}
