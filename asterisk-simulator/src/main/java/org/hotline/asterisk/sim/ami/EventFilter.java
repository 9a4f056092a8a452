package org.hotline.asterisk.sim.ami;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code eventfilter} of manager.conf (or of the AMI Filter action), in either form Asterisk 22
 * reads:
 *
 * <ul>
 *   <li>legacy: {@code eventfilter = regex} over the whole event text, {@code !regex} excludes;
 *   <li>advanced: {@code eventfilter(action(include|exclude),name(X),header(H),method(m)) = expr}
 *       with m one of regex, exact, starts_with, ends_with, contains, none (the default). A name
 *       matches the event name exactly; a header confines the match to that header's (non-empty)
 *       values; without a header the expression is matched against the whole event.
 * </ul>
 *
 * @param exclude true for an exclude filter
 * @param name the event name it is limited to, or null
 * @param header the header whose value it matches, or null
 * @param method how the expression matches
 * @param expression the expression, {@code ""} for method none
 * @param regex the compiled expression for method regex, else null
 */
public record EventFilter(
    boolean exclude, String name, String header, Method method, String expression, Pattern regex) {

  /** How the expression is matched. */
  public enum Method {
    REGEX,
    EXACT,
    STARTS_WITH,
    ENDS_WITH,
    CONTAINS,
    NONE
  }

  /** A filter that is not well formed; {@code compile} tells a bad regex from a bad form. */
  public static final class Invalid extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final boolean compile;

    Invalid(String message, boolean compile) {
      super(message);
      this.compile = compile;
    }

    public boolean compileError() {
      return compile;
    }
  }

  /**
   * Parses a manager.conf line: {@code key} is {@code eventfilter} or {@code eventfilter(...)},
   * {@code value} what follows the {@code =}.
   */
  public static EventFilter parse(String key, String value) {
    String k = key.trim();
    String v = value == null ? "" : value.trim();
    int open = k.indexOf('(');
    if (open < 0) {
      if (!k.equalsIgnoreCase("eventfilter")) {
        throw new Invalid("not an eventfilter: " + key, false);
      }
      boolean exclude = v.startsWith("!");
      String expr = exclude ? v.substring(1) : v;
      if (expr.isEmpty()) {
        throw new Invalid("empty legacy filter", false);
      }
      return new EventFilter(exclude, null, null, Method.REGEX, expr, compile(expr));
    }
    if (!k.substring(0, open).trim().equalsIgnoreCase("eventfilter") || !k.endsWith(")")) {
      throw new Invalid("not an eventfilter: " + key, false);
    }
    String criteria = k.substring(open + 1, k.length() - 1);
    boolean exclude = false;
    String name = null;
    String header = null;
    Method method = Method.NONE;
    boolean any = false;
    for (String option : criteria.split("\\)")) {
      String o = option.trim();
      if (o.startsWith(",")) {
        o = o.substring(1).trim();
      }
      if (o.isEmpty()) {
        continue;
      }
      int p = o.indexOf('(');
      if (p < 0) {
        throw new Invalid("'" + o + "' not formatted correctly in " + key, false);
      }
      String opt = o.substring(0, p).trim().toLowerCase(Locale.ROOT);
      String arg = o.substring(p + 1).trim();
      any = true;
      switch (opt) {
        case "action" -> {
          if (arg.equals("include")) {
            exclude = false;
          } else if (arg.equals("exclude")) {
            exclude = true;
          } else {
            throw new Invalid("action '" + arg + "' is unknown in " + key, false);
          }
        }
        case "name" -> {
          if (arg.isEmpty()) {
            throw new Invalid("name is empty in " + key, false);
          }
          name = arg;
        }
        case "header" -> {
          if (arg.isEmpty()) {
            throw new Invalid("header is empty in " + key, false);
          }
          header = arg.endsWith(":") ? arg.substring(0, arg.length() - 1) : arg;
        }
        case "method" -> {
          try {
            method = Method.valueOf(arg.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new Invalid("method '" + arg + "' is unknown in " + key, false);
          }
        }
        default -> throw new Invalid("filter option '" + opt + "' is unknown in " + key, false);
      }
    }
    if (!any) {
      throw new Invalid("no action, name, header or method in " + key, false);
    }
    if (v.isEmpty() && method != Method.NONE) {
      throw new Invalid("method can't be " + method + " with no filter pattern: " + key, false);
    }
    if (!v.isEmpty() && method == Method.NONE) {
      throw new Invalid("method can't be none with a filter pattern: " + key + " = " + v, false);
    }
    if (name == null && header == null && method == Method.NONE) {
      throw new Invalid("no name or header and no filter pattern: " + key, false);
    }
    return new EventFilter(
        exclude, name, header, method, v, method == Method.REGEX ? compile(v) : null);
  }

  private static Pattern compile(String regex) {
    try {
      // POSIX regcomp without REG_NEWLINE: '.' matches line ends too
      return Pattern.compile(regex, Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new Invalid("regex does not compile: " + regex, true);
    }
  }

  /** True if the filter matches whatever the event's content: it is decided by the name alone. */
  boolean nameOnly() {
    return header == null && method == Method.NONE;
  }

  /** True if this filter may match events of this name. */
  boolean appliesTo(String eventName) {
    return name == null || name.equals(eventName);
  }

  /** Matches an event of a name it applies to; {@code text} is the event as on the wire. */
  boolean matches(AmiMessage event, Supplier<String> text) {
    if (header == null) {
      return method == Method.NONE || matchData(text.get());
    }
    for (AmiMessage.Header h : event.headers()) {
      if (h.name().equals(header)) {
        String value = h.value().stripLeading();
        if (!value.isEmpty() && matchData(value)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean matchData(String data) {
    return switch (method) {
      case REGEX -> regex.matcher(data).find();
      case EXACT -> data.equals(expression);
      case STARTS_WITH -> data.startsWith(expression);
      case ENDS_WITH -> data.endsWith(expression);
      case CONTAINS -> data.contains(expression);
      case NONE -> true;
    };
  }
}
