/**
 * The dialplan: an extensions.conf parser ({@link org.hotline.asterisk.sim.dialplan.Dialplan}),
 * Asterisk expressions and substitution, and an interpreter ({@link
 * org.hotline.asterisk.sim.dialplan.Pbx}) that runs a file's priorities with the applications the
 * hotline uses, including the lock-free gap between applications in which an AMI Redirect races
 * Asterisk's dialplan loop. Seats (PJSIP endpoints, Local channels in the lab's agents contexts)
 * are emulated by {@code Dial} from their behaviour; calls come from {@code Originator}; the AMI
 * actions that act on channels are in {@link org.hotline.asterisk.sim.dialplan.ManagerActions}.
 */
package org.hotline.asterisk.sim.dialplan;
