package org.hotline.seat.routing;

/**
 * An agent's place in one bucket's pool.
 *
 * @param level the agent's lowest level among the queue's required skills: among agents idle since
 *     the same millisecond, the higher level is offered first
 */
public record PoolEntry(String bucket, int level) {
  public PoolEntry {
    if (level < 0 || level > 15) {
      throw new IllegalArgumentException("level must be 0..15: " + level);
    }
  }

  /** {@code bucket=level}, as the scripts read it. */
  public String encoded() {
    return bucket + "=" + level;
  }
}
