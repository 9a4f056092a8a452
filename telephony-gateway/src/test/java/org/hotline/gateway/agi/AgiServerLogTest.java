package org.hotline.gateway.agi;

import static org.hotline.gateway.agi.AgiServerTest.environment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.gateway.logging.CapturedLog;
import org.hotline.gateway.logging.RateLimitedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the FastAGI server logs about peers that misbehave: one line per problem per session, no raw
 * control bytes, and repeated problems from one peer limited and counted.
 */
class AgiServerLogTest {

  private static final int PER_PEER = 3;

  private final AtomicLong clock = new AtomicLong();
  private Vertx vertx;
  private AgiServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    AgiScript menu =
        (request, session) ->
            session.getData("hotline/welcome", Duration.ofSeconds(3), 1).mapEmpty();
    server =
        new AgiServer(
                vertx,
                new AgiServerOptions(
                    "127.0.0.1", 0, Duration.ofSeconds(3), Duration.ofSeconds(60), 1024),
                Map.of("menu", menu),
                AgiSession.Tap.NONE,
                new RateLimitedLog(
                    LoggerFactory.getLogger(AgiServer.class),
                    PER_PEER,
                    Duration.ofMinutes(1),
                    clock::get))
            .listen()
            .await(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  /** Sends everything in one write, then waits until the server closes the connection. */
  private void sendAndAwaitClose(String text) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.actualPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertEquals(-1, s.getInputStream().read(), "the server closes the session");
    }
  }

  private static String endlessEnvironment() {
    StringBuilder env = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      env.append("agi_junk_").append(i).append(": \u0000\u001b[2J junk ").append(i).append('\n');
    }
    return env.append("x".repeat(5000)).append('\n').toString(); // and a line too long after it
  }

  @Test
  void anEndlessEnvironmentIsLoggedOnceAndNothingMoreFromThatSocket() throws Exception {
    try (CapturedLog log = CapturedLog.start()) {
      sendAndAwaitClose(endlessEnvironment());
      Thread.sleep(200); // anything the server would still log about it
      List<String> lines = log.lines("AgiServer");
      assertEquals(1, lines.size(), "one line for the session: " + lines);
      assertTrue(lines.get(0).contains("sent an endless environment; closing"), lines.get(0));
      assertEquals(List.of(), log.rawControls());
    }
  }

  @Test
  void peerTextInTheLogHasItsControlBytesEscapedAndItsLengthBounded() throws Exception {
    try (CapturedLog log = CapturedLog.start()) {
      String hostile = "evil\u0000\u001b[2J\u0007\u202e" + "z".repeat(500);
      sendAndAwaitClose(environment(hostile, "13912345678"));
      try (Socket s = new Socket("127.0.0.1", server.actualPort())) {
        s.setSoTimeout(5000);
        s.getOutputStream().write(environment("menu", "1").getBytes(StandardCharsets.UTF_8));
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("GET DATA hotline/welcome 3000 1", in.readLine());
        s.getOutputStream().write("\u0000garbage\u001b[31m\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(null, in.readLine());
      }
      Thread.sleep(200);
      List<String> lines = log.lines("AgiServer");
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(
          lines.get(0).contains("asked for an unknown script: 'evil\\x00\\x1b[2J\\x07\\u202e"),
          lines.get(0));
      assertTrue(lines.get(0).contains("zzz…(+"), "cut: " + lines.get(0));
      assertTrue(lines.get(0).length() < 300, lines.get(0));
      assertTrue(
          lines
              .get(1)
              .contains(
                  "failed: java.lang.IllegalArgumentException: not an AGI reply:"
                      + " \\x00garbage\\x1b[31m"),
          lines.get(1));
      assertEquals(List.of(), log.rawControls());
    }
  }

  @Test
  void oneProblemRepeatedByOnePeerIsLimitedThenCounted() throws Exception {
    try (CapturedLog log = CapturedLog.start()) {
      for (int i = 0; i < PER_PEER + 5; i++) {
        sendAndAwaitClose(endlessEnvironment());
      }
      sendAndAwaitClose("agi_network: yes\nagi_channel: PJSIP/x\n" + "y".repeat(2000) + "\n");
      Thread.sleep(200);
      assertEquals(PER_PEER, log.lines("sent an endless environment").size());
      assertEquals(1, log.lines("sent a line too long").size(), "another kind: its own share");
      clock.addAndGet(Duration.ofMinutes(1).toNanos());
      sendAndAwaitClose(endlessEnvironment());
      Thread.sleep(200);
      assertEquals(
          List.of(
              "sent an endless environment from 127.0.0.1: suppressed 5 similar warnings in 60 s"),
          log.lines("suppressed").stream().map(l -> l.substring(l.indexOf(" - ") + 3)).toList());
      assertEquals(PER_PEER + 1, log.lines("sent an endless environment;").size());
    }
  }
}
