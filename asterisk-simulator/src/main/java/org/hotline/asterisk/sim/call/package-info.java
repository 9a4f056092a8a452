/** What a simulated call is (caller, patience, key presses) and the counters of what happened. */
package org.hotline.asterisk.sim.call;
