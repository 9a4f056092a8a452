package org.hotline.asterisk.sim.ami;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The write classes each action needs, as Asterisk 22's manager registers them: an account may run
 * an action when its {@code write =} holds any of them (or the action needs none). A manager.conf
 * that grants too little is refused here as a real Asterisk refuses it, "Permission denied".
 */
final class ActionAuthority {

  private static final Set<EventClass> NONE = EnumSet.noneOf(EventClass.class);

  private static final Map<String, Set<EventClass>> NEEDS =
      Map.ofEntries(
          Map.entry("setvar", EnumSet.of(EventClass.CALL)),
          Map.entry("getvar", EnumSet.of(EventClass.CALL, EventClass.REPORTING)),
          Map.entry("redirect", EnumSet.of(EventClass.CALL)),
          Map.entry("hangup", EnumSet.of(EventClass.SYSTEM, EventClass.CALL)),
          Map.entry("originate", EnumSet.of(EventClass.ORIGINATE)),
          Map.entry("status", EnumSet.of(EventClass.SYSTEM, EventClass.CALL, EventClass.REPORTING)),
          Map.entry("coreshowchannels", EnumSet.of(EventClass.SYSTEM, EventClass.REPORTING)),
          Map.entry("corestatus", EnumSet.of(EventClass.SYSTEM, EventClass.REPORTING)),
          Map.entry("coresettings", EnumSet.of(EventClass.SYSTEM, EventClass.REPORTING)),
          Map.entry("mixmonitor", EnumSet.of(EventClass.SYSTEM, EventClass.CALL)),
          Map.entry("stopmixmonitor", EnumSet.of(EventClass.SYSTEM, EventClass.CALL)),
          // app_confbridge registers its actions with EVENT_FLAG_CALL (ConfbridgeList: reporting)
          Map.entry("confbridgekick", EnumSet.of(EventClass.CALL)),
          Map.entry("confbridgelist", EnumSet.of(EventClass.REPORTING)),
          Map.entry("command", EnumSet.of(EventClass.COMMAND)),
          Map.entry("filter", EnumSet.of(EventClass.SYSTEM)));

  private ActionAuthority() {}

  static boolean allows(Set<EventClass> write, String action) {
    Set<EventClass> needs = NEEDS.getOrDefault(action.toLowerCase(Locale.ROOT), NONE);
    return needs.isEmpty() || needs.stream().anyMatch(write::contains);
  }
}
