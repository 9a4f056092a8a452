package org.hotline.gateway.testing;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.gateway.app.Gateway;
import org.hotline.gateway.staff.ProfileSync;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;

/** People in a test gateway's directory, who can sign in with {@link #PASSWORD}. */
public final class TestStaff {

  public static final String PASSWORD = "test passphrase 2026";

  private TestStaff() {}

  /**
   * Adds {@code id} with {@code roles} (their own password, nothing to change), registered with the
   * seat manager when they take calls (skill general, zh and en).
   */
  public static StaffMember add(Gateway gateway, String id, StaffRole first, StaffRole... more) {
    StaffProfile profile =
        new StaffProfile(
            id,
            "Staff " + id,
            EnumSet.of(first, more),
            Map.of("general", 5),
            Set.of("zh", "en"),
            Set.of(),
            "T");
    var staff = gateway.staff().orElseThrow();
    staff.create(profile, Optional.empty()).toCompletableFuture().join();
    StaffMember m = staff.setPassword(id, PASSWORD, false).toCompletableFuture().join();
    if (profile.takesCalls()) {
      gateway.seats().registerAgent(ProfileSync.agent(m)).toCompletableFuture().join();
    }
    return m;
  }

  public static StaffClient signIn(Gateway gateway, String id) {
    return StaffClient.signedIn(gateway.httpPort(), id, PASSWORD);
  }
}
