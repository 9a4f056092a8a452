package org.hotline.asterisk.sim.ami;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Asterisk's event (authority) classes. Each event carries one in {@code Privilege: x,all}; a
 * session only receives the classes in its mask.
 */
public enum EventClass {
  SYSTEM,
  CALL,
  LOG,
  VERBOSE,
  COMMAND,
  AGENT,
  USER,
  CONFIG,
  DTMF,
  REPORTING,
  CDR,
  DIALPLAN,
  ORIGINATE,
  AGI,
  CC,
  AOC,
  TEST,
  SECURITY,
  MESSAGE;

  /** The Privilege header value Asterisk writes for events of this class. */
  public String privilege() {
    return name().toLowerCase(Locale.ROOT) + ",all";
  }

  /**
   * Parses an {@code Events:}/{@code EventMask:} value: on/yes/all, off/no/none, or a comma list of
   * class names. Unknown names are ignored, as Asterisk does.
   */
  public static Set<EventClass> parseMask(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("on") || v.equals("yes") || v.equals("all") || v.equals("true")) {
      return EnumSet.allOf(EventClass.class);
    }
    EnumSet<EventClass> out = EnumSet.noneOf(EventClass.class);
    if (v.isEmpty() || v.equals("off") || v.equals("no") || v.equals("none")) {
      return out;
    }
    for (String part : v.split(",")) {
      String p = part.trim();
      if (p.equals("all")) {
        return EnumSet.allOf(EventClass.class);
      }
      for (EventClass c : values()) {
        if (c.name().equalsIgnoreCase(p)) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
