package org.hotline.asterisk.sim.agi;

import io.vertx.core.Vertx;
import java.util.function.Consumer;
import org.hotline.asterisk.sim.exchange.Channel;

/** Opens FastAGI sessions for AGI() steps; one instance per simulator. */
public final class FastAgiClient {
  private final Vertx vertx;
  private final AgiHost host;
  private final AgiConfig config;

  public FastAgiClient(Vertx vertx, AgiHost host, AgiConfig config) {
    this.vertx = vertx;
    this.host = host;
    this.config = config;
  }

  /**
   * Runs one session; {@code done} gets the AGISTATUS when the server closes, the connect fails or
   * the session idles out. The returned handle lets the pbx report a hang-up.
   */
  public AgiSession open(Channel channel, AgiRequest request, Consumer<AgiStatus> done) {
    AgiSession s = new AgiSession(vertx, host, config, channel, request, done);
    s.start();
    return s;
  }
}
