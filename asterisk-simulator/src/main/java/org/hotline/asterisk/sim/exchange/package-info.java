/**
 * The exchange model: channels, bridges, variables and hang-up causes, and the AMI events they
 * raise with field names and order as recorded from Asterisk 22. Single-threaded: every method runs
 * on the simulator's Vert.x context.
 */
package org.hotline.asterisk.sim.exchange;
