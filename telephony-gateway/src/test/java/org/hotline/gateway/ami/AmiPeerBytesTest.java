package org.hotline.gateway.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotline.gateway.channel.ChannelEvent;
import org.hotline.gateway.logging.CapturedLog;
import org.junit.jupiter.api.Test;

/**
 * A manager peer that sends NUL bytes, terminal escapes and garbage frames, against the gateway's
 * AMI client (Asterisk-Java 3.41.0's ManagerConnection underneath) over a real socket. Without the
 * escaping socket Asterisk-Java logged these lines with the raw bytes in them:
 *
 * <ul>
 *   <li>EventAttributesHelper WARN "Unable to set property 'x-weird^@header' to 'va^@lue^[[2J' on
 *       ...NewChannelEvent: no setter"
 *   <li>EventBuilderImpl INFO "No event class registered for event type 'bogus^@type^[[31m',
 *       attributes: {...}"
 *   <li>EventAttributesHelper ERROR "Unable to set property 'channelstate' to 'x^@y'" and a
 *       NumberFormatException whose message repeats it
 *   <li>ManagerConnectionImpl ERROR "Unable to retrieve internalActionId from response: actionId
 *       'nobody^@home^[[31m'"
 *   <li>ManagerConnectionImpl INFO "Connected via Asterisk Call Manager/9^@.9" and WARN
 *       "Unsupported protocol version 'Asterisk Call Manager/9^@.9'"
 * </ul>
 *
 * <p>Event frames no longer reach the library at all unless they answer an action: {@link
 * EventFrames} drops an event type the gateway never reads (the bogus one) unparsed, and hands the
 * ones it reads (Newchannel, Newstate, Hangup) to the gateway's own translator, which ignores an
 * unknown header and takes an unreadable value as neutral without logging either. What still goes
 * through the library (a response, the banner) is escaped.
 */
class AmiPeerBytesTest {

  private static final String GARBAGE =
      "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully\u0000Booted\u001b[31m\r\n\r\n"
          + "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/x-00000001\r\n"
          + "ChannelState: 0\r\nChannelStateDesc: Down\r\nCallerIDNum: 139\u0000\r\n"
          + "CallerIDName: Ev\u0007il\r\nUniqueid: 1.1\r\nLinkedid: 1.1\r\nContext: ctx\r\n"
          + "Exten: s\r\nPriority: 1\r\nX-Weird\u0000Header: va\u0000lue\u001b[2J\r\n\r\n"
          + "Event: Bogus\u0000Type\u001b[31m\r\nFoo: bar\u0000\nforged log line\r\n\r\n"
          + "Response: Success\r\nActionID: nobody\u0000home\u001b[31m\r\nMessage: stray\r\n\r\n"
          + "garbage\u0000line without colon\u001b[31m\r\n\r\n"
          + "Event: Newstate\r\nChannelState: x\u0000y\r\nUniqueid: 1.1\r\n"
          + "Channel: PJSIP/x-00000001\r\n\r\n"
          + "\u0000\u0000\u0000\r\n\r\n"
          + "Asterisk Call Manager/9\u0000.9\r\n"
          + "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/x-00000001\r\n"
          + "Uniqueid: 1.1\r\nLinkedid: 1.1\r\nCause: 16\r\nCause-txt: Normal Clearing\r\n\r\n";

  @Test
  void nulBytesAndGarbageFramesFromTheManagerPeerReachTheLogOnlyEscaped() throws Exception {
    Vertx vertx = Vertx.vertx();
    ConcurrentLinkedQueue<ChannelEvent> events = new ConcurrentLinkedQueue<>();
    CountDownLatch hangup = new CountDownLatch(1);
    try (CapturedLog log = CapturedLog.start();
        ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread peer = new Thread(() -> serve(listener), "fake-asterisk");
      peer.setDaemon(true);
      peer.start();
      AmiClient client =
          new AmiClient(
              vertx,
              new AmiServerConfig(
                  "ast1",
                  "127.0.0.1",
                  listener.getLocalPort(),
                  "hotline",
                  "s3cret",
                  Duration.ofSeconds(5)),
              context -> context.startsWith("hotline-"),
              e -> {
                events.add(e);
                if (e instanceof ChannelEvent.HungUp) {
                  hangup.countDown();
                }
              },
              c -> {});
      client.start().await(10, TimeUnit.SECONDS);
      assertTrue(hangup.await(10, TimeUnit.SECONDS), "events after the garbage still arrive");
      client.close().await(10, TimeUnit.SECONDS);

      assertEquals(List.of(), log.rawControls(), "no raw control byte in any log line");
      assertEquals(
          0, log.lines("forged log line").stream().filter(l -> l.startsWith("forged")).count());
      assertEquals(
          List.of(),
          log.lines("x-weird"),
          "the events the gateway reads never reach the library, whose setters would log it");
      assertEquals(
          List.of(),
          log.lines("bogus"),
          "an event type the gateway never reads is dropped before the library parses it");
      assertOneLine(log, "actionId 'nobody\\x00home\\x1b[31m'");
      assertOneLine(log, "Unsupported protocol version 'Asterisk Call Manager/9\\x00.9'");
      assertTrue(
          events.stream()
              .anyMatch(
                  e ->
                      e instanceof ChannelEvent.Created c
                          && c.uniqueId().equals("1.1")
                          && c.callerName().equals("Ev\\x07il")),
          events.toString());
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }

  private static void assertOneLine(CapturedLog log, String part) {
    assertEquals(1, log.lines(part).size(), part + " in\n" + log.text());
  }

  /** Just enough of Asterisk's manager: the banner, MD5 login, then the garbage. */
  private static void serve(ServerSocket listener) {
    try (Socket s = listener.accept()) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      out.write("Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.UTF_8));
      String action = "";
      String actionId = "";
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isEmpty()) {
          String name = line.substring(0, Math.max(0, line.indexOf(':'))).toLowerCase(Locale.ROOT);
          String value = line.substring(line.indexOf(':') + 1).trim();
          if (name.equals("action")) {
            action = value.toLowerCase(Locale.ROOT);
          } else if (name.equals("actionid")) {
            actionId = value;
          }
          continue;
        }
        String reply =
            switch (action) {
              case "challenge" -> "Challenge: 178582622\r\n";
              case "login" -> "Message: Authentication accepted\r\n";
              case "coresettings" -> "AMIversion: 11.0.0\r\nAsteriskVersion: 22.10.1\r\n";
              case "logoff" -> "Message: Thanks for all the fish.\r\n";
              default -> "Ping: Pong\r\n";
            };
        String response = action.equals("logoff") ? "Goodbye" : "Success";
        out.write(
            ("Response: " + response + "\r\nActionID: " + actionId + "\r\n" + reply + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        if (action.equals("login")) {
          out.write(GARBAGE.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        if (action.equals("logoff")) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }
}
