package org.hotline.asterisk.sim.dialplan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fixed programs the simulator runs, per profile. GATEWAY is the dialplan in the brief (the
 * gateway's extensions.conf); RECORDED is dialplan-used.conf of the lab, with its NoOps and
 * priorities, so event streams can be compared with the recordings. Both share the far-end contexts
 * the lab used for handsets (callgen, callgen-abandon) and surveys.
 */
final class Contexts {
  /** Contexts that exist for Dial to Local seats; others give CHANUNAVAIL. */
  static final Set<String> SEAT_CONTEXTS =
      Set.of("agents", "agents-noanswer", "agents-busy", "agents-congestion");

  private final Map<String, List<Step>> programs = new HashMap<>();

  Contexts(DialplanConfig config) {
    String agi = config.gatewayAgi();
    boolean recorded = config.profile() == DialplanProfile.RECORDED;
    // config/asterisk/extensions.conf passes ${HOTLINE_SERVER} (and, to dialresult, the device
    // that Dial rang) as arguments; an unset HOTLINE_SERVER is an empty argument
    String server = "," + config.hotlineServer();
    if (recorded) {
      programs.put(
          "hotline-in",
          List.of(
              Step.of(
                  "NoOp",
                  c -> "Hotline call from " + Substitution.callerAll(c) + " on " + c.name()),
              Step.of("Answer", ""),
              Step.of("Set", "SEAT_TIMEOUT=15"),
              Step.of("Set", "CHANNEL(hangup_handler_push)=hotline-hangup,s,1"),
              Step.of("AGI", "agi://" + agi + "/incoming"),
              Step.of(
                  "NoOp",
                  c ->
                      "AGISTATUS="
                          + c.variable("AGISTATUS")
                          + " HOTLINE_CALL_ID="
                          + c.variable("HOTLINE_CALL_ID")),
              Step.jump("Goto", c -> "hotline-hold,s,1", "hotline-hold", 1)));
      programs.put(
          "hotline-connect",
          List.of(
              Step.of(
                  "NoOp",
                  c ->
                      "Connect "
                          + c.name()
                          + " call "
                          + c.variable("HOTLINE_CALL_ID")
                          + " to "
                          + c.variable("SEAT_DEVICE")),
              Step.of("Dial", c -> c.variable("SEAT_DEVICE") + "," + c.variable("SEAT_TIMEOUT")),
              Step.of("AGI", c -> "agi://" + agi + "/dialresult," + c.variable("DIALSTATUS")),
              Step.jump(
                  "GotoIf",
                  c -> flag(c.variable("HOTLINE_NEXT").equals("hold")) + "?hotline-hold,s,1",
                  "hotline-hold",
                  1),
              Step.of("Hangup", "")));
      programs.put(
          "hotline-hangup",
          List.of(
              Step.of(
                  "NoOp",
                  c ->
                      "Hangup handler "
                          + c.name()
                          + " call "
                          + c.variable("HOTLINE_CALL_ID")
                          + " cause "
                          + c.variable("HANGUPCAUSE")),
              Step.of("Return", "")));
      programs.put(
          "survey",
          List.of(
              Step.of("NoOp", c -> "Survey on " + c.name()),
              Step.of("AGI", "agi://" + agi + "/survey"),
              Step.of(
                  "NoOp",
                  c ->
                      "AGISTATUS="
                          + c.variable("AGISTATUS")
                          + " SURVEY_Q1="
                          + c.variable("SURVEY_Q1")
                          + " SURVEY_Q2="
                          + c.variable("SURVEY_Q2")),
              Step.of("Hangup", "")));
      programs.put(
          "fagi-hangup",
          List.of(
              Step.of("NoOp", c -> "FastAGI hangup test on " + c.name()),
              Step.of("Answer", ""),
              Step.of("AGI", "agi://" + agi + "/hangup-test"),
              Step.of("NoOp", c -> "AGISTATUS=" + c.variable("AGISTATUS")),
              Step.of("Hangup", "")));
    } else {
      // interim: the shipped dialplan's shape (hand-over inside the AGI via HOTLINE_NEXT)
      programs.put(
          "hotline-in",
          List.of(
              Step.of("Answer", ""),
              Step.of("Set", "SEAT_TIMEOUT=15"),
              Step.of("Set", "CHANNEL(hangup_handler_push)=hotline-hangup,s,1"),
              Step.of("Set", "HOTLINE_NEXT="),
              Step.of("AGI", "agi://" + agi + "/incoming" + server),
              Step.jump(
                  "GotoIf",
                  c -> flag(connectNext(c)) + "?hotline-connect,s,1",
                  "hotline-connect",
                  1),
              Step.jump("Goto", c -> "hotline-hold,s,1", "hotline-hold", 1)));
      programs.put(
          "hotline-connect",
          List.of(
              Step.of(
                  "ExecIf",
                  c -> {
                    String rec = c.variable("HOTLINE_RECORDING");
                    return flag(!rec.isEmpty()) + "?MixMonitor(" + rec + ".wav,b)";
                  }),
              Step.of("Set", c -> "HOTLINE_DIALED=" + c.variable("SEAT_DEVICE")),
              Step.of("Dial", c -> c.variable("SEAT_DEVICE") + "," + c.variable("SEAT_TIMEOUT")),
              Step.of("Set", "HOTLINE_NEXT="),
              Step.of(
                  "AGI",
                  c ->
                      "agi://"
                          + agi
                          + "/dialresult,"
                          + c.variable("DIALSTATUS")
                          + server
                          + ","
                          + c.variable("HOTLINE_DIALED")),
              Step.jump(
                  "GotoIf",
                  c -> flag(connectNext(c)) + "?hotline-connect,s,1",
                  "hotline-connect",
                  1),
              Step.jump(
                  "GotoIf",
                  c -> flag(c.variable("HOTLINE_NEXT").equals("hangup")) + "?hotline-connect,s,9",
                  "hotline-connect",
                  9),
              Step.jump("Goto", c -> "hotline-hold,s,1", "hotline-hold", 1),
              Step.of("Hangup", "")));
      programs.put(
          "hotline-hangup",
          List.of(
              Step.of(
                  "NoOp",
                  c -> "Hangup handler " + c.name() + " cause " + c.variable("HANGUPCAUSE")),
              Step.of("Return", "")));
      List<Step> survey =
          List.of(Step.of("AGI", "agi://" + agi + "/survey"), Step.of("Hangup", ""));
      programs.put("survey", survey);
      programs.put("hotline-survey", survey);
    }
    if (recorded) {
      programs.put("hotline-hold", hold(config, true));
    } else {
      // interim: callers nobody queued ask again from hotline-retry
      List<Step> hold = new java.util.ArrayList<>();
      hold.add(
          Step.jump(
              "GotoIf",
              c -> flag(c.variable("HOTLINE_CALL_ID").isEmpty()) + "?hotline-retry,s,1",
              "hotline-retry",
              1));
      for (Step s : hold(config, false)) {
        hold.add(
            s.targetContext() == null
                ? s
                : Step.jump(s.app(), s.data(), s.targetContext(), s.targetPriority() + 1));
      }
      programs.put("hotline-hold", hold);
      programs.put(
          "hotline-retry",
          List.of(
              Step.of("Wait", "2"),
              Step.of("Set", "HOTLINE_NEXT="),
              Step.of("AGI", "agi://" + agi + "/incoming" + server + ",,,retry"),
              Step.jump(
                  "GotoIf",
                  c -> flag(connectNext(c)) + "?hotline-connect,s,1",
                  "hotline-connect",
                  1),
              Step.jump("Goto", c -> "hotline-hold,s,1", "hotline-hold", 1)));
    }
    programs.put(
        "callgen",
        List.of(
            Step.of("NoOp", c -> "Citizen handset for " + Substitution.callerAll(c)),
            Step.of("Wait", "600"),
            Step.of("Hangup", "")));
    programs.put(
        "callgen-abandon",
        List.of(
            Step.of(
                "NoOp",
                c -> "Citizen handset " + Substitution.callerAll(c) + " hangs up after 3 s"),
            Step.of("Wait", "3"),
            Step.of("Hangup", "")));
    programs.put(
        "resident",
        List.of(
            Step.of(
                "NoOp", c -> "Resident " + Substitution.callerAll(c) + " answers the survey call"),
            Step.of("Answer", ""),
            Step.of("Wait", Integer.toString((int) Math.ceil(config.originateTalkSeconds()))),
            Step.of("Hangup", "")));
  }

  private static List<Step> hold(DialplanConfig config, boolean recorded) {
    int max = config.maxHoldSeconds();
    if (config.holdMode() == HoldMode.MUSIC_ON_HOLD) {
      return List.of(Step.of("MusicOnHold", "default," + max), Step.of("Hangup", ""));
    }
    Step count = Step.of("Set", c -> "HOLD_SECS=" + (parseInt(c.variable("HOLD_SECS")) + 1));
    Step loop =
        Step.jump(
            "GotoIf",
            c -> flag(parseInt(c.variable("HOLD_SECS")) < max) + "?loop",
            "hotline-hold",
            recorded ? 3 : 2);
    if (recorded) {
      return List.of(
          Step.of("NoOp", c -> "Holding " + c.name() + " call " + c.variable("HOTLINE_CALL_ID")),
          Step.of("Set", "HOLD_SECS=0"),
          Step.of("Wait", "1"),
          count,
          loop,
          Step.of("Hangup", ""));
    }
    return List.of(
        Step.of("Set", "HOLD_SECS=0"), Step.of("Wait", "1"), count, loop, Step.of("Hangup", ""));
  }

  private static boolean connectNext(org.hotline.asterisk.sim.exchange.Channel c) {
    return c.variable("HOTLINE_NEXT").equals("connect") && !c.variable("SEAT_DEVICE").isEmpty();
  }

  private static String flag(boolean b) {
    return b ? "1" : "0";
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  Optional<List<Step>> program(String context) {
    return Optional.ofNullable(programs.get(context));
  }

  boolean exists(String context) {
    return programs.containsKey(context) || SEAT_CONTEXTS.contains(context);
  }
}
