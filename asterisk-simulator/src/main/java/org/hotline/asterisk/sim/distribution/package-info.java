/** Random durations (talk time, patience, answer delay) as simple, seedable distributions. */
package org.hotline.asterisk.sim.distribution;
