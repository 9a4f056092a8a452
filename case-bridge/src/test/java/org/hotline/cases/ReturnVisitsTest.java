package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.ReturnVisit;
import org.hotline.cases.api.ReturnVisit.Satisfaction;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.cases.api.ReturnVisitTask;
import org.hotline.cases.api.ReturnVisitTask.State;
import org.hotline.cases.api.StatusChange;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.api.VisitOutcome;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.CasesConfigLoader;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.store.PgCaseBridge;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.TestClock;
import org.hotline.pg.support.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 回访: a resolved case's visit is scheduled in the same step, inside the calling window; never for a
 * withheld number or one on the do-not-call list; retried, then given up; held by one instance at a
 * time; its answers close the case or reopen and re-dispatch it.
 */
class ReturnVisitsTest {

  /** 09:00 in Beijing: the window opens. */
  private static final Instant MORNING = Instant.parse("2026-11-27T01:00:00Z");

  @TempDir Path dir;
  private TestClock clock;
  private CasesConfig config;
  private String url;
  private CaseBridge bridge;
  private int calls;

  @BeforeEach
  void start() {
    clock = new TestClock(MORNING);
    config = Fixtures.config("rv");
    url = Fixtures.databaseUrl(config.centreId());
    bridge = bridge(ReturnVisitPolicy.DEFAULTS);
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private PgCaseBridge bridge(ReturnVisitPolicy policy) {
    return PgCaseBridge.builder(
            Fixtures.connect(url), config, Fixtures.taxonomy(), Fixtures.gazetteer())
        .ownsDatabase(true)
        .target(new JsonLinesTarget(dir.resolve("c.jsonl")))
        .clock(clock)
        .returnVisits(policy)
        .build();
  }

  private static ReturnVisitPolicy immediate(int attempts) {
    return ReturnVisitPolicy.DEFAULTS.withTiming(
        Duration.ZERO,
        attempts,
        Duration.ofHours(2),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5));
  }

  /** A case of {@code caller}, submitted and resolved now: its id. */
  private String resolvedCase(CaseBridge b, String caller) {
    String callId = "rv-" + (++calls);
    await(b.callAnswered(Fixtures.answeredCall(callId, caller, clock.instant().minusSeconds(30))));
    String id = await(b.submitForm(callId, Fixtures.heatingForm())).caseId();
    await(
        b.applyStatusUpdate(
            new StatusUpdate(
                "up-" + callId, id, StatusUpdate.Kind.RESOLVED, "热力集团", null, clock.instant())));
    return id;
  }

  private static ErrorCode refusal(Runnable r) {
    return assertThrows(CaseBridgeException.class, r::run).code();
  }

  private ReturnVisitTask visit(String caseId) {
    return await(bridge.findVisit(caseId)).orElseThrow();
  }

  @Test
  void aDaytimeResolutionIsDueAfterTheDelayAndANightTimeOneWaitsForTheMorningWindow() {
    String day = resolvedCase(bridge, "13900000001");
    assertEquals(MORNING.plus(Duration.ofHours(2)), visit(day).dueAt());
    assertEquals(State.SCHEDULED, visit(day).state());

    clock.set(Instant.parse("2026-11-27T13:30:00Z")); // 21:30 in Beijing
    String night = resolvedCase(bridge, "13900000002");
    Instant nextMorning = Instant.parse("2026-11-28T01:00:00Z");
    assertEquals(nextMorning, visit(night).dueAt(), "no call at night: 09:00 the next day");

    // at 23:00 nothing is called, though the daytime visit is overdue
    clock.set(Instant.parse("2026-11-27T15:00:00Z"));
    assertTrue(await(bridge.claimDueVisits("gw-1", 10)).isEmpty());
    clock.set(Instant.parse("2026-11-27T11:59:00Z")); // 19:59
    assertEquals(
        List.of(day),
        await(bridge.claimDueVisits("gw-1", 10)).stream().map(ReturnVisitTask::caseId).toList());
    await(
        bridge.recordVisitAnswers(
            day, "gw-1", new ReturnVisit(true, Satisfaction.SATISFIED, "ivr", "")));
    clock.set(nextMorning);
    assertEquals(
        List.of(night),
        await(bridge.claimDueVisits("gw-1", 10)).stream().map(ReturnVisitTask::caseId).toList());
  }

  @Test
  void aWithheldNumberOrOneOnTheDoNotCallListGetsNoVisitAndTheCaseStaysResolved() {
    bridge.close();
    bridge = bridge(immediate(3));
    await(bridge.addDoNotCall("139-0000-0009", "居民要求不再回访", "sup1"));
    assertEquals("13900000009", await(bridge.doNotCallList(10)).get(0).number());

    String listed = resolvedCase(bridge, "13900000009");
    String withheld = resolvedCase(bridge, "anonymous");
    String later = resolvedCase(bridge, "13900000010");
    assertEquals(State.DNC, visit(listed).state());
    assertEquals(State.WITHHELD, visit(withheld).state());
    Case k = await(bridge.findCase(listed)).orElseThrow();
    assertEquals(CaseStatus.RESOLVED, k.status());
    assertEquals("不回访：免打扰名单", k.history().get(k.history().size() - 1).note());

    // a resident who asks after the resolution is not called either
    await(bridge.addDoNotCall("13900000010", "不需要回访", "sup1"));
    assertTrue(await(bridge.claimDueVisits("gw-1", 10)).isEmpty());
    assertEquals(State.DNC, visit(later).state());

    assertTrue(await(bridge.removeDoNotCall("13900000009")));
    assertFalse(await(bridge.removeDoNotCall("13900000009")));
    assertEquals(
        ErrorCode.INVALID_ARGUMENT, refusal(() -> await(bridge.addDoNotCall("x", "r", "s"))));
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        refusal(() -> await(bridge.addDoNotCall("13900000011", " ", "s"))));
  }

  @Test
  void anUnansweredVisitIsRetriedInsideTheWindowThenGivenUpAsUnreachable() {
    bridge.close();
    bridge = bridge(immediate(3));
    String id = resolvedCase(bridge, "13900000003");
    assertEquals(1, await(bridge.claimDueVisits("gw-1", 10)).size());
    // only the holder records
    assertEquals(
        ErrorCode.VISIT_CLAIMED,
        refusal(() -> await(bridge.recordVisitAttempt(id, "gw-2", VisitOutcome.NO_ANSWER))));
    ReturnVisitTask first = await(bridge.recordVisitAttempt(id, "gw-1", VisitOutcome.NO_ANSWER));
    assertEquals(State.SCHEDULED, first.state());
    assertEquals(1, first.attempts());
    assertEquals(MORNING.plus(Duration.ofHours(2)), first.dueAt());
    assertTrue(await(bridge.claimDueVisits("gw-1", 10)).isEmpty(), "not due before 11:00");

    clock.set(Instant.parse("2026-11-27T10:30:00Z")); // 18:30: the retry would fall at 20:30
    assertEquals(1, await(bridge.claimDueVisits("gw-1", 10)).size());
    ReturnVisitTask second = await(bridge.recordVisitAttempt(id, "gw-1", VisitOutcome.BUSY));
    assertEquals(Instant.parse("2026-11-28T01:00:00Z"), second.dueAt(), "the next morning");
    assertEquals(Optional.of("busy"), second.lastOutcome());

    clock.set(second.dueAt());
    assertEquals(1, await(bridge.claimDueVisits("gw-2", 10)).size());
    ReturnVisitTask last = await(bridge.recordVisitAttempt(id, "gw-2", VisitOutcome.NO_ANSWER));
    assertEquals(State.UNREACHABLE, last.state());
    assertEquals(3, last.attempts());
    Case k = await(bridge.findCase(id)).orElseThrow();
    assertEquals(CaseStatus.RESOLVED, k.status(), "unreachable is not visited: out of the rates");
    assertEquals("回访未接通（3次），放弃回访", k.history().get(k.history().size() - 1).note());
    assertTrue(await(bridge.openVisits(10)).isEmpty());
  }

  @Test
  void aNoAnswerTimeoutAfterTheResidentPickedUpChangesNothing() {
    bridge.close();
    bridge = bridge(immediate(3));
    String id = resolvedCase(bridge, "13900000004");
    await(bridge.claimDueVisits("gw-1", 10));
    assertTrue(await(bridge.visitAnswered(id, "gw-1")));
    ReturnVisitTask v = await(bridge.recordVisitAttempt(id, "gw-1", VisitOutcome.NO_ANSWER));
    assertEquals(State.CLAIMED, v.state());
    assertEquals(0, v.attempts());
    // a lapsed claim is taken over by another instance
    clock.advance(Duration.ofMinutes(6));
    assertEquals(1, await(bridge.claimDueVisits("gw-2", 10)).size());
    assertEquals(Optional.of("gw-2"), visit(id).claimedBy());
  }

  @Test
  void twoBridgeInstancesNeverClaimTheSameVisit() {
    bridge.close();
    bridge = bridge(immediate(3));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 24; i++) {
      ids.add(resolvedCase(bridge, "1390000" + String.format("%04d", 100 + i)));
    }
    try (CaseBridge other = bridge(immediate(3))) {
      List<CompletableFuture<List<ReturnVisitTask>>> rounds = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        CaseBridge b = i % 2 == 0 ? bridge : other;
        rounds.add(b.claimDueVisits(i % 2 == 0 ? "gw-a" : "gw-b", 5).toCompletableFuture());
      }
      List<String> claimed = new ArrayList<>();
      rounds.forEach(r -> r.join().forEach(v -> claimed.add(v.caseId())));
      assertEquals(claimed.size(), new HashSet<>(claimed).size(), "claimed twice: " + claimed);
      assertEquals(ids, new HashSet<>(claimed));
    }
  }

  @Test
  void answersCloseTheCaseOrReopenAndRedispatchItCountingTheReopening() throws Exception {
    bridge.close();
    bridge = bridge(immediate(3));
    String good = resolvedCase(bridge, "13900000005");
    String bad = resolvedCase(bridge, "13900000006");
    assertEquals(2, await(bridge.claimDueVisits("gw-1", 10)).size());
    ReturnVisit pleased = new ReturnVisit(true, Satisfaction.SATISFIED, "ivr", "1,1");
    assertEquals(
        ErrorCode.VISIT_CLAIMED,
        refusal(() -> await(bridge.recordVisitAnswers(good, "gw-2", pleased))));
    Case closed = await(bridge.recordVisitAnswers(good, "gw-1", pleased));
    assertEquals(CaseStatus.CLOSED, closed.status());
    assertEquals(State.DONE, visit(good).state());

    Case again =
        await(
            bridge.recordVisitAnswers(
                bad, "gw-1", new ReturnVisit(false, Satisfaction.UNSATISFIED, "ivr", "3,2")));
    assertEquals(CaseStatus.SUBMITTED, again.status(), "re-dispatched at once");
    assertEquals(2, again.dispatchVersion());
    List<CaseStatus> tail =
        again.history().subList(again.history().size() - 4, again.history().size()).stream()
            .map(StatusChange::status)
            .toList();
    assertEquals(
        List.of(CaseStatus.RESOLVED, CaseStatus.VISITED, CaseStatus.REOPENED, CaseStatus.SUBMITTED),
        tail);
    assertEquals(1, reopenCount(bad));
    assertEquals(0, reopenCount(good));

    // resolved again: a fresh visit
    await(
        bridge.applyStatusUpdate(
            new StatusUpdate(
                "up-again", bad, StatusUpdate.Kind.RESOLVED, "热力集团", null, clock.instant())));
    assertEquals(State.SCHEDULED, visit(bad).state());
    assertEquals(0, visit(bad).attempts());
  }

  @Test
  void anAgentTakesADueVisitOnlyAndKeepsItAgainstColleaguesUntilTheClaimLapses() {
    String id = resolvedCase(bridge, "13900000012"); // due two hours after the resolution
    assertEquals(
        ErrorCode.VISIT_UNKNOWN,
        refusal(() -> await(bridge.claimVisit(id, "ag1", Duration.ofMinutes(15)))),
        "not due yet");
    clock.advance(Duration.ofHours(2));
    assertEquals(
        Optional.of("ag1"),
        await(bridge.claimVisit(id, "ag1", Duration.ofMinutes(15))).claimedBy());
    assertEquals(
        ErrorCode.VISIT_CLAIMED,
        refusal(() -> await(bridge.claimVisit(id, "ag2", Duration.ofMinutes(15)))));
    assertEquals(1, await(bridge.openVisits(10)).size());
    clock.advance(Duration.ofMinutes(16));
    assertEquals(
        Optional.of("ag2"),
        await(bridge.claimVisit(id, "ag2", Duration.ofMinutes(15))).claimedBy());
    assertEquals(
        ErrorCode.VISIT_CLAIMED,
        refusal(
            () ->
                await(
                    bridge.recordVisitAnswers(
                        id, "ag1", new ReturnVisit(true, Satisfaction.SATISFIED, "ag1", "")))));
    assertEquals(
        ErrorCode.VISIT_UNKNOWN,
        refusal(() -> await(bridge.claimVisit("20261127-999999", "ag1", Duration.ofMinutes(1)))));
  }

  @Test
  void theShippedPolicyIsReadFromCasesYamlAndAMistakeIsRefusedByName() throws Exception {
    ReturnVisitPolicy shipped =
        CasesConfigLoader.returnVisits(Fixtures.configDir().resolve("cases.yaml"));
    assertEquals(java.time.LocalTime.of(9, 0), shipped.windowStart());
    assertEquals(java.time.LocalTime.of(20, 0), shipped.windowEnd());
    assertEquals(3, shipped.maxAttempts());
    assertEquals(ReturnVisitPolicy.Mode.AUTO, shipped.mode());
    assertEquals("hotline/survey-satisfaction", shipped.prompts().satisfaction());

    Path bad = dir.resolve("cases.yaml");
    java.nio.file.Files.writeString(
        bad, "returnVisits:\n  window: {from: \"20:00\", to: \"09:00\"}\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CasesConfigLoader.returnVisits(bad));
    assertTrue(e.getMessage().contains("returnVisits"), e.getMessage());
    assertTrue(e.getMessage().contains("window"), e.getMessage());
    java.nio.file.Files.writeString(bad, "returnVisits:\n  maxAttempts: 0\n");
    assertThrows(IllegalArgumentException.class, () -> CasesConfigLoader.returnVisits(bad));
  }

  private int reopenCount(String caseId) throws Exception {
    try (Database db = Fixtures.connect(url)) {
      return db.query(
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT reopen_count FROM hotline.case_record WHERE case_id = ?")) {
                  ps.setString(1, caseId);
                  try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                  }
                }
              })
          .toCompletableFuture()
          .get();
    }
  }
}
