package org.hotline.gateway.ami;

import java.time.Duration;
import java.util.Objects;

/**
 * One Asterisk server's AMI account. The secret comes from the environment (its variable is named
 * in configuration), never from a file in git.
 *
 * @param name the server's name in call ids and keys (e.g. {@code ast1})
 * @param pingInterval how often a Ping checks the connection; the socket read time-out is three
 *     intervals, so a dead TCP connection is noticed within that
 */
public record AmiServerConfig(
    String name, String host, int port, String username, String secret, Duration pingInterval) {

  public AmiServerConfig {
    if (name == null || !name.matches("[a-z0-9_-]{1,20}")) {
      throw new IllegalArgumentException("server name must match [a-z0-9_-]{1,20}: " + name);
    }
    Objects.requireNonNull(host, "host");
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret (set it in the environment)");
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw new IllegalArgumentException("pingInterval must be positive");
    }
  }

  @Override
  public String toString() {
    return "AmiServerConfig[" + name + " " + username + "@" + host + ":" + port + "]"; // no secret
  }
}
