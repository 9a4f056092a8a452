/**
 * FastAGI as Asterisk's client side: connects to the gateway's AGI server, sends the agi_
 * environment, answers commands the way Asterisk 22 does (including the hang-up-mid-command and
 * dead-channel quirks), and raises AGIExecStart/AGIExecEnd on AMI.
 */
package org.hotline.asterisk.sim.agi;
