package org.hotline.gateway.agi;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.gateway.logging.LogSafe;

/**
 * One reply to a command, e.g. {@code 200 result=49 (timeout) endpos=1234}, or one {@code 520}
 * usage block (several lines, read as one reply).
 *
 * @param code 200 success, 510 unknown command, 511 dead channel, 520 usage
 * @param result the text after {@code result=}: {@code -1} for failure or hang-up, the digits for
 *     GET DATA (possibly empty on a time-out, possibly {@code 0}), a character code for WAIT FOR
 *     DIGIT
 * @param data the parenthesised part, if any ({@code timeout}, a variable's value)
 * @param line the (closing) line as received, for logs
 * @param usage the usage text of a {@code 520} block, one line per line; empty otherwise
 */
public record AgiReply(int code, String result, Optional<String> data, String line, String usage) {

  private static final Pattern REPLY =
      Pattern.compile("(\\d{3})(?:[ -](?:result=(-?[0-9*#]*))?\\s*(?:\\((.*)\\))?.*)?");

  static AgiReply parse(String line) {
    Matcher m = REPLY.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an AGI reply: " + LogSafe.text(line));
    }
    return new AgiReply(
        Integer.parseInt(m.group(1)),
        m.group(2) == null ? "" : m.group(2),
        Optional.ofNullable(m.group(3)),
        line,
        "");
  }

  /**
   * A usage block as Asterisk's res_agi writes it for a command with bad syntax: {@code 520-Invalid
   * command syntax. Proper usage follows:}, the usage text (any number of lines, which need not
   * start with {@code 520-}), then {@code 520 End of proper usage.}
   *
   * @param middle the lines between the opening and the closing line
   * @param closing the closing {@code 520 ...} line
   */
  static AgiReply usageBlock(List<String> middle, String closing) {
    StringBuilder usage = new StringBuilder();
    for (String l : middle) {
      String text = (l.startsWith("520-") ? l.substring(4) : l).strip();
      if (!text.isEmpty()) {
        usage.append(usage.length() == 0 ? "" : "\n").append(text);
      }
    }
    return new AgiReply(520, "", Optional.empty(), closing, usage.toString());
  }

  public boolean ok() {
    return code == 200;
  }

  /** {@code result=-1}: the command failed, or the caller hung up during it. */
  public boolean failed() {
    return result.equals("-1");
  }

  /** The result as a number, 0 when empty or not numeric. */
  public int resultCode() {
    try {
      return result.isEmpty() ? 0 : Integer.parseInt(result);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The reply in one line, with a usage block's text: for error messages and logs. */
  public String summary() {
    return usage.isEmpty() ? line : line + " (" + usage.replace('\n', ' ') + ")";
  }
}
