/**
 * A stand-in for Asterisk 22 for the gateway's tests, benchmarks and demo: {@link
 * org.hotline.asterisk.sim.AsteriskSimulator} starts an AMI server, the hotline dialplan, a FastAGI
 * client towards the gateway and a call generator. It knows nothing of the hotline's domain.
 */
package org.hotline.asterisk.sim;
