package org.hotline.asterisk.sim.dialplan;

import java.util.ArrayList;
import java.util.List;

/**
 * Asterisk's {@code $[...]} expressions, evaluated after variable substitution: integer {@code + -
 * * / %}, comparisons {@code = == != < > <= >=} (numeric when both sides are integers, else
 * string), {@code &} and {@code |} with Asterisk's results (the left value, or 0 / the right
 * value), unary {@code -} and {@code !}, parentheses and double-quoted strings (quotes are
 * dropped). A syntax error gives {@code ""}, as Asterisk's "syntax error" does.
 */
final class Expression {
  private enum Kind {
    WORD,
    STRING,
    OP
  }

  private record Token(Kind kind, String text) {}

  /** Thrown on a syntax error; the caller turns it into an empty result. */
  static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  private static final String OP_CHARS = "|&=!<>+*/%()";

  private final List<Token> tokens;
  private int pos;

  private Expression(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The value of an expression, or {@code ""} on a syntax error. */
  static String evaluate(String text) {
    try {
      return evaluateStrict(text);
    } catch (SyntaxError e) {
      return "";
    }
  }

  /** Like {@link #evaluate} but throws on a syntax error (for tests and diagnostics). */
  static String evaluateStrict(String text) {
    List<Token> tokens = tokenize(text);
    if (tokens.isEmpty()) {
      return "";
    }
    Expression e = new Expression(tokens);
    String v = e.or();
    if (e.pos != tokens.size()) {
      throw new SyntaxError("unexpected '" + tokens.get(e.pos).text() + "' in " + text);
    }
    return v;
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (ch == '"') {
        int end = s.indexOf('"', i + 1);
        if (end < 0) {
          throw new SyntaxError("unterminated string in " + s);
        }
        out.add(new Token(Kind.STRING, s.substring(i + 1, end)));
        i = end + 1;
      } else if (ch == '-') {
        out.add(new Token(Kind.OP, "-"));
        i++;
      } else if (OP_CHARS.indexOf(ch) >= 0) {
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        if (two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("==")) {
          out.add(new Token(Kind.OP, two));
          i += 2;
        } else {
          out.add(new Token(Kind.OP, String.valueOf(ch)));
          i++;
        }
      } else {
        int start = i;
        while (i < s.length()) {
          char c = s.charAt(i);
          if (Character.isWhitespace(c) || c == '"' || OP_CHARS.indexOf(c) >= 0) {
            break;
          }
          i++;
        }
        out.add(new Token(Kind.WORD, s.substring(start, i)));
      }
    }
    return out;
  }

  private boolean atOp(String... ops) {
    if (pos >= tokens.size() || tokens.get(pos).kind() != Kind.OP) {
      return false;
    }
    String t = tokens.get(pos).text();
    for (String op : ops) {
      if (op.equals(t)) {
        return true;
      }
    }
    return false;
  }

  private String or() {
    String left = and();
    while (atOp("|")) {
      pos++;
      String right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  private String and() {
    String left = comparison();
    while (atOp("&")) {
      pos++;
      String right = comparison();
      left = truthy(left) && truthy(right) ? left : "0";
    }
    return left;
  }

  private String comparison() {
    String left = additive();
    while (atOp("=", "==", "!=", "<", ">", "<=", ">=")) {
      String op = tokens.get(pos++).text();
      String right = additive();
      int cmp = compare(left, right);
      boolean r =
          switch (op) {
            case "=", "==" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case ">" -> cmp > 0;
            case "<=" -> cmp <= 0;
            default -> cmp >= 0;
          };
      left = r ? "1" : "0";
    }
    return left;
  }

  private String additive() {
    String left = multiplicative();
    while (atOp("+", "-")) {
      String op = tokens.get(pos++).text();
      String right = multiplicative();
      long a = number(left);
      long b = number(right);
      left = Long.toString(op.equals("+") ? a + b : a - b);
    }
    return left;
  }

  private String multiplicative() {
    String left = unary();
    while (atOp("*", "/", "%")) {
      String op = tokens.get(pos++).text();
      String right = unary();
      long a = number(left);
      long b = number(right);
      if (!op.equals("*") && b == 0) {
        throw new SyntaxError("division by zero");
      }
      left = Long.toString(op.equals("*") ? a * b : op.equals("/") ? a / b : a % b);
    }
    return left;
  }

  private String unary() {
    if (atOp("-")) {
      pos++;
      return Long.toString(-number(unary()));
    }
    if (atOp("!")) {
      pos++;
      return truthy(unary()) ? "0" : "1";
    }
    return primary();
  }

  private String primary() {
    if (pos >= tokens.size()) {
      throw new SyntaxError("unexpected end of expression");
    }
    Token t = tokens.get(pos);
    if (t.kind() == Kind.OP) {
      if (t.text().equals("(")) {
        pos++;
        String v = or();
        if (!atOp(")")) {
          throw new SyntaxError("missing )");
        }
        pos++;
        return v;
      }
      throw new SyntaxError("unexpected '" + t.text() + "'");
    }
    pos++;
    return t.text();
  }

  static boolean isNumber(String s) {
    int n = s.length();
    if (n == 0 || n > 18) {
      return false;
    }
    int i = s.charAt(0) == '-' ? 1 : 0;
    if (i == n) {
      return false;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static long number(String s) {
    String t = s.trim();
    if (!isNumber(t)) {
      throw new SyntaxError("not a number: '" + s + "'");
    }
    return Long.parseLong(t);
  }

  private static int compare(String a, String b) {
    if (isNumber(a) && isNumber(b)) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return a.compareTo(b);
  }

  /** Asterisk's truth: neither empty nor zero. */
  static boolean truthy(String s) {
    String t = s.trim();
    if (t.isEmpty()) {
      return false;
    }
    return !(isNumber(t) && Long.parseLong(t) == 0);
  }
}
