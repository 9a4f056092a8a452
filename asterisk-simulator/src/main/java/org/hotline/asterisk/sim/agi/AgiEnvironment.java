package org.hotline.asterisk.sim.agi;

import java.util.ArrayList;
import java.util.List;
import org.hotline.asterisk.sim.exchange.Channel;

/**
 * The agi_ variables Asterisk sends when a FastAGI session opens, in the order and spelling of the
 * recorded sessions (LF line ends, a blank line at the end).
 */
final class AgiEnvironment {
  private AgiEnvironment() {}

  static List<String> lines(Channel c, AgiRequest req, String version, long threadId) {
    List<String> out = new ArrayList<>(26);
    out.add("agi_network: yes");
    out.add("agi_network_script: " + req.script());
    out.add("agi_request: " + req.url());
    out.add("agi_channel: " + c.name());
    out.add("agi_language: " + c.language());
    out.add("agi_type: " + c.tech());
    out.add("agi_uniqueid: " + c.uniqueid());
    out.add("agi_version: " + version);
    out.add("agi_callerid: " + orUnknown(c.callerNum()));
    out.add("agi_calleridname: " + orUnknown(c.callerName()));
    out.add("agi_callingpres: 0");
    out.add("agi_callingani2: 0");
    out.add("agi_callington: 0");
    out.add("agi_callingtns: 0");
    out.add("agi_dnid: " + orUnknown(c.dnid()));
    out.add("agi_rdnis: unknown");
    out.add("agi_context: " + c.context());
    out.add("agi_extension: " + c.exten());
    out.add("agi_priority: " + c.priority());
    out.add("agi_enhanced: 0.0");
    out.add("agi_accountcode: " + c.accountCode());
    out.add("agi_threadid: " + threadId);
    for (int i = 0; i < req.args().size(); i++) {
      out.add("agi_arg_" + (i + 1) + ": " + req.args().get(i));
    }
    return out;
  }

  static String block(Channel c, AgiRequest req, String version, long threadId) {
    StringBuilder sb = new StringBuilder(640);
    for (String line : lines(c, req, version, threadId)) {
      sb.append(line).append('\n');
    }
    return sb.append('\n').toString();
  }

  private static String orUnknown(String v) {
    return v == null || v.isEmpty() || v.equals("<unknown>") ? "unknown" : v;
  }
}
