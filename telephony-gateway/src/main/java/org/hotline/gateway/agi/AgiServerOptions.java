package org.hotline.gateway.agi;

import java.time.Duration;

/**
 * Where the FastAGI server listens and how patient it is.
 *
 * @param environmentTimeout a connection that does not finish its environment block in time is
 *     closed (a port scanner, a stuck peer)
 * @param commandTimeout a command without a reply in this time ends the session
 * @param maxLineLength longer lines are garbage: the session is closed
 */
public record AgiServerOptions(
    String host,
    int port,
    Duration environmentTimeout,
    Duration commandTimeout,
    int maxLineLength) {

  public static final int DEFAULT_PORT = 4573;

  public AgiServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    if (environmentTimeout.isNegative() || commandTimeout.isNegative() || maxLineLength < 64) {
      throw new IllegalArgumentException("timeouts must be positive and lines at least 64 bytes");
    }
  }

  public static AgiServerOptions defaults() {
    return new AgiServerOptions(
        "0.0.0.0", DEFAULT_PORT, Duration.ofSeconds(5), Duration.ofSeconds(30), 8192);
  }

  public AgiServerOptions withPort(int newPort) {
    return new AgiServerOptions(host, newPort, environmentTimeout, commandTimeout, maxLineLength);
  }

  public AgiServerOptions withHost(String newHost) {
    return new AgiServerOptions(newHost, port, environmentTimeout, commandTimeout, maxLineLength);
  }
}
