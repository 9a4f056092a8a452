/** The seat manager on Redis: one atomic Lua script per decision, keys under one hash tag. */
package org.hotline.seat.redis;
