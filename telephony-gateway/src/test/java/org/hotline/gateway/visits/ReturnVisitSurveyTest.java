package org.hotline.gateway.visits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.cases.api.ReturnVisitTask;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.gateway.agi.AgiServer;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.cases.CaseBridges;
import org.hotline.gateway.testing.TestDatabases;
import org.hotline.pg.support.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The /returnvisit survey on the wire, as Asterisk 22 answered the recorded survey
 * (return-visit-survey.fastagi.txt): GET DATA on a missing prompt gives {@code 200 result=-1} at
 * once while the channel is up, so the survey probes the channel and plays the recorded fallback; a
 * wrong key is asked again; a hang-up before both answers is an incomplete attempt.
 */
class ReturnVisitSurveyTest {

  private static final String HOLDER = "gw-survey";

  private Vertx vertx;
  private Database db;
  private CaseBridge cases;
  private AgiServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    String centre = "rvs" + UUID.randomUUID().toString().substring(0, 8);
    db = TestDatabases.connect(TestDatabases.fresh(centre));
    ReturnVisitPolicy policy =
        ReturnVisitPolicy.DEFAULTS
            .withWindow(LocalTime.MIN, LocalTime.MAX)
            .withTiming(
                Duration.ZERO,
                3,
                Duration.ofHours(1),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5));
    cases =
        CaseBridges.openForCentre(
                Path.of("..", "config"),
                db,
                centre,
                Files.createTempFile("rvs-", ".jsonl"),
                Clock.systemUTC(),
                b -> b.returnVisits(policy))
            .bridge();
    server =
        new AgiServer(
                vertx,
                AgiServerOptions.defaults().withHost("127.0.0.1").withPort(0),
                Map.of("returnvisit", new ReturnVisitSurvey(cases, vertx.getOrCreateContext())))
            .listen()
            .await(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
    cases.close();
    db.close();
  }

  /** A resolved case whose visit this test's "gateway" holds. */
  private String heldVisit(String caller) {
    String callId = "rvs-" + UUID.randomUUID();
    Instant now = Instant.now();
    cases
        .callAnswered(
            CallFacts.entered(callId, "ast1", caller, "general", now.minusSeconds(60))
                .answered("a1", "001", now.minusSeconds(40)))
        .toCompletableFuture()
        .join();
    String id =
        cases
            .submitForm(
                callId,
                new CaseForm(
                    "complaint",
                    "heating.not_warm",
                    "望京西园三区5号楼2单元暖气不热",
                    null,
                    null,
                    null,
                    "室温只有14度。",
                    "dispatch",
                    null,
                    null,
                    null,
                    "a1"))
            .toCompletableFuture()
            .join()
            .caseId();
    cases
        .applyStatusUpdate(
            new StatusUpdate("u-" + callId, id, StatusUpdate.Kind.RESOLVED, "热力集团", null, now))
        .toCompletableFuture()
        .join();
    assertEquals(1, cases.claimDueVisits(HOLDER, 10).toCompletableFuture().join().size());
    return id;
  }

  /** The recorded survey session's environment, on our path, with the visit's arguments. */
  private static String environment(String caseId) throws IOException {
    StringBuilder env = new StringBuilder();
    try (InputStream in =
        ReturnVisitSurveyTest.class.getResourceAsStream(
            "/asterisk/return-visit-survey.fastagi.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int at = line.indexOf("#1 AST> ");
        if (at < 0) {
          continue;
        }
        String l = line.substring(at + "#1 AST> ".length());
        if (l.isEmpty()) {
          break;
        }
        env.append(l.replace("/survey", "/returnvisit").replace(": survey", ": returnvisit"))
            .append('\n');
      }
    }
    return env.append("agi_arg_1: ast1\n")
        .append("agi_arg_2: ")
        .append(caseId)
        .append("\nagi_arg_3: ")
        .append(HOLDER)
        .append("\n\n")
        .toString();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.actualPort());
    s.setSoTimeout(10_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private ReturnVisitTask visit(String id) {
    return cases.findVisit(id).toCompletableFuture().join().orElseThrow();
  }

  @Test
  void aMissingPromptIsReplacedByItsFallbackAndAWrongKeyIsAskedAgain() throws Exception {
    String id = heldVisit("13900000501");
    try (Socket s = connect()) {
      send(s, environment(id));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("STREAM FILE hotline/survey-intro \"\"", in.readLine());
      send(s, "200 result=0 endpos=8000\n");
      assertEquals("GET DATA hotline/survey-satisfaction 6000 1", in.readLine());
      send(s, "200 result=-1\n"); // as recorded for a missing sound file
      assertEquals("WAIT FOR DIGIT 1", in.readLine(), "-1 may be a hang-up: probe");
      send(s, "200 result=0\n");
      assertEquals("GET DATA hotline/survey-recorded-satisfaction 6000 1", in.readLine());
      send(s, "200 result=1\n");
      assertEquals("GET DATA hotline/survey-resolved 6000 1", in.readLine());
      send(s, "200 result=9\n");
      assertEquals("GET DATA hotline/survey-resolved 6000 1", in.readLine(), "asked again");
      send(s, "200 result=2\n");
      assertEquals("STREAM FILE hotline/survey-thanks \"\"", in.readLine());
      send(s, "200 result=0 endpos=8000\n");
      assertEquals(null, in.readLine(), "the session ends");
    }
    // satisfied but not resolved: reopened and re-dispatched
    org.hotline.cases.api.Case k = cases.findCase(id).toCompletableFuture().join().orElseThrow();
    assertEquals(CaseStatus.SUBMITTED, k.status());
    assertEquals(2, k.dispatchVersion());
    assertEquals(ReturnVisitTask.State.DONE, visit(id).state());
  }

  @Test
  void aResidentWhoHangsUpBeforeAnsweringIsAnIncompleteAttemptTriedAgain() throws Exception {
    String id = heldVisit("13900000502");
    try (Socket s = connect()) {
      send(s, environment(id));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("STREAM FILE hotline/survey-intro \"\"", in.readLine());
      send(s, "200 result=0 endpos=800\n");
      assertEquals("GET DATA hotline/survey-satisfaction 6000 1", in.readLine());
      send(s, "200 result=-1\n");
      assertEquals("WAIT FOR DIGIT 1", in.readLine());
      send(s, "HANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n");
      assertEquals(null, in.readLine());
    }
    org.hotline.gateway.testing.Await.until(
        "the attempt is recorded", Duration.ofSeconds(5), () -> visit(id).attempts() == 1);
    ReturnVisitTask v = visit(id);
    assertEquals(ReturnVisitTask.State.SCHEDULED, v.state());
    assertEquals(Optional.of("incomplete"), v.lastOutcome());
    assertEquals(
        CaseStatus.RESOLVED,
        cases.findCase(id).toCompletableFuture().join().orElseThrow().status());
  }
}
