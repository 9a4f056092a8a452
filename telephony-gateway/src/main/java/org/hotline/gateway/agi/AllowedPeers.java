package org.hotline.gateway.agi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.hotline.gateway.ami.AmiServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses FastAGI sessions may come from: those of the configured Asterisk servers, resolved
 * once at start-up (a server whose name no longer resolves to its address needs a restart).
 */
public final class AllowedPeers implements Predicate<String> {

  private static final Logger LOG = LoggerFactory.getLogger(AllowedPeers.class);

  private final Set<InetAddress> addresses;

  private AllowedPeers(Set<InetAddress> addresses) {
    this.addresses = Set.copyOf(addresses);
  }

  /** Resolves every server's host; blocking (DNS), so at start-up only. */
  public static AllowedPeers of(List<AmiServerConfig> servers) {
    Set<InetAddress> all = new HashSet<>();
    for (AmiServerConfig s : servers) {
      try {
        for (InetAddress a : InetAddress.getAllByName(s.host())) {
          all.add(a);
        }
      } catch (UnknownHostException e) {
        LOG.warn(
            "Asterisk server {} ({}) does not resolve: its FastAGI sessions will be refused",
            s.name(),
            s.host());
      }
    }
    return new AllowedPeers(all);
  }

  /** {@code peer} is an IP literal as a socket reports it: parsing it asks no DNS. */
  @Override
  public boolean test(String peer) {
    try {
      return addresses.contains(InetAddress.getByName(peer));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "AllowedPeers" + addresses;
  }
}
