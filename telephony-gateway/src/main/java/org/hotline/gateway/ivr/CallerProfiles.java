package org.hotline.gateway.ivr;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * What routing may learn about a caller before queueing (from the case history): whether an earlier
 * case is open and overdue, and which district their last case was about.
 */
public interface CallerProfiles {

  /** No history known: every caller is new. */
  CallerProfiles NONE = number -> Future.succeededFuture(Profile.UNKNOWN);

  Future<Profile> lookup(String callerNumber);

  /**
   * @param lastDistrict the district routing uses: the one the caller chose on the menu, else the
   *     one their last case was about
   */
  record Profile(boolean overdueOpenCase, Optional<String> lastDistrict) {
    public static final Profile UNKNOWN = new Profile(false, Optional.empty());

    /** The same caller, with the district they chose on the menu. */
    public Profile about(Optional<String> chosen) {
      return new Profile(overdueOpenCase, chosen);
    }
  }
}
