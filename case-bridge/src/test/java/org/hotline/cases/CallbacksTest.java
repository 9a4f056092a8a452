package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallbackCandidate;
import org.hotline.cases.api.CallbackOutcome;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.metrics.CaseEvents;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callback work list: callers who hung up waiting and callers who asked to be called back,
 * claimed by one agent at a time (on any instance), every attempt kept, closed when reached or
 * after the last attempt.
 */
class CallbacksTest {

  @TempDir Path dir;
  private TestClock clock;
  private CasesConfig config;
  private CaseBridge bridge;

  @BeforeEach
  void start() {
    clock = TestClock.morning();
    config = Fixtures.config("cb");
    bridge = Fixtures.bridge(config, new JsonLinesTarget(dir.resolve("c.jsonl")), clock);
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private CallFacts waiting(String id, String caller) {
    return CallFacts.entered(id, "pbx1", caller, "general", clock.instant().minusSeconds(90));
  }

  private static ErrorCode refusal(Runnable r) {
    return assertThrows(CaseBridgeException.class, r::run).code();
  }

  @Test
  void requestsComeFirstThenTheOldestAndAnAbandonedCallThatAskedBecomesARequest() {
    assertTrue(await(bridge.callAbandoned(waiting("k-1", "13900000001"))));
    clock.advance(Duration.ofMinutes(1));
    assertTrue(await(bridge.callAbandoned(waiting("k-2", "13900000002"))));
    clock.advance(Duration.ofMinutes(1));
    assertTrue(await(bridge.callbackRequested(waiting("k-3", "13900000003"))));
    // the request's own hang-up arrives too: it stays a request, recorded once
    assertFalse(await(bridge.callAbandoned(waiting("k-3", "13900000003"))));
    assertFalse(await(bridge.callbackRequested(waiting("k-3", "13900000003"))));

    List<CallbackCandidate> open = await(bridge.callbackCandidates(10));
    assertEquals(
        List.of("k-3", "k-1", "k-2"), open.stream().map(CallbackCandidate::callId).toList());
    assertEquals(CallbackCandidate.Reason.REQUESTED, open.get(0).reason());
    assertEquals(CallbackCandidate.Reason.ABANDONED, open.get(1).reason());
    assertEquals("13900000003", open.get(0).callerNumber());
  }

  @Test
  void oneAgentHoldsAClaimUntilItLapsesAndOnlyTheHolderRecordsAnAttempt() {
    await(bridge.callAbandoned(waiting("k-4", "13900000004")));
    CallbackCandidate mine = await(bridge.claimCallback("k-4", "a1", Duration.ofMinutes(10)));
    assertEquals(Optional.of("a1"), mine.claimedBy());
    assertEquals(
        ErrorCode.CALLBACK_CLAIMED,
        refusal(() -> await(bridge.claimCallback("k-4", "a2", Duration.ofMinutes(10)))));
    assertEquals(
        ErrorCode.CALLBACK_CLAIMED,
        refusal(
            () ->
                await(
                    bridge.recordCallbackAttempt(
                        "k-4", "a2", CallbackOutcome.REACHED, Optional.empty()))));
    // claiming again extends one's own claim
    clock.advance(Duration.ofMinutes(9));
    await(bridge.claimCallback("k-4", "a1", Duration.ofMinutes(10)));
    clock.advance(Duration.ofMinutes(9));
    assertEquals(
        ErrorCode.CALLBACK_CLAIMED,
        refusal(() -> await(bridge.claimCallback("k-4", "a2", Duration.ofMinutes(10)))));
    // a claim forgotten at a desk lapses: a colleague takes it, the first agent can no longer
    // record
    clock.advance(Duration.ofMinutes(2));
    assertEquals(
        Optional.of("a2"),
        await(bridge.claimCallback("k-4", "a2", Duration.ofMinutes(10))).claimedBy());
    assertEquals(
        ErrorCode.CALLBACK_CLAIMED,
        refusal(
            () ->
                await(
                    bridge.recordCallbackAttempt(
                        "k-4", "a1", CallbackOutcome.BUSY, Optional.empty()))));
  }

  @Test
  void noAnswerReleasesTheClaimAndTheThirdMissClosesItAsUnreachable() {
    await(bridge.callAbandoned(waiting("k-5", "13900000005")));
    for (int i = 1; i <= 2; i++) {
      await(bridge.claimCallback("k-5", "a" + i, Duration.ofMinutes(10)));
      CallbackCandidate after =
          await(
              bridge.recordCallbackAttempt(
                  "k-5", "a" + i, CallbackOutcome.NO_ANSWER, Optional.of("out-" + i)));
      assertEquals(i, after.attempts());
      assertTrue(after.claimedBy().isEmpty(), "free for the next try");
      assertEquals(Optional.of(CallbackOutcome.NO_ANSWER), after.lastOutcome());
      assertEquals(1, await(bridge.callbackCandidates(10)).size());
    }
    await(bridge.claimCallback("k-5", "a3", Duration.ofMinutes(10)));
    CallbackCandidate last =
        await(
            bridge.recordCallbackAttempt("k-5", "a3", CallbackOutcome.BUSY, Optional.of("out-3")));
    assertEquals(Optional.of(CallbackOutcome.UNREACHABLE), last.lastOutcome());
    assertEquals(3, last.attempts());
    assertTrue(await(bridge.callbackCandidates(10)).isEmpty());
    assertEquals(
        ErrorCode.CALLBACK_UNKNOWN,
        refusal(() -> await(bridge.claimCallback("k-5", "a1", Duration.ofMinutes(10)))));
  }

  @Test
  void aReachedResidentClosesTheCallbackAndAnUnknownOneIsRefused() {
    await(bridge.callbackRequested(waiting("k-6", "13900000006")));
    await(bridge.claimCallback("k-6", "a1", Duration.ofMinutes(10)));
    CallbackCandidate reached =
        await(
            bridge.recordCallbackAttempt(
                "k-6", "a1", CallbackOutcome.REACHED, Optional.of("out-6")));
    assertEquals(Optional.of(CallbackOutcome.REACHED), reached.lastOutcome());
    assertTrue(await(bridge.callbackCandidates(10)).isEmpty());
    assertEquals(
        Optional.of(CallbackOutcome.REACHED),
        await(bridge.findCallback("k-6")).orElseThrow().lastOutcome());
    assertEquals(
        ErrorCode.CALLBACK_UNKNOWN,
        refusal(() -> await(bridge.claimCallback("nobody", "a1", Duration.ofMinutes(10)))));
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        refusal(() -> await(bridge.claimCallback("k-6", "a1", Duration.ZERO))));
  }

  @Test
  void twoInstancesRacingForTheSameCallbacksGiveEachToExactlyOneAgent() throws Exception {
    CaseBridge other =
        Fixtures.bridge(
            Fixtures.databaseUrl(config.centreId()),
            config,
            new JsonLinesTarget(dir.resolve("d.jsonl")),
            clock,
            CaseEvents.NONE);
    try {
      int n = 20;
      for (int i = 0; i < n; i++) {
        await(bridge.callAbandoned(waiting("r-" + i, "1390000" + String.format("%04d", i))));
      }
      List<CompletableFuture<String>> claims = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = "r-" + i;
        claims.add(claim(bridge, id, "left"));
        claims.add(claim(other, id, "right"));
      }
      int won = 0;
      for (int i = 0; i < claims.size(); i += 2) {
        String a = claims.get(i).join();
        String b = claims.get(i + 1).join();
        assertTrue(a.isEmpty() != b.isEmpty(), "exactly one claim of r-" + i / 2 + ": " + a + b);
        String holder = a.isEmpty() ? b : a;
        assertEquals(
            Optional.of(holder),
            await(bridge.findCallback("r-" + i / 2)).orElseThrow().claimedBy());
        won++;
      }
      assertEquals(n, won);
    } finally {
      other.close();
    }
  }

  /** The agent's name when the claim succeeded, empty when another held it. */
  private static CompletableFuture<String> claim(CaseBridge b, String id, String agent) {
    return b.claimCallback(id, agent, Duration.ofMinutes(10))
        .toCompletableFuture()
        .handle(
            (k, e) -> {
              if (e == null) {
                return agent;
              }
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              if (cause instanceof CaseBridgeException r
                  && r.code() == ErrorCode.CALLBACK_CLAIMED) {
                return "";
              }
              throw new IllegalStateException(cause);
            });
  }
}
