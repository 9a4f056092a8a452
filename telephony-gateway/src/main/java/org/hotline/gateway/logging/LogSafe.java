package org.hotline.gateway.logging;

/**
 * Peer-supplied text made fit for a log line. A peer (Asterisk over AMI or FastAGI, anything that
 * connects to our ports) can send NUL, escape sequences that repaint a terminal, line breaks that
 * forge log lines, or bidi controls that make a line read differently; and it can send a lot of it.
 * Every log line that contains such text passes it through {@link #text}.
 */
public final class LogSafe {

  /** Code points of peer text kept in one log argument by default. */
  public static final int DEFAULT_MAX = 256;

  private LogSafe() {}

  /** {@link #text(Object, int)} with {@link #DEFAULT_MAX}. */
  public static String text(Object peerText) {
    return text(peerText, DEFAULT_MAX);
  }

  /**
   * The text with control characters written as {@code \x00}..{@code \x9f}, invisible format
   * characters (bidi controls, zero-width, BOM: Unicode category Cf), line and paragraph separators
   * and unpaired surrogates as {@code \u202e}, and anything beyond {@code max} code points replaced
   * by {@code …(+N)}. {@code null} gives {@code "null"}. Escaping twice changes nothing more (an
   * exception message made safe where it was built is still the same when it is logged), which is
   * why a backslash is left as it is.
   */
  public static String text(Object peerText, int max) {
    if (peerText == null) {
      return "null";
    }
    String s = peerText.toString();
    StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 16);
    int kept = 0;
    int i = 0;
    while (i < s.length() && kept < max) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      kept++;
      appendEscaped(out, cp);
    }
    if (i < s.length()) {
      out.append("…(+").append(s.codePointCount(i, s.length())).append(')');
    }
    return out.toString();
  }

  /**
   * The text with only its control characters (but tab) escaped as {@code \x00}, nothing else
   * changed and no length bound: for a peer's protocol lines that others log verbatim.
   */
  public static String controls(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        StringBuilder out = new StringBuilder(line.length() + 8).append(line, 0, i);
        for (int j = i; j < line.length(); j++) {
          char d = line.charAt(j);
          if (Character.isISOControl(d) && d != '\t') {
            hex(out, d);
          } else {
            out.append(d);
          }
        }
        return out.toString();
      }
    }
    return line;
  }

  private static void appendEscaped(StringBuilder out, int cp) {
    if (Character.isISOControl(cp)) {
      hex(out, cp);
    } else if (Character.getType(cp) == Character.FORMAT
        || cp == 0x2028
        || cp == 0x2029
        || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
      out.append(String.format("\\u%04x", cp));
    } else {
      out.appendCodePoint(cp);
    }
  }

  private static void hex(StringBuilder out, int c) {
    out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
  }
}
