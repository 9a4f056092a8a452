/**
 * Native emulation of the hotline dialplan (hotline-in, hotline-hold, hotline-connect,
 * hotline-hangup) and of the few far-end contexts the lab used, plus Dial, Originate and the AMI
 * actions that act on channels. It runs fixed programs; it is not a general dialplan interpreter.
 */
package org.hotline.asterisk.sim.dialplan;
