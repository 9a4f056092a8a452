/**
 * Cases in Redis: one atomic Lua script per decision over the keys of one hash tag, the caller
 * history read in one round trip, and the key layout.
 */
package org.hotline.cases.store;
