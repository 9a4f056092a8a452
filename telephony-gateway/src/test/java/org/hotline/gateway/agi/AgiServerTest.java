package org.hotline.gateway.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.gateway.logging.RateLimitedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The server against a scripted Asterisk: environment blocks and reply lines as in the recorded
 * FastAGI transcripts, written byte by byte to a real socket.
 */
class AgiServerTest {

  private Vertx vertx;
  private AgiServer server;
  private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

  /** What the sessions' taps saw: the thread, then what happened. */
  private final ConcurrentLinkedQueue<String> tapped = new ConcurrentLinkedQueue<>();

  /** Threads the script's continuations (callbacks on the session's futures) ran on. */
  private final ConcurrentLinkedQueue<String> continuations = new ConcurrentLinkedQueue<>();

  /** What the session recorder heard: script and outcome. */
  private final ConcurrentLinkedQueue<String> recorded = new ConcurrentLinkedQueue<>();

  private final AtomicReference<String> scriptThread = new AtomicReference<>();
  private ExecutorService foreign;

  /** The environment of the recorded /incoming session (external-acd-answered.fastagi.txt). */
  static String environment(String script, String callerId, String... args) {
    StringBuilder env = new StringBuilder();
    env.append("agi_network: yes\n")
        .append("agi_network_script: ")
        .append(script)
        .append('\n')
        .append("agi_request: agi://127.0.0.1:4573/")
        .append(script)
        .append('\n')
        .append("agi_channel: Local/s@hotline-in-00000000;2\n")
        .append("agi_language: en\n")
        .append("agi_type: Local\n")
        .append("agi_uniqueid: 1795764987.1\n")
        .append("agi_version: 22.10.1\n")
        .append("agi_callerid: ")
        .append(callerId)
        .append('\n')
        .append("agi_calleridname: Citizen\n")
        .append("agi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\nagi_callingtns: 0\n")
        .append("agi_dnid: unknown\nagi_rdnis: unknown\nagi_context: hotline-in\n")
        .append("agi_extension: s\nagi_priority: 5\nagi_enhanced: 0.0\nagi_accountcode: \n")
        .append("agi_threadid: 139792133101248\n");
    for (int i = 0; i < args.length; i++) {
      env.append("agi_arg_").append(i + 1).append(": ").append(args[i]).append('\n');
    }
    return env.append('\n').toString();
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    AtomicInteger foreignThreads = new AtomicInteger();
    foreign =
        Executors.newFixedThreadPool(
            4, r -> new Thread(r, "foreign-" + foreignThreads.incrementAndGet()));
    AgiScript incoming =
        (request, session) -> {
          seen.add(
              request.script()
                  + " "
                  + request.callerNumber()
                  + " "
                  + request.callerName()
                  + " "
                  + request.uniqueId()
                  + " "
                  + request.arguments());
          return session.setVariable("HOTLINE_CALL_ID", "ast1:" + request.uniqueId()).mapEmpty();
        };
    AgiScript menu =
        (request, session) ->
            session
                .getData("hotline/welcome", Duration.ofSeconds(3), 1)
                .compose(digits -> session.command("WAIT FOR DIGIT 1000"))
                .onFailure(e -> seen.add("failed: " + e.getClass().getSimpleName()))
                .mapEmpty();
    AgiScript usage =
        (request, session) ->
            session
                .command("SET VARIABLE HOTLINE_X")
                .compose(
                    bad -> {
                      seen.add(bad.code() + " " + bad.usage());
                      return session.command("GET VARIABLE HOTLINE_Y");
                    })
                .compose(
                    next -> {
                      seen.add(next.code() + " " + next.data().orElse("?"));
                      return session.setVariable("HOTLINE_Z", "1");
                    })
                .onFailure(e -> seen.add("failed: " + e.getMessage()))
                .mapEmpty();
    AgiSession.Tap tap =
        new AgiSession.Tap() {
          @Override
          public void wrote(String command) {
            tapped.add(Thread.currentThread().getName() + " wrote " + command);
          }

          @Override
          public void answered(String command, AgiReply reply) {
            tapped.add(Thread.currentThread().getName() + " " + command + " -> " + reply.line());
          }

          @Override
          public void closed() {
            tapped.add(Thread.currentThread().getName() + " closed");
          }
        };
    server =
        new AgiServer(
                vertx,
                new AgiServerOptions(
                    "127.0.0.1", 0, Duration.ofSeconds(3), Duration.ofSeconds(60), 1024),
                Map.of(
                    "incoming",
                    incoming,
                    "menu",
                    menu,
                    "usage",
                    usage,
                    "foreign",
                    this::continuesOnForeignThreads),
                tap,
                new RateLimitedLog(
                    LoggerFactory.getLogger(AgiServer.class), 10, Duration.ofMinutes(1)))
            .recordSessions((script, outcome, nanos) -> recorded.add(script + " " + outcome.tag()))
            .listen()
            .await(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    foreign.shutdownNow();
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  /**
   * A script like one that waits for Redis: after its first step it continues on another thread (as
   * a Lettuce reply does), then issues twenty commands at once from four threads, then one more
   * after they are all answered.
   */
  private Future<Void> continuesOnForeignThreads(AgiRequest request, AgiSession session) {
    scriptThread.set(Thread.currentThread().getName());
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    return Future.fromCompletionStage(
        CompletableFuture.runAsync(() -> {}, foreign)
            .thenCompose(
                v -> {
                  for (int i = 0; i < 20; i++) {
                    String name = "V" + i;
                    answers.add(
                        CompletableFuture.supplyAsync(
                                () ->
                                    session
                                        .command("GET VARIABLE " + name)
                                        .onComplete(
                                            r ->
                                                continuations.add(
                                                    Thread.currentThread().getName())),
                                foreign)
                            .thenCompose(Future::toCompletionStage)
                            .thenAccept(r -> seen.add(name + "=" + r.data().orElse("(no data)"))));
                  }
                  return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
                })
            .thenComposeAsync(
                v -> session.setVariable("HOTLINE_DONE", "1").toCompletionStage(), foreign)
            .thenApply(r -> (Void) null));
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.actualPort());
    s.setSoTimeout(5000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Test
  void aRecordedIncomingSessionSetsTheCallIdAndEnds() throws Exception {
    try (Socket s = connect()) {
      send(s, environment("incoming", "13912345678"));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("SET VARIABLE HOTLINE_CALL_ID \"ast1:1795764987.1\"", in.readLine());
      send(s, "200 result=1\n");
      assertEquals(null, in.readLine(), "the gateway closes the session when the script is done");
    }
    assertEquals(List.of("incoming 13912345678 Citizen 1795764987.1 []"), List.copyOf(seen));
  }

  @Test
  void aCallerWhoHangsUpMidCommandEndsTheScriptWithoutFurtherCommands() throws Exception {
    try (Socket s = connect()) {
      send(s, environment("menu", "13912345678"));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("GET DATA hotline/welcome 3000 1", in.readLine());
      // as recorded: "200 result=-1", then a separate HANGUP line, then 511 on the next command
      send(s, "200 result=-1\n");
      assertEquals("WAIT FOR DIGIT 1", in.readLine(), "-1 may be a missing prompt: probe");
      send(s, "HANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n");
      assertEquals(null, in.readLine());
    }
    awaitSeen(1);
    assertEquals(List.of("failed: AgiHangupException"), List.copyOf(seen));
  }

  @Test
  void aMissingPromptFileIsNotTakenForAHangUp() throws Exception {
    try (Socket s = connect()) {
      send(s, environment("menu", "13912345678"));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("GET DATA hotline/welcome 3000 1", in.readLine());
      send(s, "200 result=-1\n"); // GET DATA with a prompt that does not exist, instantly
      assertEquals("WAIT FOR DIGIT 1", in.readLine());
      send(s, "200 result=0\n");
      assertEquals("WAIT FOR DIGIT 1000", in.readLine(), "the caller is there: the script goes on");
      send(s, "200 result=0\n");
      assertEquals(null, in.readLine());
    }
    assertEquals(List.of(), List.copyOf(seen));
  }

  @Test
  void aUsageBlockIsOneReplyAndLaterRepliesStayInStep() throws Exception {
    try (Socket s = connect()) {
      send(s, environment("usage", "13912345678"));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("SET VARIABLE HOTLINE_X", in.readLine());
      // the exact bytes of res_agi's RESULT_SHOWUSAGE answer: three writes, LF line ends
      send(
          s,
          "520-Invalid command syntax.  Proper usage follows:\n"
              + " Usage: SET VARIABLE <variablename> <value>\n"
              + "520 End of proper usage.\n");
      assertEquals("GET VARIABLE HOTLINE_Y", in.readLine());
      send(s, "200 result=1 (yes)\n");
      assertEquals("SET VARIABLE HOTLINE_Z \"1\"", in.readLine());
      send(s, "200 result=1\n");
      assertEquals(null, in.readLine());
    }
    awaitSeen(2);
    assertEquals(
        List.of("520 Usage: SET VARIABLE <variablename> <value>", "200 yes"), List.copyOf(seen));
  }

  @Test
  void aLongUsageBlockWithBlankLinesIsStillOneReplyAndItsTextIsInTheError() throws Exception {
    try (Socket s = connect()) {
      send(s, environment("usage", "13912345678"));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("SET VARIABLE HOTLINE_X", in.readLine());
      // usage text built from the XML docs: several lines, a blank one, some with "520-"
      send(
          s,
          "520-Invalid command syntax.  Proper usage follows:\n"
              + " Usage: SET VARIABLE <variablename> <value>\n"
              + "\n"
              + "520-   Sets a variable to the current channel.\n"
              + " 200 result=1 (this line is usage text, not a reply)\n"
              + "520 End of proper usage.\n");
      assertEquals("GET VARIABLE HOTLINE_Y", in.readLine());
      send(s, "200 result=1 (yes)\n");
      assertEquals("SET VARIABLE HOTLINE_Z \"1\"", in.readLine());
      send(
          s,
          "520-Invalid command syntax.  Proper usage follows:\n"
              + " Usage: SET VARIABLE <variablename> <value>\n"
              + "520 End of proper usage.\n");
      assertEquals(null, in.readLine());
    }
    awaitSeen(3);
    assertEquals(
        List.of(
            "520 Usage: SET VARIABLE <variablename> <value>\n"
                + "Sets a variable to the current channel.\n"
                + "200 result=1 (this line is usage text, not a reply)",
            "200 yes",
            "failed: AGI refused: 520 End of proper usage."
                + " (Usage: SET VARIABLE <variablename> <value>)"),
        List.copyOf(seen));
  }

  @Test
  void aScriptThatContinuesOnForeignThreadsTalksOnlyOnItsSessionsEventLoop() throws Exception {
    int commands = 0;
    try (Socket s = connect()) {
      send(s, environment("foreign", "13912345678"));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) { // Asterisk answers each command in turn
        commands++;
        if (line.startsWith("GET VARIABLE ")) {
          send(s, "200 result=1 (" + line.substring("GET VARIABLE ".length()) + ")\n");
        } else {
          send(s, "200 result=1\n");
        }
      }
    }
    assertEquals(21, commands);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add("V" + i + "=V" + i);
    }
    List<String> replies = new ArrayList<>(seen);
    Collections.sort(replies);
    Collections.sort(expected);
    assertEquals(expected, replies, "every reply matched its own command");

    String loop = scriptThread.get();
    assertTrue(loop.startsWith("vert.x-eventloop-thread-"), loop);
    awaitTapped(21 + 21 + 1);
    assertEquals(43, tapped.size(), "21 written, 21 answered, closed: " + tapped);
    for (String event : tapped) {
      assertTrue(event.startsWith(loop + " "), "on the session's event loop: " + event);
      if (event.contains(" -> ")) {
        String command = event.substring(loop.length() + 1, event.indexOf(" -> "));
        String reply = event.substring(event.indexOf(" -> ") + 4);
        assertEquals(
            command.startsWith("GET VARIABLE ")
                ? "200 result=1 (" + command.substring(13) + ")"
                : "200 result=1",
            reply,
            "the reply matched to " + command);
      }
    }
    assertEquals(List.of(loop), List.copyOf(new HashSet<>(continuations)));
    assertEquals(20, continuations.size());
  }

  @Test
  void hostileCallerIdsAreNeutralised() throws Exception {
    try (Socket s = connect()) {
      send(
          s,
          environment("incoming", "<script>alert(1)</script>")
              .replace("Citizen", "\u0007Evil\u0000\"Name\""));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      in.readLine();
      send(s, "200 result=1\n");
    }
    awaitSeen(1);
    assertEquals("incoming unknown EvilName 1795764987.1 []", seen.peek());
  }

  @Test
  void invisibleAndBidiCharactersAreRemovedFromCallerNames() throws Exception {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("\u202eredrO\u202c Citizen", "redrO Citizen"); // right-to-left override, pop
    names.put("\u2067张\u2069\u2066女士\u2069", "张女士"); // isolates
    names.put("\u200e李\u200f四\u061c", "李四"); // LRM, RLM, Arabic letter mark
    names.put("Ze\u200bro\u200dWidth\ufeff", "ZeroWidth");
    names.put("N\u0000U\u0001L\u007f", "NUL");
    names.put("x".repeat(900), "x".repeat(64));
    for (Map.Entry<String, String> name : names.entrySet()) {
      seen.clear();
      try (Socket s = connect()) {
        send(
            s,
            environment("incoming", "13912345678")
                .replace("agi_calleridname: Citizen", "agi_calleridname: " + name.getKey()));
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        in.readLine();
        send(s, "200 result=1\n");
        assertEquals(null, in.readLine());
      }
      awaitSeen(1);
      assertEquals(
          "incoming 13912345678 " + name.getValue() + " 1795764987.1 []",
          seen.peek(),
          "from " + name.getKey().codePoints().mapToObj(Integer::toHexString).toList());
    }
  }

  @Test
  void garbageAHalfEnvironmentAndAnUnknownScriptEndOnlyTheirOwnSession() throws Exception {
    try (Socket garbage = connect()) {
      send(garbage, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(-1, garbage.getInputStream().read(), "unknown script '': closed");
    }
    try (Socket half = connect()) {
      send(half, "agi_network: yes\nagi_channel: PJSIP/x");
      assertEquals(-1, half.getInputStream().read(), "closed after the environment timeout");
    }
    try (Socket tooLong = connect()) {
      send(tooLong, "agi_x: " + "y".repeat(5000) + "\n");
      assertEquals(-1, tooLong.getInputStream().read());
    }
    aRecordedIncomingSessionSetsTheCallIdAndEnds();
  }

  @Test
  void eachSessionIsRecordedUnderItsScriptAndHowItEndedAndAnUnknownPathIsNeverATag()
      throws Exception {
    aRecordedIncomingSessionSetsTheCallIdAndEnds();
    seen.clear();
    aCallerWhoHangsUpMidCommandEndsTheScriptWithoutFurtherCommands();
    try (Socket s = connect()) {
      send(s, environment("13912345678", "13912345678"));
      assertEquals(-1, s.getInputStream().read(), "an unknown script: closed");
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (recorded.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(
        List.of("incoming completed", "menu hangup", AgiServer.UNKNOWN_SCRIPT + " given-up"),
        List.copyOf(recorded));
  }

  @Test
  void twoThousandConcurrentSessionsAreHeldOpenAtOnce() throws Exception {
    int sessions = 2000;
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < sessions; i++) {
        Socket s = connect();
        sockets.add(s);
        send(s, environment("menu", "139" + String.format("%08d", i)));
      }
      for (int i = 0; i < sessions; i++) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(sockets.get(i).getInputStream(), StandardCharsets.UTF_8));
        assertEquals("GET DATA hotline/welcome 3000 1", in.readLine(), "session " + i);
      }
      assertEquals(sessions, server.activeSessions());
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  private void awaitTapped(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (tapped.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private void awaitSeen(int n) throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(1);
    long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
    while (seen.size() < n && System.nanoTime() < deadline) {
      latch.await(10, TimeUnit.MILLISECONDS);
    }
  }
}
