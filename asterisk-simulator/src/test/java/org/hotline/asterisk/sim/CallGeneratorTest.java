package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.asterisk.sim.call.CallStats;
import org.hotline.asterisk.sim.distribution.Distribution;
import org.hotline.asterisk.sim.generator.TrafficProfile;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.junit.jupiter.api.Test;

/**
 * An hour-like load in seconds: Poisson arrivals at a high time scale, a test gateway that sends
 * each caller to a seat after 20 simulated seconds, exponential patience with mean 30 s. The
 * arrival count and the abandon share must match the model within statistical tolerance.
 */
class CallGeneratorTest {
  @Test
  void rateAndAbandonShareFollowTheProfile() throws Exception {
    double scale = 40;
    double waitBeforeSeat = 20;
    double meanPatience = 30;
    Vertx vertx = Vertx.vertx();
    try (TestAgiServer agi = new TestAgiServer(vertx)) {
      AsteriskSimulator sim =
          await(
              AsteriskSimulator.start(
                  vertx,
                  SimulatorOptions.defaults(SECRET, agi.address())
                      // the 1 ms real-time gap between applications is 40 ms simulated here: on a
                      // loaded machine the ~10 gaps before the AGI added seconds to every wait
                      .withAppGap(Duration.ZERO)
                      .withTimeScale(scale)
                      .withSeed(42)
                      .withSeatDefault(SeatBehaviour.answering(0, 30))
                      .withTraffic(
                          TrafficProfile.defaults()
                              .withPatience(Distribution.exponential(meanPatience))
                              .withIvr("", 1))));
      List<String> numbers = new CopyOnWriteArrayList<>();
      sim.onEvent(
          e -> {
            if (e.eventType().equals("Newchannel")
                && e.value("Channel").startsWith("PJSIP/trunk")) {
              numbers.add(e.value("CallerIDNum"));
            }
          });
      try (RawAmiClient gateway = new RawAmiClient(sim.amiPort())) {
        gateway.send(
            "Action: Login",
            "ActionID: l",
            "Username: hotline",
            "Secret: " + SECRET,
            "Events: off");
        gateway.await(m -> m.value("ActionID").equals("l"), Duration.ofSeconds(5));
        agi.on(
            "incoming",
            (s, t) -> {
              String channel = s.envValue("agi_channel");
              // queued, as the gateway does (without a call id the shipped dialplan retries)
              s.send("SET VARIABLE HOTLINE_CALL_ID \"" + channel + "\"");
              s.onReply(() -> s.socket.close());
              vertx.setTimer(
                  (long) (waitBeforeSeat * 1000 / scale),
                  id -> {
                    try {
                      gateway.send(
                          "Action: Setvar",
                          "Channel: " + channel,
                          "Variable: SEAT_DEVICE",
                          "Value: PJSIP/seat001");
                      gateway.send(
                          "Action: Redirect",
                          "Channel: " + channel,
                          "Context: hotline-connect",
                          "Exten: s",
                          "Priority: 1");
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  });
            });
        double simSeconds = 400;
        double rate = 2.0;
        long t0 = sim.clock().simNowMillis();
        sim.generator().start(rate);
        Thread.sleep((long) (simSeconds * 1000 / scale));
        sim.generator().stop();
        simSeconds = (sim.clock().simNowMillis() - t0) / 1000.0;
        Thread.sleep(3000);
        CallStats stats = sim.stats();
        long n = sim.generator().generated();
        assertEquals(n, stats.placed());
        double expected = rate * simSeconds;
        assertTrue(
            // three standard deviations: a biased generator (it once ran 30 % fast) fails here
            Math.abs(n - expected) < 3 * Math.sqrt(expected) + 0.01 * expected,
            "arrivals " + n + " vs " + expected);
        long ended = stats.abandoned() + stats.completed();
        assertTrue(ended > n * 0.9, "most calls ended: " + stats);
        double abandonShare = (double) stats.abandoned() / ended;
        double model = 1 - Math.exp(-waitBeforeSeat / meanPatience);
        assertTrue(
            Math.abs(abandonShare - model) < 0.1,
            "abandon share " + abandonShare + " vs model " + model + " " + stats);
        assertTrue(
            numbers.stream().allMatch(x -> x.matches("1[3-9]\\d{9}|010-\\d{8}")), "number formats");
        assertTrue(numbers.stream().distinct().count() < numbers.size(), "some repeat callers");
      } finally {
        await(sim.close());
      }
    } finally {
      await(vertx.close());
    }
  }
}
