package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.CaseRef;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.FieldError;
import org.hotline.cases.api.ReturnVisit;
import org.hotline.cases.api.StatusChange;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.api.Urgency;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call becomes a case, goes to the dispatch system, comes back resolved, is visited, closes. */
class CaseLifecycleTest {

  private static final Pattern CASE_ID = Pattern.compile("\\d{8}-\\d{6}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TestClock clock;
  private CasesConfig config;
  private Path file;
  private org.hotline.cases.store.PgCaseBridge bridge;

  @BeforeEach
  void start() {
    clock = TestClock.morning();
    config = Fixtures.config("life");
    file = dir.resolve("cases.jsonl");
    bridge = Fixtures.bridge(config, new JsonLinesTarget(file), clock);
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private CallFacts call(String id) {
    return Fixtures.answeredCall(id, "13912345678", clock.instant().minusSeconds(20));
  }

  private List<JsonNode> lines() throws Exception {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private void deliverAll() {
    bridge.startDelivery();
    Fixtures.eventually(
        Duration.ofSeconds(10),
        "outbox drained",
        () -> await(bridge.outboxStatus()).pending() == 0);
  }

  @Test
  void anAnsweredCallIsADraftAtOnceWithAReadableIdAndRepeatingTheEventFindsTheSameCase() {
    CaseRef first = await(bridge.callAnswered(call("c-1")));
    assertTrue(first.created());
    assertTrue(CASE_ID.matcher(first.caseId()).matches(), first.caseId());
    assertTrue(first.caseId().startsWith("20261127-"));
    assertEquals(CaseStatus.DRAFT, first.status());
    CaseRef again = await(bridge.callAnswered(call("c-1")));
    assertEquals(first.caseId(), again.caseId());
    assertFalse(again.created());
    Case draft = await(bridge.findCase(first.caseId())).orElseThrow();
    assertEquals("a1", draft.call().agentId().orElseThrow());
    assertEquals(Duration.ofSeconds(20), draft.call().waitTime());
    assertTrue(draft.content().isEmpty());
  }

  @Test
  void aHandOverIsNotedOnceInTheDraftsHistoryAndTheFormStillMakesTheCase() {
    CaseRef ref = await(bridge.callAnswered(call("c-h")));
    clock.advance(Duration.ofSeconds(40));
    String note = "transferred from queue general to queue water";
    await(bridge.callHandedOn(call("c-h"), "a1", note));
    await(bridge.callHandedOn(call("c-h"), "a1", note)); // every retry, the same note once
    Case draft = await(bridge.findCase(ref.caseId())).orElseThrow();
    List<StatusChange> notes = draft.history().stream().filter(h -> h.note().equals(note)).toList();
    assertEquals(1, notes.size());
    assertEquals(CaseStatus.DRAFT, notes.get(0).status());
    assertEquals("a1", notes.get(0).by());
    Case c = await(bridge.submitForm("c-h", Fixtures.heatingForm()));
    assertEquals(CaseStatus.SUBMITTED, c.status());
  }

  @Test
  void theFormMakesASubmittedCaseWithItsDeadlineAndTheDispatchSystemGetsItOnce() throws Exception {
    CallFacts facts = call("c-2");
    CaseRef ref = await(bridge.callAnswered(facts));
    clock.advance(Duration.ofMinutes(3));
    await(bridge.callEnded(facts.ended(clock.instant())));
    clock.advance(Duration.ofSeconds(30));
    Instant submittedAt = clock.instant();
    Case c = await(bridge.submitForm("c-2", Fixtures.heatingForm()));
    assertEquals(ref.caseId(), c.caseId());
    assertEquals(CaseStatus.SUBMITTED, c.status());
    assertEquals(Urgency.UTILITY, c.content().orElseThrow().urgency());
    assertEquals(submittedAt.plus(Duration.ofHours(24)), c.deadline().orElseThrow());
    assertEquals(1, c.dispatchVersion());
    assertEquals(
        List.of(CaseStatus.DRAFT, CaseStatus.SUBMITTED),
        c.history().stream().map(StatusChange::status).toList());

    deliverAll();
    List<JsonNode> lines = lines();
    assertEquals(1, lines.size());
    JsonNode p = lines.get(0);
    assertEquals("hotline.case/v1", p.path("schema").asText());
    assertEquals(c.caseId() + ":v1", p.path("idempotencyKey").asText());
    assertEquals("heating.not_warm", p.path("category").path("code").asText());
    assertEquals("BJ-0501", p.path("category").path("serviceCode").asText());
    assertEquals("chaoyang", p.path("location").path("district").path("id").asText());
    assertEquals("望京街道", p.path("location").path("street").path("zh").asText());
    assertEquals(24, p.path("urgency").path("timeLimitHours").asInt());
    assertEquals("13912345678", p.path("caller").path("number").asText());
    assertEquals(180, p.path("call").path("talkSeconds").asInt());

    Case dispatched = await(bridge.findCase(c.caseId())).orElseThrow();
    assertEquals(CaseStatus.DISPATCHED, dispatched.status());
  }

  @Test
  void aRepeatedSubmissionReturnsTheSameCaseAndADifferentFormIsRefused() {
    await(bridge.callAnswered(call("c-3")));
    Case once = await(bridge.submitForm("c-3", Fixtures.heatingForm()));
    Case twice = await(bridge.submitForm("c-3", Fixtures.heatingForm()));
    assertEquals(once.caseId(), twice.caseId());
    assertEquals(1, twice.dispatchVersion(), "no second version");
    CaseBridgeException e =
        assertThrows(
            CaseBridgeException.class,
            () -> await(bridge.submitForm("c-3", Fixtures.form("noise.neighbour", "望京", "吵"))));
    assertEquals(ErrorCode.CASE_NOT_DRAFT, e.code());
    assertEquals(1, await(bridge.outboxStatus()).pending());
  }

  @Test
  void anInvalidFormChangesNothingAndSaysWhatIsWrong() {
    String caseId = await(bridge.callAnswered(call("c-4"))).caseId();
    CaseForm hostile = Fixtures.form("heating.not_warm", "天通苑", "<script>document.cookie</script>");
    CaseBridgeException e =
        assertThrows(CaseBridgeException.class, () -> await(bridge.submitForm("c-4", hostile)));
    assertEquals(ErrorCode.INVALID_FORM, e.code());
    assertEquals(
        Set.of("summary", "location"),
        Set.copyOf(e.fieldErrors().stream().map(FieldError::field).toList()));
    Case still = await(bridge.findCase(caseId)).orElseThrow();
    assertEquals(CaseStatus.DRAFT, still.status());
    assertTrue(still.content().isEmpty());
    assertEquals(0, await(bridge.outboxStatus()).pending());

    byte[] wrongTypes = "{\"summary\": 42}".getBytes(StandardCharsets.UTF_8);
    CaseBridgeException json =
        assertThrows(
            CaseBridgeException.class, () -> await(bridge.submitFormJson("c-4", wrongTypes)));
    assertEquals(FieldError.Code.WRONG_TYPE, json.fieldErrors().get(0).code());
    assertEquals(CaseStatus.DRAFT, await(bridge.findCase(caseId)).orElseThrow().status());
  }

  @Test
  void aFormForACallWithoutACaseIsRefused() {
    CaseBridgeException e =
        assertThrows(
            CaseBridgeException.class,
            () -> await(bridge.submitForm("never-answered", Fixtures.heatingForm())));
    assertEquals(ErrorCode.CALL_UNKNOWN, e.code());
  }

  @Test
  void aDirectAnswerClosesAtOnceWithoutADeadlineAndIsDeliveredForTheRecord() throws Exception {
    await(bridge.callAnswered(call("c-5")));
    CaseForm f =
        new CaseForm(
            "consultation",
            "general.policy_inquiry",
            null,
            null,
            null,
            null,
            "咨询公积金提取条件",
            "direct_answer",
            null,
            null,
            null,
            "a1",
            "已告知：离职满半年可提取");
    Case c = await(bridge.submitForm("c-5", f));
    assertEquals("已告知：离职满半年可提取", c.content().orElseThrow().answer().orElseThrow());
    assertEquals(CaseStatus.CLOSED, c.status());
    assertTrue(c.deadline().isEmpty());
    deliverAll();
    assertEquals("direct_answer", lines().get(0).path("event").asText());
    assertEquals("closed", lines().get(0).path("status").asText());
    assertEquals("已告知：离职满半年可提取", lines().get(0).path("answer").asText(), "the record keeps it");
  }

  @Test
  void theDispatchSystemAcceptsResolvesAndTheReturnVisitClosesTheCase() {
    await(bridge.callAnswered(call("c-6")));
    Case c = await(bridge.submitForm("c-6", Fixtures.heatingForm()));
    String id = c.caseId();
    Instant at = clock.instant();
    assertTrue(
        await(
                bridge.applyStatusUpdate(
                    new StatusUpdate("u1", id, StatusUpdate.Kind.ACCEPTED, "热力集团望京分公司", null, at)))
            .applied());
    var resolved =
        await(
            bridge.applyStatusUpdate(
                new StatusUpdate(
                    "u2",
                    id,
                    StatusUpdate.Kind.RESOLVED,
                    "热力集团望京分公司",
                    java.util.Optional.of("已放气，室温20度"),
                    at)));
    assertEquals(CaseStatus.RESOLVED, resolved.updatedCase().status());
    assertFalse(
        await(
                bridge.applyStatusUpdate(
                    new StatusUpdate("u2", id, StatusUpdate.Kind.RESOLVED, "x", null, at)))
            .applied(),
        "the same update twice changes nothing");
    assertEquals(List.of(id), await(bridge.awaitingReturnVisit(10)));
    Case closed =
        await(
            bridge.recordReturnVisit(
                id, new ReturnVisit(true, ReturnVisit.Satisfaction.SATISFIED, "a7", "满意")));
    assertEquals(CaseStatus.CLOSED, closed.status());
    assertEquals(
        List.of(
            CaseStatus.DRAFT,
            CaseStatus.SUBMITTED,
            CaseStatus.ACCEPTED,
            CaseStatus.RESOLVED,
            CaseStatus.VISITED,
            CaseStatus.CLOSED),
        closed.history().stream().map(StatusChange::status).toList());
    assertEquals("热力集团望京分公司", closed.history().get(3).by());
    assertTrue(await(bridge.awaitingReturnVisit(10)).isEmpty());
    assertEquals("已放气，室温20度", closed.history().get(3).note());
  }

  @Test
  void aReturnedCaseIsRedispatchedAsANewVersionAndAnUnsatisfiedVisitReopens() throws Exception {
    await(bridge.callAnswered(call("c-7")));
    String id = await(bridge.submitForm("c-7", Fixtures.heatingForm())).caseId();
    Instant at = clock.instant();
    Case returned =
        await(
                bridge.applyStatusUpdate(
                    new StatusUpdate(
                        "u3",
                        id,
                        StatusUpdate.Kind.RETURNED,
                        "望京街道",
                        java.util.Optional.of("不属于本单位职责"),
                        at)))
            .updatedCase();
    assertEquals(CaseStatus.RETURNED, returned.status());
    CaseBridgeException illegal =
        assertThrows(
            CaseBridgeException.class,
            () ->
                await(
                    bridge.recordReturnVisit(
                        id, new ReturnVisit(true, ReturnVisit.Satisfaction.SATISFIED, "a7", ""))));
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, illegal.code());

    clock.advance(Duration.ofHours(1));
    Case again = await(bridge.redispatch(id, "sup1", "改派热力集团"));
    assertEquals(CaseStatus.SUBMITTED, again.status());
    assertEquals(2, again.dispatchVersion());
    assertEquals(clock.instant().plus(Duration.ofHours(24)), again.deadline().orElseThrow());
    await(
        bridge.applyStatusUpdate(
            new StatusUpdate("u4", id, StatusUpdate.Kind.RESOLVED, "热力集团", null, at)));
    Case reopened =
        await(
            bridge.recordReturnVisit(
                id, new ReturnVisit(false, ReturnVisit.Satisfaction.UNSATISFIED, "a7", "仍然不热")));
    assertEquals(CaseStatus.REOPENED, reopened.status());
    deliverAll();
    assertEquals(
        List.of(id + ":v1", id + ":v2"),
        lines().stream().map(n -> n.path("idempotencyKey").asText()).toList());
    assertEquals("redispatched", lines().get(1).path("event").asText());
  }

  @Test
  void caseIdsAreUniqueAcrossInstancesCreatingDraftsConcurrently() {
    try (CaseBridge other = Fixtures.bridge(config, new JsonLinesTarget(file), clock)) {
      List<CompletableFuture<CaseRef>> refs = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        CaseBridge b = i % 2 == 0 ? bridge : other;
        refs.add(b.callAnswered(call("u-" + i)).toCompletableFuture());
      }
      Set<String> ids = new HashSet<>();
      for (CompletableFuture<CaseRef> r : refs) {
        ids.add(r.join().caseId());
      }
      assertEquals(400, ids.size());
      assertTrue(ids.contains("20261127-000400"));
    }
  }

  @Test
  void aHostileCallerIdNameFromThePbxIsNotStored() {
    CallFacts f = call("c-10").withCallerName("<script>x</script>\u0007");
    String id = await(bridge.callAnswered(f)).caseId();
    assertTrue(await(bridge.findCase(id)).orElseThrow().call().callerName().isEmpty());
    CallFacts ok = call("c-11").withCallerName("张女士");
    String id2 = await(bridge.callAnswered(ok)).caseId();
    assertEquals("张女士", await(bridge.findCase(id2)).orElseThrow().call().callerName().get());
  }

  @Test
  void bidiZeroWidthAndControlCharactersAreRemovedFromACallerIdName() {
    Map<String, String> hostile = new LinkedHashMap<>();
    // "张女士" shown, but with a right-to-left override the screen shows the rest reversed
    hostile.put("张\u202e女士", "张女士");
    hostile.put("\u202egpj.exe", "gpj.exe");
    hostile.put("\u2066王\u2069\u2067先生\u2069", "王先生"); // isolates
    hostile.put("\u200e李\u200f四\u061c", "李四"); // LRM, RLM, Arabic letter mark
    hostile.put("赵\u200b钱\u200c孙\u200d李\ufeff", "赵钱孙李"); // zero-width, BOM
    hostile.put("周\u0000吴\u0007郑\u001b[31m王", "周吴郑[31m王"); // NUL, BEL, ESC
    hostile.put("Anna\tMaria\r\n", "Anna Maria");
    hostile.put("长".repeat(5000), "长".repeat(50));
    int n = 0;
    for (Map.Entry<String, String> e : hostile.entrySet()) {
      String id =
          await(bridge.callAnswered(call("bidi-" + n++).withCallerName(e.getKey()))).caseId();
      assertEquals(
          Optional.of(e.getValue()),
          await(bridge.findCase(id)).orElseThrow().call().callerName(),
          "stored for " + e.getKey().codePoints().mapToObj(Integer::toHexString).toList());
    }
    String id =
        await(bridge.callAnswered(call("bidi-only").withCallerName("\u202e\u200b\u0000 ")))
            .caseId();
    assertTrue(
        await(bridge.findCase(id)).orElseThrow().call().callerName().isEmpty(),
        "nothing visible left: no name");
  }

  @Test
  void theCallEndedWithoutAnAnsweredEventStillMakesACase() {
    CaseRef ref = await(bridge.callEnded(call("c-8").ended(clock.instant())));
    assertTrue(ref.created());
    assertEquals(CaseStatus.DRAFT, ref.status());
  }

  @Test
  void anAbandonedCallIsACallbackCandidateNotACase() {
    CallFacts waiting = CallFacts.entered("c-9", "pbx1", "13812345678", "general", clock.instant());
    assertTrue(await(bridge.callAbandoned(waiting)));
    assertFalse(await(bridge.callAbandoned(waiting)), "once");
    var candidates = await(bridge.callbackCandidates(10));
    assertEquals(1, candidates.size());
    assertEquals("13812345678", candidates.get(0).callerNumber());
    Boolean refused =
        await(bridge.submitForm("c-9", Fixtures.heatingForm()).handle((c, e) -> e != null));
    assertTrue(refused);
    assertTrue(await(bridge.callbackDone("c-9")));
    assertTrue(await(bridge.callbackCandidates(10)).isEmpty());
    assertEquals(
        ErrorCode.CALL_UNKNOWN,
        assertThrows(
                CaseBridgeException.class,
                () -> await(bridge.submitForm("c-9", Fixtures.heatingForm())))
            .code(),
        "no case for it");
  }
}
