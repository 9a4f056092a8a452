package org.hotline.asterisk.sim.dialplan;

import java.util.function.Function;
import org.hotline.asterisk.sim.exchange.Channel;

/**
 * One priority of a context: the application, how its AppData reads for a channel (already
 * substituted, as Newexten shows it), and for Goto/GotoIf the jump target.
 */
record Step(String app, Function<Channel, String> data, String targetContext, int targetPriority) {

  static Step of(String app, String data) {
    return new Step(app, c -> data, null, 0);
  }

  static Step of(String app, Function<Channel, String> data) {
    return new Step(app, data, null, 0);
  }

  static Step jump(String app, Function<Channel, String> data, String context, int priority) {
    return new Step(app, data, context, priority);
  }
}
