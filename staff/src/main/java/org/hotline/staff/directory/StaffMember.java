package org.hotline.staff.directory;

import java.time.Instant;

/**
 * A person in the directory as stored.
 *
 * @param version counts changes; an edit names the version it saw, so two admins do not overwrite
 *     each other unseen
 * @param canSignIn a password is set (an imported person without one waits for an admin)
 * @param mustChangePassword an admin chose the password: its owner must choose their own first
 */
public record StaffMember(
    StaffProfile profile,
    boolean active,
    int version,
    boolean canSignIn,
    boolean mustChangePassword,
    Instant updatedAt) {

  public String id() {
    return profile.id();
  }

  public boolean has(StaffRole role) {
    return profile.has(role);
  }
}
