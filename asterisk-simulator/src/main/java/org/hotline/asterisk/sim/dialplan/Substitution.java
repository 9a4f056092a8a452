package org.hotline.asterisk.sim.dialplan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.asterisk.sim.exchange.Channel;

/** Expands the ${...} expressions AGI's GET FULL VARIABLE and our step texts use. */
final class Substitution {
  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

  private Substitution() {}

  static String expand(Channel c, String text, String gatewayAgi) {
    Matcher m = VAR.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(value(c, m.group(1), gatewayAgi)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static String value(Channel c, String name, String gatewayAgi) {
    return switch (name) {
      case "CHANNEL" -> c.name();
      case "UNIQUEID" -> c.uniqueid();
      case "CONTEXT" -> c.context();
      case "EXTEN" -> c.exten();
      case "PRIORITY" -> Integer.toString(c.priority());
      case "HANGUPCAUSE" -> c.variables().getOrDefault("HANGUPCAUSE", "");
      case "CALLERID(num)" -> c.callerNum();
      case "CALLERID(name)" -> c.callerName();
      case "CALLERID(all)" -> callerAll(c);
      case "GATEWAY_AGI" -> gatewayAgi;
      default -> c.variable(name);
    };
  }

  /** ${CALLERID(all)}: {@code "Name" <num>}. */
  static String callerAll(Channel c) {
    return "\"" + c.callerName() + "\" <" + c.callerNum() + ">";
  }
}
