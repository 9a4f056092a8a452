package org.hotline.asterisk.sim.dialplan;

import org.hotline.asterisk.sim.exchange.Channel;

/** Whatever runs a channel (a dialplan run, a Dial, a ringing Originate) hears of its hang-up. */
interface ChannelDriver {
  /**
   * The channel must hang up. {@code soft} is true for a SoftHangupRequest (AMI Hangup, the Hangup
   * app, Dial ending), false for a HangupRequest from outside (remote BYE, Local peer). The request
   * event was already raised.
   */
  void hangupRequested(Channel channel, int cause, boolean soft);
}
