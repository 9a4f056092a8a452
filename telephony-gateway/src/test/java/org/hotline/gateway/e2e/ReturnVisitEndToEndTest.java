package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.cases.api.ReturnVisitTask;
import org.hotline.cases.signature.Hmac;
import org.junit.jupiter.api.Test;

/**
 * 回访 end to end, on the simulated exchange: the dispatch system's signed "resolved" makes the
 * gateway call the resident (Originate through the trunk into hotline-visit), the resident's keys
 * in the /returnvisit survey close the case or reopen and re-dispatch it; a resident who never
 * answers is called again and then given up; a resolution outside the calling window waits for it.
 */
class ReturnVisitEndToEndTest {

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final AtomicInteger CALLS = new AtomicInteger();

  /** Calls any time of day, at once, quickly retried; the satisfaction prompt is missing. */
  static ReturnVisitPolicy quick(ReturnVisitPolicy.Mode mode) {
    ReturnVisitPolicy.Prompts d = ReturnVisitPolicy.Prompts.DEFAULTS;
    return ReturnVisitPolicy.DEFAULTS
        .withWindow(LocalTime.MIN, LocalTime.MAX)
        .withTiming(
            Duration.ZERO, 2, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(40))
        .withMode(mode)
        .withPrompts(
            new ReturnVisitPolicy.Prompts(
                d.intro(),
                // the simulator, like Asterisk, answers GET DATA on it with result=-1 at once
                "hotline/missing-prompt",
                d.resolved(),
                d.thanks(),
                d.introFallback(),
                d.satisfactionFallback(),
                d.resolvedFallback(),
                d.thanksFallback()));
  }

  /** A submitted heating complaint from {@code caller}: its case id. */
  static String submittedCase(Harness h, String caller) {
    String callId = "rv-e2e-" + CALLS.incrementAndGet();
    Instant now = Instant.now();
    h.cases
        .callAnswered(
            CallFacts.entered(callId, "ast1", caller, "general", now.minusSeconds(60))
                .answered("a1", "001", now.minusSeconds(40)))
        .toCompletableFuture()
        .join();
    CaseForm form =
        new CaseForm(
            "complaint",
            "heating.not_warm",
            "望京西园三区5号楼2单元暖气不热",
            null,
            null,
            null,
            "室温只有14度，已持续三天。",
            "dispatch",
            null,
            null,
            null,
            "a1");
    return h.cases.submitForm(callId, form).toCompletableFuture().join().caseId();
  }

  /** The dispatch system says the case is resolved, signed, over HTTP. */
  static void resolveOverHttp(Harness h, String caseId) throws Exception {
    String body =
        "{\"updateId\":\"res-"
            + caseId
            + "-"
            + System.nanoTime()
            + "\",\"caseId\":\""
            + caseId
            + "\",\"status\":\"resolved\",\"unit\":\"热力集团\",\"at\":\""
            + Instant.now()
            + "\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(Instant.now().getEpochSecond());
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + h.gateway.httpPort() + "/api/dispatch/status"))
                    .header("Content-Type", "application/json")
                    .header(Hmac.TIMESTAMP_HEADER, ts)
                    .header(Hmac.SIGNATURE_HEADER, Hmac.sign(Harness.INBOUND_KEY, ts, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  static Case caseOf(Harness h, String id) {
    return h.cases.findCase(id).toCompletableFuture().join().orElseThrow();
  }

  static ReturnVisitTask visitOf(Harness h, String id) {
    return h.cases.findVisit(id).toCompletableFuture().join().orElseThrow();
  }

  static int reopenCount(Harness h, String caseId) {
    return h.db
        .query(
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
        .join();
  }

  private static List<AmiMessage> originates(List<AmiMessage> actions) {
    return actions.stream().filter(a -> a.value("Action").equalsIgnoreCase("Originate")).toList();
  }

  private static String trunk(String number) {
    return "PJSIP/" + number + "@trunk";
  }

  @Test
  void residentsKeysCloseOrReopenTheCaseAndAResidentWhoNeverAnswersIsGivenUp() throws Exception {
    Harness h = Harness.startWithVisits(o -> o.withSeed(1201), quick(ReturnVisitPolicy.Mode.AUTO));
    try {
      h.sim.seat(trunk("13900000201")).behave(SeatBehaviour.answering(0.3, 120));
      h.sim.seats().presses(trunk("13900000201"), "11");
      h.sim.seat(trunk("13900000202")).behave(SeatBehaviour.answering(0.3, 120));
      h.sim.seats().presses(trunk("13900000202"), "32");
      h.sim.seat(trunk("13900000203")).behave(SeatBehaviour.neverAnswers());
      List<AmiMessage> actions = new CopyOnWriteArrayList<>();
      h.sim.onAction(actions::add).await(5, TimeUnit.SECONDS);
      String pleased = submittedCase(h, "13900000201");
      String unhappy = submittedCase(h, "13900000202");
      String away = submittedCase(h, "13900000203");
      resolveOverHttp(h, pleased);
      resolveOverHttp(h, unhappy);
      resolveOverHttp(h, away);

      h.await(
          "the pleased resident's keys 1, 1 close the case",
          Duration.ofSeconds(40),
          () -> caseOf(h, pleased).status() == CaseStatus.CLOSED);
      AmiMessage call =
          originates(actions).stream()
              .filter(a -> a.value("Channel").equals(trunk("13900000201")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Originate to the resident: " + actions));
      assertEquals("hotline-visit", call.value("Context"));
      assertEquals("s", call.value("Exten"));
      assertTrue(call.value("CallerID").contains("12345"), call.value("CallerID"));
      assertTrue(
          String.join(",", call.values("Variable")).contains("HOTLINE_VISIT=" + pleased),
          call.values("Variable").toString());
      ReturnVisitTask done = visitOf(h, pleased);
      assertEquals(ReturnVisitTask.State.DONE, done.state());
      assertEquals(1, done.attempts());
      assertEquals(Optional.of("answered"), done.lastOutcome());

      h.await(
          "the unhappy resident's keys 3, 2 reopen and re-dispatch the case",
          Duration.ofSeconds(40),
          () -> caseOf(h, unhappy).dispatchVersion() == 2);
      Case again = caseOf(h, unhappy);
      assertEquals(CaseStatus.SUBMITTED, again.status());
      assertTrue(
          again.history().stream().anyMatch(s -> s.status() == CaseStatus.REOPENED),
          again.history().toString());
      assertEquals(1, reopenCount(h, unhappy));
      assertEquals(0, reopenCount(h, pleased));

      h.await(
          "the resident who never answers is called twice, then given up",
          Duration.ofSeconds(60),
          () -> visitOf(h, away).state() == ReturnVisitTask.State.UNREACHABLE);
      ReturnVisitTask gaveUp = visitOf(h, away);
      assertEquals(
          2,
          originates(actions).stream()
              .filter(a -> a.value("Channel").equals(trunk("13900000203")))
              .count(),
          "called twice, then never again");
      assertEquals(2, gaveUp.attempts());
      assertEquals(Optional.of("no_answer"), gaveUp.lastOutcome());
      assertEquals(CaseStatus.RESOLVED, caseOf(h, away).status());
    } finally {
      h.close();
    }
  }

  @Test
  void aResolutionOutsideTheCallingWindowWaitsForItsStart() throws Exception {
    ZonedDateTime now = ZonedDateTime.now(ZONE);
    // a one-hour window that is not now (nor the next hour): the resolution falls outside it
    int hour = (now.getHour() + 3) % 23;
    ReturnVisitPolicy policy =
        quick(ReturnVisitPolicy.Mode.AUTO)
            .withWindow(LocalTime.of(hour, 0), LocalTime.of(hour + 1, 0));
    Harness h = Harness.startWithVisits(o -> o.withSeed(1202), policy);
    try {
      h.sim.seat(trunk("13900000204")).behave(SeatBehaviour.answering(0.3, 120));
      h.sim.seats().presses(trunk("13900000204"), "11");
      List<AmiMessage> actions = new CopyOnWriteArrayList<>();
      h.sim.onAction(actions::add).await(5, TimeUnit.SECONDS);
      String id = submittedCase(h, "13900000204");
      resolveOverHttp(h, id);
      LocalDate day = now.getHour() < hour ? now.toLocalDate() : now.toLocalDate().plusDays(1);
      Instant opens = day.atTime(hour, 0).atZone(ZONE).toInstant();
      assertEquals(opens, visitOf(h, id).dueAt());
      // several of the caller's rounds pass: nobody is called
      Thread.sleep(5000);
      ReturnVisitTask waiting = visitOf(h, id);
      assertEquals(ReturnVisitTask.State.SCHEDULED, waiting.state());
      assertEquals(0, waiting.attempts());
      assertEquals(CaseStatus.RESOLVED, caseOf(h, id).status());
      assertEquals(List.of(), originates(actions), "no call outside the window");
    } finally {
      h.close();
    }
  }
}
