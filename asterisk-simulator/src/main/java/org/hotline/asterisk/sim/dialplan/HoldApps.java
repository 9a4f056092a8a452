package org.hotline.asterisk.sim.dialplan;

import java.util.List;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.Events;

/**
 * The applications that block for a (simulated) time: Wait, MusicOnHold, Playback, SendDTMF. A
 * Redirect or a hang-up while they run is safe: they end at once.
 */
final class HoldApps {
  /** How long a prompt plays (simulated seconds). */
  static final double PROMPT_SECONDS = 1.0;

  /** How long SendDTMF takes per digit (simulated seconds). */
  static final double DTMF_SECONDS = 0.25;

  private HoldApps() {}

  static Outcome waitApp(Pbx pbx, Run r, String data) {
    return block(pbx, r, seconds(data), null);
  }

  static Outcome playback(Pbx pbx, Run r, String data) {
    return block(pbx, r, PROMPT_SECONDS, null);
  }

  static Outcome sendDtmf(Pbx pbx, Run r, String data) {
    String digits = AppArgs.split(data).get(0).trim();
    return block(pbx, r, DTMF_SECONDS * Math.max(1, digits.length()), null);
  }

  /** MusicOnHold(class[,seconds]): MusicOnHoldStart, and MusicOnHoldStop when it ends. */
  static Outcome musicOnHold(Pbx pbx, Run r, String data) {
    List<String> args = AppArgs.split(data);
    String cls = args.get(0).trim().isEmpty() ? "default" : args.get(0).trim();
    double secs = args.size() > 1 ? seconds(args.get(1)) : 0;
    Channel c = r.channel;
    pbx.exchange()
        .emit(
            EventClass.CALL,
            Events.channelEvent("MusicOnHoldStart", EventClass.CALL, c).add("Class", cls).build());
    Runnable stop =
        () ->
            pbx.exchange()
                .emit(
                    EventClass.CALL,
                    Events.channelEvent("MusicOnHoldStop", EventClass.CALL, c).build());
    return block(pbx, r, secs > 0 ? secs : Double.POSITIVE_INFINITY, stop);
  }

  /** Blocks for the time (infinite: until interrupted); {@code onEnd} runs however it ends. */
  private static Outcome block(Pbx pbx, Run r, double seconds, Runnable onEnd) {
    if (seconds <= 0 && onEnd == null) {
      return Outcome.NEXT;
    }
    int gen = r.generation;
    long timer =
        Double.isInfinite(seconds)
            ? -1
            : pbx.clock()
                .scheduleSeconds(
                    seconds,
                    () -> {
                      if (r.generation != gen || r.finished || r.blocker == null) {
                        return;
                      }
                      if (onEnd != null) {
                        onEnd.run();
                      }
                      pbx.appReturned(r, gen);
                    });
    r.blocker =
        hangup -> {
          pbx.clock().cancel(timer);
          if (onEnd != null) {
            onEnd.run();
          }
          if (hangup) {
            pbx.unwind(r);
          }
          return true;
        };
    return Outcome.BLOCKED;
  }

  static double seconds(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
