package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.AmiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The manager protocol as md5-login-and-basics recorded it, and the failure hooks. */
class AmiProtocolTest {
  Vertx vertx;
  AsteriskSimulator sim;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    sim = await(AsteriskSimulator.start(vertx, SimulatorOptions.defaults(SECRET, "127.0.0.1:1")));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(sim.close());
    await(vertx.close());
  }

  private static AmiMessage reply(RawAmiClient c, String id) throws InterruptedException {
    return c.await(m -> m.value("ActionID").equals(id) && !m.isEvent(), Duration.ofSeconds(5));
  }

  @Test
  void md5LoginPingEventsAndErrorsAsRecorded() throws Exception {
    try (RawAmiClient c = new RawAmiClient(sim.amiPort())) {
      assertEquals("Asterisk Call Manager/11.0.0\r\n", c.banner);
      c.send("Action: Challenge", "ActionID: challenge-1", "AuthType: MD5");
      AmiMessage ch = reply(c, "challenge-1");
      assertEquals(List.of("Response", "ActionID", "Challenge"), ch.names());
      String key = AmiServer.md5Hex(ch.value("Challenge") + SECRET);
      c.send(
          "Action: Login",
          "ActionID: login-md5-1",
          "AuthType: MD5",
          "Username: hotline",
          "Key: " + key);
      assertEquals("Authentication accepted", reply(c, "login-md5-1").value("Message"));
      c.awaitEvent("FullyBooted", null, null);
      assertEquals("0", c.awaitEvent("SuccessfulAuth", null, null).value("UsingPassword"));
      c.send("Action: Ping", "ActionID: ping-1");
      AmiMessage ping = reply(c, "ping-1");
      assertEquals(List.of("Response", "ActionID", "Ping", "Timestamp"), ping.names());
      assertTrue(ping.value("Timestamp").matches("\\d+\\.\\d{6}"));
      c.send("Action: Events", "ActionID: off", "EventMask: off");
      assertEquals("Off", reply(c, "off").value("Events"));
      c.send("Action: UserEvent", "ActionID: ue-off", "UserEvent: ProbeWhileOff");
      reply(c, "ue-off");
      c.send("Action: Events", "ActionID: on", "EventMask: on");
      assertEquals("On", reply(c, "on").value("Events"));
      c.send("Action: UserEvent", "ActionID: ue-on", "UserEvent: ProbeWhileOn", "Note: mask is on");
      AmiMessage ue = c.awaitEvent("UserEvent", null, null);
      assertEquals("ProbeWhileOn", ue.value("UserEvent"));
      assertEquals(List.of("Event", "Privilege", "UserEvent", "ActionID", "Note"), ue.names());
      c.send("Action: Frobnicate", "ActionID: frob-1");
      assertEquals(
          "Invalid/unknown command: Frobnicate. Use Action: ListCommands to show available commands.",
          reply(c, "frob-1").value("Message"));
      c.send("ActionID: no-action-1", "Foo: bar");
      assertEquals("Missing action in request", reply(c, "no-action-1").value("Message"));
      c.send("Action: Originate", "ActionID: o1", "Context: callgen", "Exten: s", "Priority: 1");
      assertEquals("Channel not specified", reply(c, "o1").value("Message"));
      c.send("Action: Originate", "ActionID: o2", "Channel: Local/s@callgen");
      assertEquals(
          "Originate with 'Exten' requires 'Context' and 'Priority'",
          reply(c, "o2").value("Message"));
      c.send(
          "Action: Originate",
          "ActionID: o3",
          "Channel: Local/s@callgen",
          "Context: no-such-context",
          "Exten: s",
          "Priority: 1");
      assertEquals("Extension does not exist.", reply(c, "o3").value("Message"));
      c.send("Action: CoreSettings", "ActionID: cs");
      assertEquals("22.10.1", reply(c, "cs").value("AsteriskVersion"));
      c.send("Action: Logoff", "ActionID: logoff-1");
      assertEquals("Thanks for all the fish.", reply(c, "logoff-1").value("Message"));
      List<AmiMessage> all = c.drain(Duration.ofMillis(200));
      assertFalse(all.stream().anyMatch(m -> m.value("UserEvent").equals("ProbeWhileOff")));
      assertTrue(c.rawText().contains("\r\n\r\n"), "CRLF framing");
    }
  }

  @Test
  void permissionDeniedBeforeLoginAndWrongSecretAfterOneSecond() throws Exception {
    try (RawAmiClient c = new RawAmiClient(sim.amiPort())) {
      c.send("Action: Ping", "ActionID: ping-before-login");
      assertEquals("Permission denied", reply(c, "ping-before-login").value("Message"));
      long t0 = System.nanoTime();
      c.send("Action: Login", "ActionID: login-bad-1", "Username: hotline", "Secret: wrong-secret");
      AmiMessage r = reply(c, "login-bad-1");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals("Error", r.value("Response"));
      assertEquals("Authentication failed", r.value("Message"));
      assertTrue(ms >= 900, "refused after about a second, took " + ms);
      long end = System.currentTimeMillis() + 3000;
      while (!c.eof && System.currentTimeMillis() < end) {
        Thread.sleep(20);
      }
      assertTrue(c.eof, "connection closed after a failed login");
    }
  }

  @Test
  void lfOnlyInputAndEventMaskByClass() throws Exception {
    try (RawAmiClient c = new RawAmiClient(sim.amiPort())) {
      c.sendRaw(
          "Action: Login\nActionID: l\nUsername: hotline\nSecret: "
              + SECRET
              + "\nEvents: user\n\n");
      assertEquals("Authentication accepted", reply(c, "l").value("Message"));
      c.send("Action: UserEvent", "ActionID: u", "UserEvent: OnlyUser");
      c.awaitEvent("UserEvent", "UserEvent", "OnlyUser");
      List<AmiMessage> rest = c.drain(Duration.ofMillis(200));
      assertFalse(
          rest.stream().anyMatch(m -> m.eventType().equals("SuccessfulAuth")),
          "security events are masked out");
    }
  }

  @Test
  void garbageAndTruncatedInputDoNotHurtOtherClients() throws Exception {
    try (RawAmiClient bad = new RawAmiClient(sim.amiPort());
        RawAmiClient good = new RawAmiClient(sim.amiPort())) {
      good.login(SECRET);
      bad.sendRaw("\u0000\u00ff\u00fe garbage without colon\r\n" + "x".repeat(20000) + "\r\n\r\n");
      bad.sendRaw("Action: Ping\r\nActionID: trunc");
      bad.socket.shutdownOutput();
      await(sim.sendRawToAmiClients("Event: FrobnicatedThing\r\nGarbage\r\n\r\n"));
      good.send("Action: Ping", "ActionID: still-alive");
      assertEquals("Pong", reply(good, "still-alive").value("Ping"));
      try (RawAmiClient third = new RawAmiClient(sim.amiPort())) {
        third.login(SECRET);
      }
    }
  }

  @Test
  void dropAndRefuseConnections() throws Exception {
    RawAmiClient c = new RawAmiClient(sim.amiPort());
    c.login(SECRET);
    await(sim.dropAmiConnections());
    long end = System.currentTimeMillis() + 3000;
    while (!c.eof && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    assertTrue(c.eof);
    c.close();
    int port = sim.amiPort();
    await(sim.refuseAmiConnections(Duration.ofMillis(1000)));
    boolean refused = false;
    long until = System.currentTimeMillis() + 400;
    while (!refused && System.currentTimeMillis() < until) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        refused = !s.isConnected();
        Thread.sleep(20);
      } catch (ConnectException e) {
        refused = true;
      }
    }
    assertTrue(refused, "connections refused while down");
    Thread.sleep(1200);
    try (RawAmiClient again = new RawAmiClient(port)) {
      again.login(SECRET);
    }
  }

  @Test
  void everyActionAClientSendsIsHeardInOrderKnownOrNot() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    await(sim.onAction(a -> heard.add(a.value("Action") + " " + a.value("ActionID"))));
    try (RawAmiClient c = new RawAmiClient(sim.amiPort())) {
      c.send("Action: Ping", "ActionID: before-login");
      reply(c, "before-login");
      c.login(SECRET);
      c.send("Action: Redirect", "ActionID: r1", "Channel: PJSIP/none-00000001");
      reply(c, "r1");
      c.send("Action: Frobnicate", "ActionID: f1");
      reply(c, "f1");
    }
    assertEquals(4, heard.size(), heard.toString());
    assertEquals("Ping before-login", heard.get(0));
    assertTrue(heard.get(1).startsWith("Login "), heard.toString());
    assertEquals(List.of("Redirect r1", "Frobnicate f1"), heard.subList(2, 4));
  }
}
