/** How every module talks to Redis: one set of client settings, Lua scripts run by SHA. */
package org.hotline.redis.support;
