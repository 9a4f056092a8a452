package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.ChannelInfo;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.seat.api.CallState;
import org.junit.jupiter.api.Test;

/**
 * An exchange whose AMI runs 1.5 s behind its channels (FastAGI does not), with 100 ms between
 * applications so a Redirect that lands between two of them is easy to hit. A caller holds; a seat
 * is offered and rung by Redirect; the seat is busy, the /dialresult session sends the caller back
 * to hold; 150 ms later another agent comes free. AMI still shows the caller in the hold it was
 * first taken from (or, later, in the Dial that has failed): a move trusting that would land while
 * the caller walks back to hold, between applications, and hang them up. The caller must instead be
 * rung at the second seat once AMI shows them holding again, and answered there.
 */
class LaggingEventsTest {

  private static final Duration LAG = Duration.ofMillis(1500);

  @Test
  void aCallerIsNeverMovedOnWhatAmiShowedBeforeItsLastMove() throws Exception {
    Harness h =
        Harness.start(
            o -> o.withAmiEventLag(LAG).withAppGap(Duration.ofMillis(100)), Duration.ofSeconds(15));
    try {
      h.sim.seat("seat001").behave(SeatBehaviour.busy());
      h.sim.seat("seat002").behave(SeatBehaviour.answering(0.2, 600));
      CompletableFuture<Void> busy = new CompletableFuture<>();
      h.vertx
          .eventBus()
          .<JsonObject>consumer(
              EventFeed.ADDRESS,
              m -> {
                if ("noanswer".equals(m.body().getString("kind"))) {
                  busy.complete(null);
                }
              });

      String channel =
          h.sim
              .placeCall(new CallSpec("13912345678", "", "10000", 600, Keypad.silent()))
              .await(5, TimeUnit.SECONDS);
      h.await(
          "the caller holds, as AMI shows some time later",
          Duration.ofSeconds(20),
          () -> callerOf(h, channel).map(c -> c.application().equals("MusicOnHold")).orElse(false));
      Thread.sleep(LAG.toMillis() + 500);
      String callId = "ast1:" + callerOf(h, channel).orElseThrow().uniqueid();

      h.agent("a", "001", "zh"); // rung by Redirect from hold: busy
      busy.get(20, TimeUnit.SECONDS);
      Thread.sleep(150); // the session has sent the caller back; they walk to hold
      h.agent("b", "002", "zh");

      h.await(
          "b answers the caller, or the caller is gone",
          Duration.ofSeconds(30),
          () -> answeredBy(h, callId, "b") || callerOf(h, channel).isEmpty());
      assertEquals(0, h.sim.stats().redirectDrops(), "Redirects that landed between applications");
      assertEquals(0, h.sim.stats().midwayStarts(), "contexts started midway");
      assertEquals(0.0, count(h, "hotline.calls.dropped"));
      assertTrue(answeredBy(h, callId, "b"), "b answered the caller");
      FunctionCounter ahead =
          h.gateway.metrics().find("hotline.agi.sessions.ahead").functionCounter();
      assertTrue(
          ahead != null && ahead.count() >= 1,
          "the /dialresult session opened before AMI showed the caller there (the race was run)");
    } finally {
      h.close();
    }
  }

  private static boolean answeredBy(Harness h, String callId, String agent) {
    return h.call(callId)
        .map(v -> v.state() == CallState.CONNECTED && v.agentId().equals(Optional.of(agent)))
        .orElse(false);
  }

  private static Optional<ChannelInfo> callerOf(Harness h, String channel) {
    return h.channels().stream().filter(c -> c.name().equals(channel)).findFirst();
  }

  private static double count(Harness h, String name) {
    return h.gateway.metrics().find(name).counters().stream().mapToDouble(Counter::count).sum();
  }
}
