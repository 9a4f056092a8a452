package org.hotline.asterisk.sim.dialplan;

import org.hotline.asterisk.sim.exchange.Channel;

/**
 * Expands {@code ${...}} (variables, {@code FUNC(args)}, {@code ${VAR:offset:length}}) and {@code
 * $[...]} expressions the way pbx_substitute_variables does: inner expressions first, unset
 * variables as {@code ""}.
 */
final class Substitution {
  /** Where names are looked up: the channel's variables and builtins, then the globals. */
  interface Scope {
    String variable(String name);

    String function(String name, String args);
  }

  private Substitution() {}

  static String expand(String text, Scope scope) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    int i = 0;
    int n = text.length();
    while (i < n) {
      char ch = text.charAt(i);
      if (ch == '$' && i + 1 < n && (text.charAt(i + 1) == '{' || text.charAt(i + 1) == '[')) {
        char open = text.charAt(i + 1);
        char close = open == '{' ? '}' : ']';
        int end = matching(text, i + 2, open, close);
        if (end < 0) {
          out.append(text, i, n);
          break;
        }
        String inner = expand(text.substring(i + 2, end), scope);
        out.append(open == '{' ? lookup(inner, scope) : Expression.evaluate(inner));
        i = end + 1;
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }

  private static int matching(String text, int from, char open, char close) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String lookup(String name, Scope scope) {
    int paren = name.indexOf('(');
    if (paren > 0 && name.endsWith(")")) {
      return scope.function(name.substring(0, paren), name.substring(paren + 1, name.length() - 1));
    }
    int colon = name.indexOf(':');
    if (colon > 0) {
      String value = scope.variable(name.substring(0, colon));
      String[] range = name.substring(colon + 1).split(":", -1);
      return substring(value, parse(range[0], 0), range.length > 1 ? parse(range[1], 0) : 0);
    }
    return scope.variable(name);
  }

  /** ${VAR:offset:length}: negative offset counts from the end, length 0 means to the end. */
  static String substring(String value, int offset, int length) {
    int n = value.length();
    int start = offset < 0 ? Math.max(0, n + offset) : Math.min(n, offset);
    int end;
    if (length == 0) {
      end = n;
    } else if (length < 0) {
      end = Math.max(start, n + length);
    } else {
      end = Math.min(n, start + length);
    }
    return value.substring(start, end);
  }

  private static int parse(String s, int dflt) {
    try {
      return s.isBlank() ? dflt : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  /** ${CALLERID(all)}: {@code "Name" <num>}. */
  static String callerAll(Channel c) {
    return "\"" + c.callerName() + "\" <" + c.callerNum() + ">";
  }
}
