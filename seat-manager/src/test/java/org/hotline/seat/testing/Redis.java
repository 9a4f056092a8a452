package org.hotline.seat.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.redis.RedisSeatManager;

/** Connections to the test Redis (REDIS_URL, else a real redis-server started for this JVM). */
public final class Redis {

  private Redis() {}

  public static String uri() {
    return LocalRedis.shared().uri();
  }

  public static RedisSeatManager seatManager(SeatManagerConfig config, Clock clock) {
    return RedisSeatManager.connect(uri(), config, clock, DecisionRecorder.NONE);
  }

  /** A plain connection for a test to look at keys directly; close the client after. */
  public static StatefulRedisConnection<String, String> raw(RedisClient client) {
    return client.connect();
  }
}
