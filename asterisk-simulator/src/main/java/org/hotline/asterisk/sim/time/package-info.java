/**
 * Simulated time: every duration the simulator waits (patience, ringing, talk, hold, Dial timeouts)
 * goes through one clock with a time-scale factor, so a test can run an hour in seconds.
 */
package org.hotline.asterisk.sim.time;
