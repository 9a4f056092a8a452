package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallerHistory;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.CaseSummary;
import org.hotline.cases.api.RequestType;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The screen pop: who is calling, before anyone says hello. */
class CallerHistoryTest {

  private static final String CALLER = "13912345678";

  @TempDir Path dir;
  private TestClock clock;
  private CasesConfig config;
  private CaseBridge bridge;

  @BeforeEach
  void start() {
    clock = TestClock.morning();
    config = Fixtures.config("hist");
    bridge = Fixtures.bridge(config, new JsonLinesTarget(dir.resolve("c.jsonl")), clock);
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private String caseFor(String callId, String caller, String agent, String category) {
    CallFacts f =
        CallFacts.entered(callId, "pbx1", caller, "general", clock.instant())
            .answered(agent, "036", clock.instant().plusSeconds(10));
    await(bridge.callAnswered(f));
    return await(bridge.submitForm(callId, Fixtures.form(category, "望京", "问题" + callId))).caseId();
  }

  @Test
  void aFirstCallerHasNoHistoryAndAWithheldNumberHasNone() {
    CallerHistory h = await(bridge.callerHistory("13700000000"));
    assertFalse(h.withheld());
    assertTrue(h.lastCases().isEmpty());
    assertEquals(0, h.callsInWindow());
    assertFalse(h.repeatCaller());
    assertTrue(await(bridge.callerHistory("anonymous")).withheld());
  }

  @Test
  void showsTheNewestCasesOpenCasesCallsInTheWindowTheLastAgentAndRepeatCaller() {
    String old = caseFor("h-1", CALLER, "a1", "noise.neighbour");
    clock.advance(Duration.ofDays(40)); // beyond the 30-day window
    String second = caseFor("h-2", CALLER, "a2", "heating.not_warm");
    clock.advance(Duration.ofDays(2));
    String third = caseFor("h-3", CALLER, "a3", "parking.illegal");
    await(
        bridge.applyStatusUpdate(
            new StatusUpdate(
                "r-1", second, StatusUpdate.Kind.RESOLVED, "热力集团", null, clock.instant())));
    caseFor("h-x", "13800000000", "a9", "noise.neighbour"); // another caller

    CallerHistory h = await(bridge.callerHistory(CALLER));
    assertEquals(
        List.of(third, second, old), h.lastCases().stream().map(CaseSummary::caseId).toList());
    CaseSummary newest = h.lastCases().get(0);
    assertEquals(CaseStatus.SUBMITTED, newest.status());
    assertEquals(RequestType.COMPLAINT, newest.requestType().orElseThrow());
    assertEquals("违章停车", newest.categoryName().orElseThrow().zh());
    assertEquals(CaseStatus.RESOLVED, h.lastCases().get(1).status(), "the update shows at once");
    assertEquals(List.of(third, old), h.openCases().stream().map(CaseSummary::caseId).toList());
    assertEquals(2, h.openCount());
    assertEquals(2, h.callsInWindow(), "the call 42 days ago is outside the window");
    assertTrue(h.repeatCaller());
    assertEquals("a3", h.lastAgentId().orElseThrow());
  }

  @Test
  void aCaseFlagsOverdueOncePastItsDeadline() {
    String id = caseFor("h-4", CALLER, "a1", "lift.trapped"); // emergency: 2 hours
    assertFalse(await(bridge.callerHistory(CALLER)).lastCases().get(0).overdue());
    clock.advance(Duration.ofHours(2).plusMinutes(1));
    CaseSummary s = await(bridge.callerHistory(CALLER)).lastCases().get(0);
    assertEquals(id, s.caseId());
    assertTrue(s.overdue());
  }

  @Test
  void abandonedCallsCountAsCalls() {
    Instant t = clock.instant();
    await(bridge.callAbandoned(CallFacts.entered("ab-1", "pbx1", CALLER, "general", t)));
    await(bridge.callAbandoned(CallFacts.entered("ab-2", "pbx1", CALLER, "general", t)));
    CallerHistory h = await(bridge.callerHistory(CALLER));
    assertEquals(2, h.callsInWindow());
    assertTrue(h.repeatCaller());
    assertTrue(h.lastCases().isEmpty());
  }

  @Test
  void historySurvivesARestartOfTheGateway() {
    String id = caseFor("h-5", CALLER, "a1", "noise.neighbour");
    bridge.close();
    bridge = Fixtures.bridge(config, new JsonLinesTarget(dir.resolve("c.jsonl")), clock);
    assertEquals(id, await(bridge.callerHistory(CALLER)).lastCases().get(0).caseId());
  }
}
