package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.hotline.asterisk.sim.replay.ReplayServer;
import org.hotline.asterisk.sim.replay.Transcript;
import org.junit.jupiter.api.Test;

/** Transcript replay after login, and a stalled AMI client being dropped. */
class ReplayAndBackPressureTest {
  @Test
  void replaySendsEveryRecordedEventAfterLogin() throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/recordings/external-acd-answered.ami")) {
      bytes = in.readAllBytes();
    }
    Transcript t = Transcript.parse(bytes);
    Vertx vertx = Vertx.vertx();
    try {
      ReplayServer replay = new ReplayServer(vertx, t, 0, 3);
      int port = await(replay.listen("127.0.0.1", 0));
      try (RawAmiClient c = new RawAmiClient(port)) {
        assertEquals("Asterisk Call Manager/11.0.0\r\n", c.banner);
        c.login("anything");
        c.drain(Duration.ofMillis(500));
        String raw = c.rawText();
        int events = raw.split("\r\nEvent: |^Event: ").length;
        long expected = 3L * t.events().size();
        long got = raw.lines().filter(l -> l.startsWith("Event: ")).count();
        assertEquals(expected, got, "events " + events);
        assertTrue(
            raw.contains("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: orig-1"));
      }
      await(replay.close());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aClientThatStopsReadingIsDroppedOthersKeepGoing() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AsteriskSimulator sim =
          await(
              AsteriskSimulator.start(
                  vertx,
                  SimulatorOptions.defaults(SECRET, "127.0.0.1:1")
                      .withWriteTimeout(Duration.ofMillis(200))));
      try (Socket stalled = new Socket();
          RawAmiClient healthy = new RawAmiClient(sim.amiPort())) {
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", sim.amiPort()));
        stalled
            .getOutputStream()
            .write(
                ("Action: Login\r\nUsername: hotline\r\nSecret: " + SECRET + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        healthy.login(SECRET);
        Thread.sleep(200);
        assertEquals(2, sim.amiSessions());
        String chunk =
            "Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: Flood\r\nData: "
                + "x".repeat(60_000)
                + "\r\n\r\n";
        long end = System.currentTimeMillis() + 10_000;
        while (sim.amiSessions() > 1 && System.currentTimeMillis() < end) {
          await(sim.sendRawToAmiClients(chunk));
          healthy.drain(Duration.ofMillis(5));
        }
        assertEquals(1, sim.amiSessions(), "the stalled session was dropped");
        healthy.send("Action: Ping", "ActionID: p");
        assertEquals(
            "Pong",
            healthy
                .await(m -> m.value("ActionID").equals("p"), Duration.ofSeconds(5))
                .value("Ping"));
      } finally {
        await(sim.close());
      }
    } finally {
      await(vertx.close());
    }
  }
}
