package org.hotline.gateway.ami;

import java.util.List;

/**
 * One AMI frame as it was read: its lines split at the first {@code ": "} into header names and
 * values, in order. Lookups ignore the case of names, as Asterisk's own parser does.
 */
public final class AmiFrame {

  private final String[] names;
  private final String[] values;

  private AmiFrame(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** The frame of {@code lines} (the closing blank line, if there, is ignored). */
  public static AmiFrame of(List<String> lines) {
    int n = lines.size();
    if (n > 0 && lines.get(n - 1).isEmpty()) {
      n--;
    }
    String[] names = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      String line = lines.get(i);
      int colon = line.indexOf(':');
      if (colon < 0) {
        names[i] = line;
        values[i] = "";
      } else {
        names[i] = line.substring(0, colon);
        int v = colon + 1;
        while (v < line.length() && line.charAt(v) == ' ') {
          v++;
        }
        values[i] = line.substring(v);
      }
    }
    return new AmiFrame(names, values);
  }

  /** The first value of header {@code name}, or {@code ""} when the frame has none. */
  public String get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return values[i];
      }
    }
    return "";
  }

  public boolean has(String name) {
    for (String n : names) {
      if (n.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** The event's type ({@code Event:}), or {@code ""} for a response. */
  public String event() {
    return get("Event");
  }
}
