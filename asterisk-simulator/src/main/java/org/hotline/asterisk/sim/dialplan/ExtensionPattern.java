package org.hotline.asterisk.sim.dialplan;

import java.util.regex.Pattern;

/**
 * An extension name or pattern from extensions.conf: a literal ({@code s}, {@code 12345}) or an
 * underscore pattern ({@code _X.}, {@code _NXX}, {@code _1[2-4]!}) with Asterisk's classes: X =
 * 0-9, Z = 1-9, N = 2-9, {@code [...]} a set, {@code .} one or more characters, {@code !} zero or
 * more.
 */
final class ExtensionPattern {
  private final String text;
  private final boolean literal;
  private final Pattern regex;
  private final long specificity;

  private ExtensionPattern(String text, boolean literal, Pattern regex, long specificity) {
    this.text = text;
    this.literal = literal;
    this.regex = regex;
    this.specificity = specificity;
  }

  static ExtensionPattern of(String text) {
    if (!text.startsWith("_")) {
      return new ExtensionPattern(text, true, null, 0);
    }
    StringBuilder re = new StringBuilder();
    long weight = 0;
    String body = text.substring(1);
    for (int i = 0; i < body.length(); i++) {
      char ch = body.charAt(i);
      switch (ch) {
        case 'X', 'x' -> {
          re.append("[0-9]");
          weight += 10;
        }
        case 'Z', 'z' -> {
          re.append("[1-9]");
          weight += 9;
        }
        case 'N', 'n' -> {
          re.append("[2-9]");
          weight += 8;
        }
        case '.' -> {
          re.append(".+");
          weight += 1_000_000;
        }
        case '!' -> {
          re.append(".*");
          weight += 1_000_000;
        }
        case '[' -> {
          int end = body.indexOf(']', i);
          if (end < 0) {
            re.append(Pattern.quote("["));
            weight += 1;
          } else {
            String set = body.substring(i + 1, end);
            re.append('[').append(set.replace("\\", "\\\\").replace("^", "\\^")).append(']');
            weight += Math.max(1, set.replace("-", "").length());
            i = end;
          }
        }
        default -> {
          re.append(Pattern.quote(String.valueOf(ch)));
          weight += 1;
        }
      }
    }
    return new ExtensionPattern(text, false, Pattern.compile(re.toString()), weight);
  }

  boolean isLiteral() {
    return literal;
  }

  String text() {
    return text;
  }

  /** Lower is more specific; Asterisk tries the most specific pattern first. */
  long specificity() {
    return specificity;
  }

  boolean matches(String exten) {
    return literal ? text.equals(exten) : regex.matcher(exten).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
