package org.hotline.asterisk.sim.dialplan;

import java.util.ArrayList;
import java.util.List;

/** How applications split their (already substituted) arguments. */
final class AppArgs {
  /** {@code condition?ifTrue[:ifFalse]}; {@code ifFalse} is null when absent. */
  record Conditional(String condition, String ifTrue, String ifFalse) {}

  private AppArgs() {}

  /**
   * Splits at commas that are not inside parentheses, brackets or double quotes, as
   * AST_STANDARD_APP_ARGS does.
   */
  static List<String> split(String data) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == '[')) {
        depth++;
      } else if (!quoted && (c == ')' || c == ']') && depth > 0) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        out.add(data.substring(start, i));
        start = i + 1;
      }
    }
    out.add(data.substring(start));
    return out;
  }

  /** GotoIf's form: the first {@code ?}, then the first {@code :} after it. */
  static Conditional gotoIf(String data) {
    int q = data.indexOf('?');
    if (q < 0) {
      return new Conditional(data, "", null);
    }
    String rest = data.substring(q + 1);
    int colon = rest.indexOf(':');
    return colon < 0
        ? new Conditional(data.substring(0, q), rest, null)
        : new Conditional(
            data.substring(0, q), rest.substring(0, colon), rest.substring(colon + 1));
  }

  /**
   * ExecIf's form: the first {@code ?}, then a {@code :} outside parentheses, so {@code
   * agi://host:port} inside an application's arguments never splits.
   */
  static Conditional execIf(String data) {
    int q = data.indexOf('?');
    if (q < 0) {
      return new Conditional(data, "", null);
    }
    String rest = data.substring(q + 1);
    int depth = 0;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (c == ':' && depth == 0) {
        return new Conditional(data.substring(0, q), rest.substring(0, i), rest.substring(i + 1));
      }
    }
    return new Conditional(data.substring(0, q), rest, null);
  }

  /** {@code App(args)} or a bare {@code App}: [name, args]. */
  static String[] application(String text) {
    String t = text.trim();
    int open = t.indexOf('(');
    if (open < 0) {
      return new String[] {t, ""};
    }
    int close = t.lastIndexOf(')');
    return new String[] {
      t.substring(0, open).trim(),
      close > open ? t.substring(open + 1, close) : t.substring(open + 1)
    };
  }

  /** Asterisk's pbx_checkcondition: empty is false, a number is its value, other text is true. */
  static boolean condition(String value) {
    return Expression.truthy(value);
  }
}
