/**
 * A Redis for tests and the demo: {@code REDIS_URL} when set, else a real redis-server we start.
 */
package org.hotline.redis.local;
