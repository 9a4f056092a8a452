/**
 * Seats (agent phones): which device strings exist, and how each seat behaves when Dial rings it
 * (answers after a delay, never answers, busy, unreachable; talk, hold, who hangs up).
 */
package org.hotline.asterisk.sim.seat;
