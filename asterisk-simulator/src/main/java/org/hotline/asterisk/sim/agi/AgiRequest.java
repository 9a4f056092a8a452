package org.hotline.asterisk.sim.agi;

import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code agi://host:port/script} request with its arguments, as AGI() receives it.
 *
 * @param host the gateway's host
 * @param port its port (4573 when omitted)
 * @param script the path after the port, without the leading slash
 * @param args agi_arg_1.. values
 */
public record AgiRequest(String host, int port, String script, List<String> args) {

  public AgiRequest {
    args = List.copyOf(args);
  }

  /** Parses the AGI() application data: {@code agi://host[:port]/script[,arg1[,arg2...]]}. */
  public static Optional<AgiRequest> parse(String appData) {
    String[] parts = appData.split(",", -1);
    String url = parts[0].trim();
    if (!url.startsWith("agi://")) {
      return Optional.empty();
    }
    String rest = url.substring("agi://".length());
    int slash = rest.indexOf('/');
    String hostPort = slash < 0 ? rest : rest.substring(0, slash);
    String script = slash < 0 ? "" : rest.substring(slash + 1);
    String host = hostPort;
    int port = 4573;
    int colon = hostPort.lastIndexOf(':');
    if (colon > 0) {
      host = hostPort.substring(0, colon);
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    if (host.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AgiRequest(host, port, script, List.of(parts).subList(1, parts.length)));
  }

  /** agi_request: the URL without arguments. */
  public String url() {
    return "agi://" + host + ":" + port + "/" + script;
  }
}
