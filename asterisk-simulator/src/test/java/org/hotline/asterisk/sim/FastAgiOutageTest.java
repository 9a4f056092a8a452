package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.EventLog.event;
import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway that is down loses nobody with the shipped dialplan: callers whose /incoming AGI failed
 * wait in hotline-retry, which asks again every 2 s (with {@code retry} and the caller's arrival
 * time), and GATEWAY_AGI_2 is tried when the first gateway fails.
 */
class FastAgiOutageTest {
  Vertx vertx;
  TestAgiServer agi;
  final List<TestAgiServer.Session> served = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    agi = new TestAgiServer(vertx);
    // the stand-in gateway queues the call and hands a seat over inside the session
    agi.on(
        "incoming",
        (s, t) -> {
          served.add(s);
          s.send("SET VARIABLE HOTLINE_CALL_ID \"" + s.envValue("agi_uniqueid") + "\"");
          s.onReply(
              () -> {
                s.send("SET VARIABLE SEAT_DEVICE \"PJSIP/seat001\"");
                s.onReply(
                    () -> {
                      s.send("SET VARIABLE HOTLINE_NEXT \"connect\"");
                      s.onReply(() -> s.socket.close());
                    });
              });
        });
  }

  @AfterEach
  void tearDown() throws Exception {
    agi.close();
    await(vertx.close());
  }

  private static int deadPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void callsPlacedDuringAnOutageAreServedAfterItFromTheRetryLoop() throws Exception {
    AsteriskSimulator sim =
        await(
            AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(SECRET, agi.address())
                    .withHotlineServer("ast9")
                    .withTimeScale(5)
                    .withSeatDefault(SeatBehaviour.answering(0, 1))));
    try {
      EventLog log = EventLog.of(sim);
      await(sim.refuseFastAgi(Duration.ofMillis(1500)));
      long outageEnds = System.nanoTime() + Duration.ofMillis(1500).toNanos();
      List<String> callers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        callers.add(await(sim.placeCall(CallSpec.of("1390000000" + i))));
        Thread.sleep(100);
      }
      Map<String, String> entered = new ConcurrentHashMap<>();
      for (String c : callers) {
        AmiMessage set =
            log.await(
                m -> m.value("Channel").equals(c) && m.value("Variable").equals("HOTLINE_ENTERED"),
                Duration.ofSeconds(5));
        entered.put(c, set.value("Value"));
        // the first AGI failed, the caller went through hotline-hold to hotline-retry
        log.await(
            m ->
                m.value("Channel").equals(c)
                    && m.eventType().equals("VarSet")
                    && m.value("Variable").equals("AGISTATUS")
                    && m.value("Value").equals("FAILURE"),
            Duration.ofSeconds(5));
        log.await(
            m ->
                m.value("Channel").equals(c)
                    && m.eventType().equals("Newexten")
                    && m.value("Context").equals("hotline-retry")
                    && m.value("Application").equals("Wait"),
            Duration.ofSeconds(5));
      }
      for (String c : callers) {
        log.await(event("DialBegin", "Channel", c), Duration.ofSeconds(10));
        log.await(event("Hangup", "Channel", c), Duration.ofSeconds(10));
      }
      assertEquals(3, served.size(), "each caller served once, after the outage");
      for (TestAgiServer.Session s : served) {
        assertTrue(s.env.size() > 20);
        String channel = s.envValue("agi_channel");
        assertEquals("hotline-retry", s.envValue("agi_context"));
        assertEquals("ast9", s.envValue("agi_arg_1"), "HOTLINE_SERVER");
        assertEquals("12345", s.envValue("agi_arg_2"), "HOTLINE_DNID");
        assertEquals(entered.get(channel), s.envValue("agi_arg_3"), "HOTLINE_ENTERED travels");
        assertEquals("retry", s.envValue("agi_arg_4"));
      }
      assertTrue(System.nanoTime() - outageEnds > 0, "served after the outage");
      assertTrue(sim.stats().agiFailures() >= 3, sim.stats().toString());
      assertEquals(3, sim.stats().answered(), "handed over inside the retry session");
      assertEquals(0, sim.stats().redirectDrops());
    } finally {
      await(sim.close());
    }
  }

  @Test
  void theSecondGatewayIsTriedWhenTheFirstFails() throws Exception {
    String down = "127.0.0.1:" + deadPort();
    AsteriskSimulator sim =
        await(
            AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(SECRET, down)
                    .withGatewayAgi2(agi.address())
                    .withTimeScale(5)
                    .withSeatDefault(SeatBehaviour.answering(0, 1))));
    try {
      EventLog log = EventLog.of(sim);
      String caller = await(sim.placeCall(CallSpec.of("13911112222")));
      log.await(event("Hangup", "Channel", caller), Duration.ofSeconds(10));
      assertEquals(1, served.size());
      TestAgiServer.Session s = served.get(0);
      assertEquals("agi://" + agi.address() + "/incoming", s.envValue("agi_request"));
      assertEquals("hotline-in", s.envValue("agi_context"), "the ExecIf right after the first AGI");
      assertEquals(null, s.envValue("agi_arg_4"), "not a retry");
      List<AmiMessage> mine = log.of(caller);
      assertEquals(
          List.of("FAILURE", "SUCCESS"),
          mine.stream()
              .filter(m -> m.value("Variable").equals("AGISTATUS"))
              .map(m -> m.value("Value"))
              .toList());
      AmiMessage execIf =
          mine.stream()
              .filter(m -> m.value("Application").equals("ExecIf"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          execIf.value("AppData").startsWith("1?AGI(agi://" + agi.address() + "/incoming,"),
          execIf.value("AppData"));
      assertFalse(
          mine.stream().anyMatch(m -> m.value("Context").equals("hotline-retry")),
          "queued by the second gateway: no retry loop");
      assertEquals(1, sim.stats().answered());
    } finally {
      await(sim.close());
    }
  }
}
