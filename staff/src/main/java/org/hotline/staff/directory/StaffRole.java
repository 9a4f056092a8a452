package org.hotline.staff.directory;

import java.util.Locale;
import java.util.Optional;

/** What a person may do. A person may hold several roles (a supervisor who also takes calls). */
public enum StaffRole {
  /** Takes calls at a seat: acts on their own status and on calls and cases at their own seat. */
  AGENT,
  /** A visiting official: a guest at a seat for a morning, taking calls about their district. */
  OFFICIAL,
  /** Any agent's status, offering calls, incomplete cases, dead letters, the audit trail. */
  SUPERVISOR,
  /** Reports and statistics. */
  MANAGER,
  /** The staff directory. */
  ADMIN;

  /** The name in the directory, the API and the CSV import: lower case. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<StaffRole> ofCode(String code) {
    for (StaffRole r : values()) {
      if (r.code().equals(code)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The role of a code from a form or a file; an unknown one is an INVALID_STAFF of "roles". */
  public static StaffRole parse(String code) {
    return ofCode(code)
        .orElseThrow(
            () ->
                new StaffException(
                    StaffException.Code.INVALID_STAFF, "roles", "unknown role: " + code));
  }

  /** Whether the role takes calls at a seat (and so has a profile in the seat manager). */
  public boolean takesCalls() {
    return this == AGENT || this == OFFICIAL || this == SUPERVISOR;
  }
}
