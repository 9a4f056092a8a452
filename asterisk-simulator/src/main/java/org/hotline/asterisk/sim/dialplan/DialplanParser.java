package org.hotline.asterisk.sim.dialplan;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads extensions.conf: {@code [context]} sections, {@code exten => pattern,priority,App(args)},
 * {@code same => n,...}, labels {@code n(label)}, {@code include => context}, {@code [globals]},
 * {@code ;} comments (and {@code ;-- --;} blocks, {@code \;} for a literal semicolon). Sections
 * without extensions (queues.conf-style settings, {@code [general]}) are not contexts. Lines it
 * cannot read are logged and skipped, as Asterisk does.
 */
final class DialplanParser {
  private static final Logger LOG = LoggerFactory.getLogger(DialplanParser.class);

  private final String name;
  private final Map<String, DialplanContext> contexts = new LinkedHashMap<>();
  private final Map<String, String> globals = new LinkedHashMap<>();
  private String section = "";
  private DialplanContext current;
  private Extension lastExtension;
  private boolean inBlockComment;
  private int lineNo;

  private DialplanParser(String name) {
    this.name = name;
  }

  static Dialplan parse(String name, String text) {
    DialplanParser p = new DialplanParser(name);
    for (String raw : text.split("\r?\n", -1)) {
      p.lineNo++;
      p.line(raw);
    }
    Map<String, DialplanContext> real = new LinkedHashMap<>();
    p.contexts.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            real.put(k, v);
          }
        });
    return new Dialplan(name, real, p.globals);
  }

  private void line(String raw) {
    String text = stripComments(raw).trim();
    if (text.isEmpty()) {
      return;
    }
    if (text.startsWith("#")) {
      warn("directive ignored: " + text);
      return;
    }
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      if (end < 0) {
        warn("bad section header: " + text);
        return;
      }
      section = text.substring(1, end).trim();
      lastExtension = null;
      String key = section.toLowerCase(Locale.ROOT);
      current =
          key.equals("general") || key.equals("globals")
              ? null
              : contexts.computeIfAbsent(section, DialplanContext::new);
      return;
    }
    int arrow = text.indexOf("=>");
    int eq = text.indexOf('=');
    int split;
    int valueStart;
    if (arrow >= 0 && arrow <= eq) {
      split = arrow;
      valueStart = arrow + 2;
    } else if (eq >= 0) {
      split = eq;
      valueStart = eq + 1;
    } else {
      warn("not a setting: " + text);
      return;
    }
    String key = text.substring(0, split).trim();
    String value = text.substring(valueStart).trim();
    if (section.equalsIgnoreCase("globals")) {
      globals.put(key, value);
      return;
    }
    if (current == null) {
      return; // [general] settings
    }
    switch (key.toLowerCase(Locale.ROOT)) {
      case "exten" -> exten(value);
      case "same" -> same(value);
      case "include" -> current.include(value);
      default -> {
        // switch =>, ignorepat =>, or a queues.conf-style setting: not dialplan
      }
    }
  }

  private void exten(String value) {
    int c1 = value.indexOf(',');
    if (c1 <= 0) {
      warn("exten without priority: " + value);
      return;
    }
    String pattern = value.substring(0, c1).trim();
    Extension e = current.extension(pattern);
    lastExtension = e;
    priority(e, value.substring(c1 + 1));
  }

  private void same(String value) {
    if (lastExtension == null) {
      warn("same => without an exten => before it: " + value);
      return;
    }
    priority(lastExtension, value);
  }

  /** {@code prio[(label)],App(args)} for an extension. */
  private void priority(Extension e, String rest) {
    int comma = rest.indexOf(',');
    String prio = (comma < 0 ? rest : rest.substring(0, comma)).trim();
    String appPart = comma < 0 ? "" : rest.substring(comma + 1).trim();
    String label = "";
    int paren = prio.indexOf('(');
    if (paren >= 0) {
      int close = prio.indexOf(')', paren);
      label = prio.substring(paren + 1, close < 0 ? prio.length() : close).trim();
      prio = prio.substring(0, paren).trim();
    }
    int number;
    if (prio.equalsIgnoreCase("n")) {
      number = e.last() + 1;
    } else if (prio.equalsIgnoreCase("hint")) {
      return;
    } else if (prio.toLowerCase(Locale.ROOT).startsWith("n+")) {
      number = e.last() + parse(prio.substring(2), 1);
    } else {
      number = parse(prio, -1);
      if (number < 1) {
        warn("bad priority '" + prio + "'");
        return;
      }
    }
    String app;
    String data;
    int open = appPart.indexOf('(');
    int firstComma = appPart.indexOf(',');
    if (open >= 0 && (firstComma < 0 || open < firstComma)) {
      app = appPart.substring(0, open).trim();
      int close = appPart.lastIndexOf(')');
      data = close > open ? appPart.substring(open + 1, close) : appPart.substring(open + 1);
    } else if (firstComma >= 0) {
      app = appPart.substring(0, firstComma).trim();
      data = appPart.substring(firstComma + 1);
    } else {
      app = appPart.trim();
      data = "";
    }
    if (app.isEmpty()) {
      warn("priority " + number + " has no application");
      return;
    }
    e.add(new Priority(number, label, app, data));
  }

  private String stripComments(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    int i = 0;
    while (i < raw.length()) {
      if (inBlockComment) {
        int end = raw.indexOf("--;", i);
        if (end < 0) {
          return out.toString();
        }
        inBlockComment = false;
        i = end + 3;
        continue;
      }
      char ch = raw.charAt(i);
      if (ch == '\\' && i + 1 < raw.length() && raw.charAt(i + 1) == ';') {
        out.append(';');
        i += 2;
        continue;
      }
      if (ch == ';') {
        if (raw.startsWith(";--", i)) {
          inBlockComment = true;
          i += 3;
          continue;
        }
        return out.toString();
      }
      out.append(ch);
      i++;
    }
    return out.toString();
  }

  private static int parse(String s, int dflt) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private void warn(String message) {
    LOG.warn("{} line {}: {}", name, lineNo, message);
  }
}
