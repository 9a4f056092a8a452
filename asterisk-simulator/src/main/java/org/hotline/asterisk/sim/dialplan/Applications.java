package org.hotline.asterisk.sim.dialplan;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The applications the simulator runs, by name (case-insensitive, as Asterisk looks them up). An
 * unknown application runs as NoOp after one warning.
 */
final class Applications {
  /** Applications a hang-up handler may run: they return at once and raise no channel events. */
  static final Set<String> SYNCHRONOUS =
      Set.of("noop", "verbose", "log", "set", "goto", "gotoif", "execif");

  private final Map<String, Application> apps = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  Applications() {
    Application noop = (pbx, run, data) -> Outcome.NEXT;
    apps.put("NoOp", noop);
    apps.put("Verbose", noop);
    apps.put("Log", noop);
    apps.put("Ringing", noop);
    apps.put("Progress", noop);
    apps.put("Answer", BasicApps::answer);
    apps.put("Set", BasicApps::set);
    apps.put("Goto", BasicApps::gotoApp);
    apps.put("GotoIf", BasicApps::gotoIf);
    apps.put("ExecIf", BasicApps::execIf);
    apps.put("Hangup", BasicApps::hangup);
    apps.put("Busy", BasicApps::busy);
    apps.put("Congestion", BasicApps::congestion);
    apps.put("Return", BasicApps::returnWithoutGosub);
    apps.put("MixMonitor", BasicApps::mixMonitor);
    apps.put("StopMixMonitor", BasicApps::stopMixMonitor);
    apps.put("Wait", HoldApps::waitApp);
    apps.put("MusicOnHold", HoldApps::musicOnHold);
    apps.put("Playback", HoldApps::playback);
    apps.put("SendDTMF", HoldApps::sendDtmf);
    apps.put("AGI", AgiApp::run);
    apps.put("ConfBridge", (pbx, run, data) -> pbx.conferences().run(run, data));
    apps.put("ChanSpy", (pbx, run, data) -> pbx.spies().run(run, data));
    apps.put(
        "Dial",
        (pbx, run, data) -> {
          new Dial(pbx, run, data).start();
          return Outcome.BLOCKED;
        });
  }

  Outcome run(Pbx pbx, Run run, String app, String data) {
    Application a = apps.get(app);
    if (a == null) {
      pbx.warnOnce("app:" + app, "application " + app + " is not simulated; it runs as NoOp");
      return Outcome.NEXT;
    }
    return a.run(pbx, run, data);
  }
}
