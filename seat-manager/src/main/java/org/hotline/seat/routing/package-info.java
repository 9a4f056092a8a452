/**
 * Eligibility as buckets: a call waits in the buckets of its current escalation step, an available
 * agent sits in the pools of every bucket they qualify for, and a match is a bucket both share. The
 * scripts then only look at the head of a few sorted sets, whatever the number of seats.
 */
package org.hotline.seat.routing;
