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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.ExtensionRequest;
import org.hotline.cases.api.StatusChange;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.api.UpdateResult;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.signature.Hmac;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 延期: a unit asks, a supervisor decides; the deadline moves only when granted. */
class ExtensionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final TestClock clock = TestClock.morning();
  private CaseBridge bridge;
  private String caseId;
  private Instant deadline;

  @BeforeEach
  void start() {
    bridge =
        Fixtures.bridge(Fixtures.config("ext"), new JsonLinesTarget(dir.resolve("c.jsonl")), clock);
    await(bridge.callAnswered(Fixtures.answeredCall("x-1", "13912345678", clock.instant())));
    Case c = await(bridge.submitForm("x-1", Fixtures.heatingForm())); // utility: 24 h
    caseId = c.caseId();
    deadline = c.deadline().orElseThrow();
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private UpdateResult ask(String updateId, StatusUpdate.Extension extension) {
    return await(
        bridge.applyStatusUpdate(
            new StatusUpdate(
                updateId,
                caseId,
                StatusUpdate.Kind.EXTENSION_REQUESTED,
                "热力集团",
                Optional.of("需更换主管道，待材料到货"),
                clock.instant(),
                Optional.of(extension))));
  }

  private ErrorCode refusal(Runnable r) {
    return assertThrows(CaseBridgeException.class, r::run).code();
  }

  private Instant deadlineNow() {
    return await(bridge.findCase(caseId)).orElseThrow().deadline().orElseThrow();
  }

  @Test
  void aRequestMovesNothingARefusalLeavesTheDeadlineAndAGrantMovesIt() {
    Instant wanted = deadline.plus(Duration.ofDays(3));
    assertTrue(ask("e-1", new StatusUpdate.Until(wanted)).applied());
    assertEquals(deadline, deadlineNow(), "asked is not granted");
    List<ExtensionRequest> pending = await(bridge.pendingExtensions(10));
    assertEquals(1, pending.size());
    ExtensionRequest x = pending.get(0);
    assertEquals(caseId, x.caseId());
    assertEquals(wanted, x.requestedDeadline());
    assertEquals(deadline, x.deadlineThen());
    assertEquals("热力集团", x.unit());

    assertEquals(
        ErrorCode.EXTENSION_PENDING,
        refusal(() -> ask("e-2", new StatusUpdate.By(Duration.ofDays(1)))),
        "one waiting request at a time");
    assertFalse(ask("e-1", new StatusUpdate.Until(wanted)).applied(), "a repeat is harmless");

    ExtensionRequest refused =
        await(bridge.decideExtension(caseId, x.extensionId(), false, "sup1", "材料可调拨"));
    assertEquals(ExtensionRequest.State.REFUSED, refused.state());
    assertEquals(deadline, deadlineNow(), "refused: the deadline stays");
    assertTrue(await(bridge.pendingExtensions(10)).isEmpty());
    assertEquals(
        ErrorCode.EXTENSION_UNKNOWN,
        refusal(() -> await(bridge.decideExtension(caseId, x.extensionId(), true, "sup1", ""))),
        "decided already");

    clock.advance(Duration.ofHours(1));
    ask("e-3", new StatusUpdate.By(Duration.ofDays(2)));
    ExtensionRequest second = await(bridge.pendingExtensions(10)).get(0);
    assertEquals(deadline.plus(Duration.ofDays(2)), second.requestedDeadline());
    ExtensionRequest granted =
        await(bridge.decideExtension(caseId, second.extensionId(), true, "sup1", ""));
    assertEquals(ExtensionRequest.State.GRANTED, granted.state());
    assertEquals(deadline.plus(Duration.ofDays(2)), deadlineNow(), "granted: the deadline moves");
    assertEquals(
        List.of(ExtensionRequest.State.REFUSED, ExtensionRequest.State.GRANTED),
        await(bridge.extensions(caseId)).stream().map(ExtensionRequest::state).toList());

    List<String> notes =
        await(bridge.findCase(caseId)).orElseThrow().history().stream()
            .map(StatusChange::note)
            .toList();
    assertEquals(2, notes.stream().filter(n -> n.startsWith("申请延期")).count(), notes.toString());
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("延期未批准") && n.endsWith("材料可调拨")));
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("延期已批准")));
  }

  @Test
  void aGrantRestartsSupervisionFromTheNewDeadline() {
    clock.advance(Duration.ofHours(25));
    assertEquals(1, await(bridge.tick()).overdue());
    assertTrue(await(bridge.findCase(caseId)).orElseThrow().overdueAt(clock.instant()));
    ask("e-1", new StatusUpdate.By(Duration.ofDays(3)));
    ExtensionRequest x = await(bridge.pendingExtensions(10)).get(0);
    await(bridge.decideExtension(caseId, x.extensionId(), true, "sup1", "同意"));
    Case c = await(bridge.findCase(caseId)).orElseThrow();
    assertFalse(c.overdueAt(clock.instant()), "in time again");
    // the old escalation time (deadline + 6 h) passes quietly
    clock.set(deadline.plus(Duration.ofHours(7)));
    assertEquals(0, await(bridge.tick()).escalated());
    Instant newDeadline = deadline.plus(Duration.ofDays(3));
    clock.set(newDeadline.minus(Duration.ofHours(4)));
    assertEquals(1, await(bridge.tick()).nearing(), "warned before the new deadline");
    clock.set(newDeadline.plusSeconds(60));
    assertEquals(1, await(bridge.tick()).overdue(), "overdue at the new deadline");
  }

  @Test
  void onlyARunningDeadlineCanBeExtendedAndOnlyToALaterOne() {
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        refusal(() -> ask("e-1", new StatusUpdate.Until(deadline.minus(Duration.ofHours(1))))));
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        refusal(() -> ask("e-2", new StatusUpdate.By(Duration.ofDays(400)))));
    ask("e-3", new StatusUpdate.By(Duration.ofDays(1)));
    await(
        bridge.applyStatusUpdate(
            new StatusUpdate(
                "r-1",
                caseId,
                StatusUpdate.Kind.RESOLVED,
                "热力集团",
                Optional.empty(),
                clock.instant())));
    ExtensionRequest x = await(bridge.pendingExtensions(10)).get(0);
    assertEquals(
        ErrorCode.ILLEGAL_TRANSITION,
        refusal(() -> await(bridge.decideExtension(caseId, x.extensionId(), true, "sup1", ""))),
        "resolved meanwhile: nothing to extend");
    assertEquals(
        ExtensionRequest.State.REFUSED,
        await(bridge.decideExtension(caseId, x.extensionId(), false, "sup1", "")).state(),
        "but it can be refused");
    assertEquals(
        ErrorCode.ILLEGAL_TRANSITION,
        refusal(() -> ask("e-4", new StatusUpdate.By(Duration.ofDays(1)))),
        "a resolved case's deadline no longer runs");
  }

  @Test
  void aSignedRequestAsksByDurationAndTheDecisionIsDeliveredAsANewVersion() throws Exception {
    String body =
        "{\"updateId\":\"s-1\",\"caseId\":\""
            + caseId
            + "\",\"status\":\"extension_requested\",\"unit\":\"热力集团\","
            + "\"reason\":\"待材料\",\"extendBy\":\"2d\",\"at\":\"2026-11-27T02:00:00Z\"}";
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = new HashMap<>();
    String ts = Long.toString(clock.instant().getEpochSecond());
    h.put(Hmac.TIMESTAMP_HEADER, ts);
    h.put(Hmac.SIGNATURE_HEADER, Hmac.sign(Fixtures.INBOUND_KEY, ts, b));
    assertTrue(await(bridge.receiveStatusUpdate(b, h::get)).applied());
    byte[] bad =
        body.replace("\"extendBy\":\"2d\",", "")
            .replace("s-1", "s-2")
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> h2 = new HashMap<>(h);
    h2.put(Hmac.SIGNATURE_HEADER, Hmac.sign(Fixtures.INBOUND_KEY, ts, bad));
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        refusal(() -> await(bridge.receiveStatusUpdate(bad, h2::get))),
        "no deadline asked for");

    for (String wrong :
        List.of(
            "\"extendBy\":\"2d\",\"requestedDeadline\":\"2026-12-30T00:00:00Z\",", // both
            "\"extendBy\":\"2 weeks\",",
            "\"extendBy\":\"0d\",",
            "\"requestedDeadline\":\"tomorrow\",")) {
      byte[] w =
          body.replace("\"extendBy\":\"2d\",", wrong)
              .replace("s-1", "s-w")
              .getBytes(StandardCharsets.UTF_8);
      Map<String, String> hw = new HashMap<>(h);
      hw.put(Hmac.SIGNATURE_HEADER, Hmac.sign(Fixtures.INBOUND_KEY, ts, w));
      assertEquals(
          ErrorCode.INVALID_ARGUMENT,
          refusal(() -> await(bridge.receiveStatusUpdate(w, hw::get))),
          wrong);
    }
    ExtensionRequest x = await(bridge.pendingExtensions(10)).get(0);
    assertEquals(deadline.plus(Duration.ofDays(2)), x.requestedDeadline());
    await(bridge.decideExtension(caseId, x.extensionId(), true, "sup1", ""));
    bridge.startDelivery();
    Path file = dir.resolve("c.jsonl");
    Fixtures.eventually(
        Duration.ofSeconds(10),
        "both versions delivered",
        () -> {
          try {
            return Files.exists(file) && Files.readAllLines(file).size() == 2;
          } catch (java.io.IOException e) {
            return false;
          }
        });
    JsonNode decision = JSON.readTree(Files.readAllLines(file).get(1));
    assertEquals(2, decision.path("version").asInt());
    assertEquals("extension_granted", decision.path("event").asText());
    assertEquals(deadline.plus(Duration.ofDays(2)).toString(), decision.path("deadline").asText());
    assertEquals("granted", decision.path("extension").path("decision").asText());
    assertEquals(x.extensionId(), decision.path("extension").path("id").asText());
    assertEquals(deadline.toString(), decision.path("extension").path("deadlineBefore").asText());
  }
}
