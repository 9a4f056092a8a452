package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.StatusChange;
import org.hotline.cases.api.UpdateResult;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.signature.Hmac;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status updates from the dispatch system: signed, fresh, applied once, refused otherwise. */
class InboundStatusUpdateTest {

  @TempDir Path dir;
  private TestClock clock;
  private CaseBridge bridge;
  private String caseId;

  @BeforeEach
  void start() {
    clock = TestClock.morning();
    bridge =
        Fixtures.bridge(Fixtures.config("in"), new JsonLinesTarget(dir.resolve("c.jsonl")), clock);
    await(
        bridge.callAnswered(
            Fixtures.answeredCall("i-1", "13912345678", clock.instant().minusSeconds(30))));
    caseId = await(bridge.submitForm("i-1", Fixtures.heatingForm())).caseId();
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private String body(String updateId, String status, String reason) {
    return "{\"updateId\":\""
        + updateId
        + "\",\"caseId\":\""
        + caseId
        + "\",\"status\":\""
        + status
        + "\",\"unit\":\"朝阳区望京街道\""
        + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
        + ",\"at\":\"2026-11-27T02:00:00Z\"}";
  }

  private Map<String, String> signed(byte[] key, long epochSeconds, byte[] body) {
    Map<String, String> h = new HashMap<>();
    String ts = Long.toString(epochSeconds);
    h.put(Hmac.TIMESTAMP_HEADER, ts);
    h.put(Hmac.SIGNATURE_HEADER, Hmac.sign(key, ts, body));
    return h;
  }

  private UpdateResult send(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return await(
        bridge.receiveStatusUpdate(
            b, signed(Fixtures.INBOUND_KEY, clock.instant().getEpochSecond(), b)::get));
  }

  private ErrorCode refused(byte[] body, Map<String, String> headers) {
    CaseBridgeException e =
        assertThrows(
            CaseBridgeException.class, () -> await(bridge.receiveStatusUpdate(body, headers::get)));
    return e.code();
  }

  @Test
  void aSignedUpdateMovesTheCaseAndIsWrittenInItsHistoryAndTheCallersHistory() {
    UpdateResult accepted = send(body("d-1", "accepted", null));
    assertTrue(accepted.applied());
    assertEquals(CaseStatus.ACCEPTED, accepted.updatedCase().status());
    UpdateResult returned = send(body("d-2", "returned", "非本辖区，请改派"));
    Case c = returned.updatedCase();
    assertEquals(CaseStatus.RETURNED, c.status());
    StatusChange last = c.history().get(c.history().size() - 1);
    assertEquals("朝阳区望京街道", last.by());
    assertEquals("非本辖区，请改派", last.note());
    assertEquals(clock.instant(), last.at(), "stamped when we applied it");
    assertEquals(
        CaseStatus.RETURNED,
        await(bridge.callerHistory("13912345678")).lastCases().get(0).status());
  }

  @Test
  void aReplayInsideTheWindowIsHarmlessAndOutsideItIsRefused() {
    byte[] b = body("d-3", "accepted", null).getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = signed(Fixtures.INBOUND_KEY, clock.instant().getEpochSecond(), b);
    assertTrue(await(bridge.receiveStatusUpdate(b, h::get)).applied());
    assertFalse(await(bridge.receiveStatusUpdate(b, h::get)).applied(), "applied once");
    clock.advance(Duration.ofMinutes(6));
    assertEquals(ErrorCode.STALE_REQUEST, refused(b, h));
    Map<String, String> future =
        signed(Fixtures.INBOUND_KEY, clock.instant().plusSeconds(600).getEpochSecond(), b);
    assertEquals(ErrorCode.STALE_REQUEST, refused(b, future));
  }

  @Test
  void aWrongKeyATamperedBodyOrMissingHeadersAreRefusedBeforeTheBodyIsRead() {
    byte[] b = body("d-4", "resolved", null).getBytes(StandardCharsets.UTF_8);
    long now = clock.instant().getEpochSecond();
    assertEquals(
        ErrorCode.UNAUTHENTICATED,
        refused(b, signed("another-key-0123456789".getBytes(StandardCharsets.UTF_8), now, b)));
    Map<String, String> h = signed(Fixtures.INBOUND_KEY, now, b);
    byte[] tampered = body("d-4", "returned", "x").getBytes(StandardCharsets.UTF_8);
    assertEquals(ErrorCode.UNAUTHENTICATED, refused(tampered, h));
    Map<String, String> otherTime = new HashMap<>(h);
    otherTime.put(Hmac.TIMESTAMP_HEADER, Long.toString(now + 1));
    assertEquals(ErrorCode.UNAUTHENTICATED, refused(b, otherTime), "the timestamp is signed");
    assertEquals(ErrorCode.UNAUTHENTICATED, refused(b, Map.of()));
    Map<String, String> garbage = new HashMap<>(h);
    garbage.put(Hmac.SIGNATURE_HEADER, "v1=zz");
    assertEquals(ErrorCode.UNAUTHENTICATED, refused(b, garbage));
    assertEquals(CaseStatus.SUBMITTED, await(bridge.findCase(caseId)).orElseThrow().status());
  }

  @Test
  void signedButMalformedOrIllegalUpdatesAreRefused() {
    long now = clock.instant().getEpochSecond();
    for (String bad :
        List.of(
            body("d-5", "returned", null), // a return needs a reason
            body("d-5", "exploded", null),
            body("d 5; DROP", "accepted", null),
            "{\"updateId\":\"d-6\",\"caseId\":\""
                + caseId
                + "\",\"status\":\"accepted\",\"unit\":7}",
            "[1]",
            body("d-7", "accepted", "<script>x</script>"))) {
      byte[] b = bad.getBytes(StandardCharsets.UTF_8);
      assertEquals(
          ErrorCode.INVALID_ARGUMENT, refused(b, signed(Fixtures.INBOUND_KEY, now, b)), bad);
    }
    send(body("d-8", "resolved", null));
    byte[] again = body("d-9", "accepted", null).getBytes(StandardCharsets.UTF_8);
    assertEquals(
        ErrorCode.ILLEGAL_TRANSITION,
        refused(again, signed(Fixtures.INBOUND_KEY, now, again)),
        "a resolved case cannot be accepted");
    String unknown = body("d-10", "accepted", null).replace(caseId, "20261127-999999");
    byte[] u = unknown.getBytes(StandardCharsets.UTF_8);
    assertEquals(ErrorCode.CASE_UNKNOWN, refused(u, signed(Fixtures.INBOUND_KEY, now, u)));
  }
}
