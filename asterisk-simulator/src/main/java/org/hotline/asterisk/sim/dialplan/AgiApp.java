package org.hotline.asterisk.sim.dialplan;

import java.util.Optional;
import org.hotline.asterisk.sim.agi.AgiRequest;
import org.hotline.asterisk.sim.agi.AgiSession;
import org.hotline.asterisk.sim.agi.AgiStatus;
import org.hotline.asterisk.sim.exchange.Channel;

/**
 * AGI(agi://host:port/script,args...): a FastAGI session; AGISTATUS when it ends. A Redirect while
 * the session is open is safe: the session sees the channel as hung up (HANGUP, 511 for channel
 * commands) and, once the server closes, AGISTATUS=HANGUP and the channel continues at the
 * Redirect's target, as res_agi and the dialplan loop do.
 */
final class AgiApp {
  private AgiApp() {}

  static Outcome run(Pbx pbx, Run r, String data) {
    Channel c = r.channel;
    Optional<AgiRequest> req = AgiRequest.parse(data);
    if (req.isEmpty() || pbx.agiClient() == null) {
      pbx.warnOnce("agi:" + data, "AGI(" + data + "): not a FastAGI URL; AGISTATUS=FAILURE");
      pbx.exchange().setVar(c, "AGISTATUS", AgiStatus.FAILURE.name());
      pbx.counters().agiSession(true);
      return Outcome.NEXT;
    }
    int gen = r.generation;
    AgiSession[] session = new AgiSession[1];
    session[0] =
        pbx.agiClient()
            .open(
                c,
                req.get(),
                status -> {
                  pbx.counters().agiSession(status == AgiStatus.FAILURE);
                  if (r.generation != gen || c.isGone() || r.finished) {
                    return;
                  }
                  pbx.exchange().setVar(c, "AGISTATUS", status.name());
                  if (r.hangupPending) {
                    pbx.unwind(r);
                  } else {
                    pbx.appReturned(r, gen);
                  }
                });
    r.blocker =
        hangup -> {
          session[0].channelHungUp();
          return false;
        };
    return Outcome.BLOCKED;
  }
}
