package org.hotline.asterisk.sim.agi;

import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.Exchange;

/** What a FastAGI session needs from the rest of the simulator. */
public interface AgiHost {
  Exchange exchange();

  /** The caller's key presses for this channel. */
  Keypad keypad(Channel channel);

  /** The AGI HANGUP command: hang up the channel (the session then sees it dead). */
  void hangupFromAgi(Channel channel);

  /** Expands ${...} expressions as the dialplan would. */
  String substitute(Channel channel, String expression);
}
