package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.ami.AmiConfig;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.AmiServer;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.ami.EventFilters;
import org.hotline.asterisk.sim.ami.ManagerConf;
import org.junit.jupiter.api.Test;

/**
 * The AMI server pushes well over 10,000 events/s through the shipped manager.conf's filters to a
 * session: the recorded call's 100 events, published 1,000 times over.
 */
class AmiThroughputTest {
  @Test
  void filteredPublishingKeepsUpWithTensOfThousandsOfEventsPerSecond() throws Exception {
    List<AmiMessage> call = EventMixTest.recordedEvents("shipped-dialplan-answered.ami");
    EventFilters shipped =
        new EventFilters(
            ManagerConf.parse(ManagerConf.shippedText())
                .account("hotline")
                .orElseThrow()
                .filters());
    long passing = call.stream().filter(e -> shipped.accepts(e, e::toWire)).count();
    int rounds = 1_000;
    Vertx vertx = Vertx.vertx();
    try {
      Context ctx = vertx.getOrCreateContext();
      AmiServer[] server = new AmiServer[1];
      Promise<Integer> listening = Promise.promise();
      ctx.runOnContext(
          v -> {
            server[0] =
                new AmiServer(
                    vertx,
                    new AmiConfig(
                        "127.0.0.1",
                        0,
                        "hotline",
                        SECRET,
                        Duration.ofSeconds(5),
                        64 * 1024 * 1024,
                        Duration.ofSeconds(1),
                        "22.10.1",
                        "",
                        ManagerConf.parse(ManagerConf.shippedText()).account("hotline").get()));
            server[0].listen().onComplete(listening);
          });
      int port = await(listening.future());
      try (RawAmiClient client = new RawAmiClient(port)) {
        client.login(SECRET);
        client.drain(Duration.ofMillis(100));
        long t0 = System.nanoTime();
        ctx.runOnContext(
            v -> {
              for (int i = 0; i < rounds; i++) {
                for (AmiMessage e : call) {
                  server[0].publish(privilege(e), e);
                }
              }
            });
        long expected = passing * rounds;
        long got = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (got < expected && System.nanoTime() < end) {
          if (client.frames.poll(100, TimeUnit.MILLISECONDS) != null) {
            got++;
            got += client.frames.drainTo(new java.util.ArrayList<>());
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = call.size() * rounds / seconds;
        System.out.printf(
            "published %d events (%d delivered through the shipped filters) in %.2f s: %.0f/s%n",
            call.size() * rounds, got, seconds, rate);
        assertEquals(expected, got);
        assertTrue(rate > 10_000, "events/s " + rate);
      } finally {
        Promise<Void> closed = Promise.promise();
        ctx.runOnContext(v -> server[0].close().onComplete(closed));
        await(closed.future());
      }
    } finally {
      await(vertx.close());
    }
  }

  static EventClass privilege(AmiMessage e) {
    String p = e.value("Privilege");
    return EventClass.valueOf(p.substring(0, p.indexOf(',')).toUpperCase(java.util.Locale.ROOT));
  }
}
