package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.StatusChange;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.api.SupervisionAlert;
import org.hotline.cases.api.TickReport;
import org.hotline.cases.api.Urgency;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.CasesConfigLoader;
import org.hotline.cases.config.SupervisionSettings;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 督办 at every time limit (2 h, 24 h, 7 d, 15 d): a warning before the deadline, overdue at it,
 * escalations to the district and then the city after it, each once, each in the history.
 */
class EscalationTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final TestClock clock = TestClock.morning();
  private CasesConfig config;
  private CaseBridge bridge;
  private int calls;

  @BeforeEach
  void start() {
    config = Fixtures.config("esc");
    bridge = Fixtures.bridge(config, new JsonLinesTarget(dir.resolve("c.jsonl")), clock);
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private String submit(Urgency urgency) {
    String callId = "e-" + (++calls);
    await(bridge.callAnswered(Fixtures.answeredCall(callId, "13912345678", clock.instant())));
    CaseForm f = Fixtures.heatingForm();
    return await(
            bridge.submitForm(
                callId,
                new CaseForm(
                    f.requestType(),
                    f.category(),
                    f.location(),
                    null,
                    null,
                    urgency.code(),
                    f.summary(),
                    "dispatch",
                    null,
                    null,
                    null,
                    "a1")))
        .caseId();
  }

  private final List<SupervisionAlert> seen = new ArrayList<>();
  private String after = "0";

  /**
   * Moves the clock to {@code at} after {@code start} and ticks, keeping the alerts raised (the
   * stream forgets them after a week, sooner than a complex case's city escalation).
   */
  private TickReport tickAt(Instant start, Duration at) {
    clock.set(start.plus(at));
    TickReport t = await(bridge.tick());
    List<SupervisionAlert> fresh = await(bridge.alerts(after, 100));
    if (!fresh.isEmpty()) {
      after = fresh.get(fresh.size() - 1).streamId();
      seen.addAll(fresh);
    }
    return t;
  }

  private static Duration share(Duration limit, double share) {
    return Duration.ofMillis((long) (limit.toMillis() * share));
  }

  @Test
  void everyTimeLimitWarnsBeforeIsOverdueAtAndEscalatesAfterItsDeadline() {
    for (Urgency u : Urgency.values()) {
      Duration limit = config.timeLimit(u);
      Instant start = clock.instant();
      String id = submit(u);
      seen.clear();

      assertEquals(0, tickAt(start, share(limit, 0.8).minus(MINUTE)).nearing(), u + ": too early");
      assertEquals(1, tickAt(start, share(limit, 0.8).plus(MINUTE)).nearing(), u + ": warning");
      assertEquals(0, tickAt(start, limit.minus(MINUTE)).overdue(), u + ": still in time");
      assertEquals(1, tickAt(start, limit.plus(MINUTE)).overdue(), u + ": overdue");
      assertEquals(
          0, tickAt(start, limit.plus(share(limit, 0.25)).minus(MINUTE)).escalated(), u + "");
      assertEquals(
          1, tickAt(start, limit.plus(share(limit, 0.25)).plus(MINUTE)).escalated(), u + ": 区级");
      assertEquals(0, tickAt(start, limit.plus(limit).minus(MINUTE)).escalated(), u + "");
      assertEquals(1, tickAt(start, limit.plus(limit).plus(MINUTE)).escalated(), u + ": 市级");
      assertEquals(0, tickAt(start, limit.multipliedBy(5)).escalated(), u + ": no level after");

      List<SupervisionAlert> alerts = List.copyOf(seen);
      assertEquals(
          List.of(
              SupervisionAlert.Kind.NEARING_DEADLINE,
              SupervisionAlert.Kind.OVERDUE,
              SupervisionAlert.Kind.ESCALATED,
              SupervisionAlert.Kind.ESCALATED),
          alerts.stream().map(SupervisionAlert::kind).toList(),
          u.toString());
      assertTrue(alerts.stream().allMatch(a -> a.caseId().equals(id)));
      assertEquals(
          List.of(Optional.empty(), Optional.empty(), Optional.of("district"), Optional.of("city")),
          alerts.stream().map(SupervisionAlert::escalatedTo).toList());
      assertEquals(Optional.of(u), alerts.get(3).urgency());

      Case c = await(bridge.findCase(id)).orElseThrow();
      List<String> notes = c.history().stream().map(StatusChange::note).toList();
      assertEquals(1, notes.stream().filter(n -> n.startsWith("临期预警")).count(), notes.toString());
      assertEquals(1, notes.stream().filter(n -> n.startsWith("超期")).count());
      assertEquals(
          List.of(
              "督办升级 escalated to district (区级督办), level 1",
              "督办升级 escalated to city (市级督办), level 2"),
          notes.stream().filter(n -> n.startsWith("督办升级")).toList());
      assertTrue(
          c.history().stream()
              .filter(h -> h.note().startsWith("督办"))
              .allMatch(h -> h.by().equals("system")));
    }
  }

  @Test
  void aCaseResolvedAfterItsDeadlineIsEscalatedNoFurther() {
    Instant start = clock.instant();
    String id = submit(Urgency.EMERGENCY);
    assertEquals(1, tickAt(start, Duration.ofMinutes(121)).overdue());
    await(
        bridge.applyStatusUpdate(
            new StatusUpdate(
                "r-1", id, StatusUpdate.Kind.RESOLVED, "电梯公司", Optional.empty(), clock.instant())));
    assertEquals(0, tickAt(start, Duration.ofHours(10)).escalated());
  }

  @Test
  void theSchemeIsTheConfigurationsAndCasesYamlSaysDistrictThenCity() {
    CasesConfig yaml = CasesConfigLoader.load(Fixtures.configDir().resolve("cases.yaml"));
    assertEquals(SupervisionSettings.DEFAULT_ESCALATIONS, yaml.supervision().escalations());
    // one level only, after half the limit
    bridge.close();
    CasesConfig one =
        config.withSupervision(
            new SupervisionSettings(
                0.8,
                500,
                Duration.ofDays(7),
                List.of(new SupervisionSettings.Escalation(0.5, "city"))));
    bridge = Fixtures.bridge(one, new JsonLinesTarget(dir.resolve("d.jsonl")), clock);
    Instant start = clock.instant();
    submit(Urgency.EMERGENCY);
    tickAt(start, Duration.ofMinutes(121));
    assertEquals(0, tickAt(start, Duration.ofMinutes(179)).escalated());
    assertEquals(1, tickAt(start, Duration.ofMinutes(181)).escalated());
    assertEquals(0, tickAt(start, Duration.ofHours(20)).escalated());
  }
}
