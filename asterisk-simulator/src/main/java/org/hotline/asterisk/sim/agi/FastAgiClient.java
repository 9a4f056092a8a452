package org.hotline.asterisk.sim.agi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import java.util.function.Consumer;
import org.hotline.asterisk.sim.exchange.Channel;

/**
 * Opens FastAGI sessions for AGI() steps; one instance per simulator. All sessions share one
 * NetClient, held here: Vert.x closes the connections of a client that is no longer referenced once
 * it is garbage-collected, which cut sessions off under load when each had its own.
 */
public final class FastAgiClient {
  private final Vertx vertx;
  private final AgiHost host;
  private final AgiConfig config;
  private final NetClient client;
  private volatile long refuseUntilNanos = System.nanoTime();

  public FastAgiClient(Vertx vertx, AgiHost host, AgiConfig config) {
    this.vertx = vertx;
    this.host = host;
    this.config = config;
    this.client =
        vertx.createNetClient(
            new NetClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setTcpNoDelay(true));
  }

  /**
   * Runs one session; {@code done} gets the AGISTATUS when the server closes, the connect fails or
   * the session idles out. The returned handle lets the pbx report a hang-up.
   */
  public AgiSession open(Channel channel, AgiRequest request, Consumer<AgiStatus> done) {
    AgiSession s = new AgiSession(vertx, client, host, config, channel, request, done);
    if (refusing()) {
      s.refuse();
    } else {
      s.start();
    }
    return s;
  }

  /**
   * Outage hook: for this long (real time) every FastAGI connect fails at once, as if the gateway
   * were down; AGI() then sets AGISTATUS=FAILURE and the dialplan goes on.
   */
  public void refuseFor(Duration duration) {
    refuseUntilNanos = System.nanoTime() + Math.max(0, duration.toNanos());
  }

  public boolean refusing() {
    return System.nanoTime() - refuseUntilNanos < 0;
  }

  /** Closes the client and with it every open session's connection. */
  public Future<Void> close() {
    return client.close();
  }
}
