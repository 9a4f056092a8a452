package org.hotline.gateway.access;

import java.util.Set;
import org.hotline.staff.directory.StaffRole;

/**
 * Who is making a request: the signed-in person, from their session.
 *
 * @param mustChangePassword an admin chose their password: until they choose their own, they may
 *     only do that (and sign out)
 */
public record Principal(
    String staffId, String name, Set<StaffRole> roles, boolean mustChangePassword, String address) {

  public Principal {
    roles = Set.copyOf(roles);
  }

  public boolean has(StaffRole role) {
    return roles.contains(role);
  }

  public boolean hasAny(Set<StaffRole> wanted) {
    return wanted.stream().anyMatch(roles::contains);
  }
}
