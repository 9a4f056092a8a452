package org.hotline.asterisk.sim.ami;

import java.time.Duration;
import java.util.Objects;

/**
 * What the AMI server needs to know: where to listen, the one account it accepts (as in
 * manager.conf), and how long a stalled client may keep events waiting before it is dropped.
 *
 * @param host address to bind, normally 127.0.0.1
 * @param port TCP port, 0 for an ephemeral one
 * @param username the manager.conf section name
 * @param secret its secret; supplied by the caller, never a built-in default
 * @param writeTimeout how long a client's write queue may stay full before the session is dropped
 * @param maxPendingBytes a hard cap on unsent bytes per session; beyond it the session is dropped
 * @param authFailureDelay Asterisk waits this long before answering a failed login (1 s)
 * @param asteriskVersion what CoreSettings, Command and agi_version report
 * @param systemName Asterisk's systemname, also the prefix of every Uniqueid when not empty
 * @param account the manager.conf account named {@code username}: read classes, event filters
 */
public record AmiConfig(
    String host,
    int port,
    String username,
    String secret,
    Duration writeTimeout,
    int maxPendingBytes,
    Duration authFailureDelay,
    String asteriskVersion,
    String systemName,
    ManagerAccount account) {

  public AmiConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    Objects.requireNonNull(authFailureDelay, "authFailureDelay");
    Objects.requireNonNull(asteriskVersion, "asteriskVersion");
    Objects.requireNonNull(systemName, "systemName");
    Objects.requireNonNull(account, "account");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (username.isBlank() || secret.isEmpty()) {
      throw new IllegalArgumentException("AMI username and secret are required");
    }
    if (!account.name().equals(username)) {
      throw new IllegalArgumentException("the account is " + account.name() + ", not " + username);
    }
    if (maxPendingBytes < 4096) {
      throw new IllegalArgumentException("maxPendingBytes must be at least 4096");
    }
  }
}
