package org.hotline.gateway.ivr;

import java.util.List;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.ami.AmiServerConfig;

/**
 * Which Asterisk server an AGI session comes from: the dialplan passes its name (HOTLINE_SERVER) as
 * an argument; failing that, the server configured at the connecting address; failing that, the
 * first server.
 */
final class Servers {

  private final List<AmiServerConfig> servers;

  Servers(List<AmiServerConfig> servers) {
    this.servers = List.copyOf(servers);
  }

  String of(AgiRequest request, int argument) {
    if (request.arguments().size() > argument) {
      String named = request.arguments().get(argument);
      if (servers.stream().anyMatch(s -> s.name().equals(named))) {
        return named;
      }
    }
    return servers.stream()
        .filter(s -> s.host().equals(request.remoteHost()))
        .map(AmiServerConfig::name)
        .findFirst()
        .orElse(servers.isEmpty() ? "ast1" : servers.get(0).name());
  }
}
