package org.hotline.redis.support;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The Lettuce settings every part of Hotline uses. */
public final class RedisClients {

  private RedisClients() {}

  /** A client with {@link #options()} on its own {@link #resources()}; shut both down after. */
  public static RedisClient create(String uri) {
    RedisClient client = RedisClient.create(resources(), RedisURI.create(uri));
    client.setOptions(options());
    return client;
  }

  /** Shuts the client down, then the resources it was created with. */
  public static void shutdown(RedisClient client) {
    ClientResources resources = client.getResources();
    client.shutdown();
    resources.shutdown();
  }

  /**
   * Fail fast: while the connection is down, calls are refused at once (never queued to run later,
   * when the caller has long been told "unavailable"); every command has a time limit; the
   * connection is re-established in the background.
   */
  public static ClientOptions options() {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
        .build();
  }

  /** Reconnect quickly after Redis comes back: 10 ms doubling up to 1 s (the default is 30 s). */
  public static ClientResources resources() {
    return DefaultClientResources.builder()
        .reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
  }
}
