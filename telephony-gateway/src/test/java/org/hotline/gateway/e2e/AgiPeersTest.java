package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FastAGI sessions only from the configured exchanges: a peer that is not one (here 127.0.0.2,
 * while the exchange is 127.0.0.1) is closed before it is heard, queues nothing and sends no AMI
 * action, whatever environment it sends.
 */
class AgiPeersTest {

  private Harness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aSessionFromAHostThatIsNotAnExchangeIsClosedUnheard() throws Exception {
    h = Harness.start(o -> o.withSeed(21), Duration.ofSeconds(5));
    long actionsBefore = h.sim.stats().originates();
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      s.connect(new InetSocketAddress("127.0.0.1", h.gateway.agiPort()), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("agi_network: yes\nagi_network_script: incoming\nagi_request: agi://gw/incoming\n"
                  + "agi_channel: PJSIP/trunk-00000001\nagi_uniqueid: 1796600000.1\n"
                  + "agi_callerid: 13900000000\nagi_dnid: 10000\nagi_context: hotline-in\n\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      // closed without a single command sent back
      assertEquals(-1, in.read());
    }
    h.await(
        "the refusal is counted",
        Duration.ofSeconds(5),
        () ->
            h.gateway.metrics().find("hotline.agi.refused").functionCounter() != null
                && h.gateway.metrics().find("hotline.agi.refused").functionCounter().count() == 1);
    assertTrue(
        h.gateway.seats().activeCalls().toCompletableFuture().join().isEmpty(), "nothing queued");
    assertEquals(
        null,
        h.gateway.seats().call("ast1:1796600000.1").toCompletableFuture().join().orElse(null));
    assertEquals(actionsBefore, h.sim.stats().originates(), "no AMI action");
  }
}
