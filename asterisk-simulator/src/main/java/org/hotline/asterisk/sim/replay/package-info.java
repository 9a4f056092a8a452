/**
 * Replays a recorded {@code .ami} transcript to a client after it logs in: for event-handling tests
 * that need the exact recorded bytes, and for an event-throughput benchmark.
 */
package org.hotline.asterisk.sim.replay;
