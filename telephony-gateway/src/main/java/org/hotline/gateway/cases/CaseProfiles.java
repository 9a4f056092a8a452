package org.hotline.gateway.cases;

import io.vertx.core.Future;
import java.util.Optional;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseSummary;
import org.hotline.gateway.ivr.CallerProfiles;

/**
 * Routing's view of a caller from their case history: an open case past its deadline raises the
 * call's priority, and the district of their newest case that names one is where the officials'
 * line sends them when they chose none on its menu.
 */
public final class CaseProfiles implements CallerProfiles {

  private final CaseBridge cases;

  public CaseProfiles(CaseBridge cases) {
    this.cases = cases;
  }

  @Override
  public Future<Profile> lookup(String callerNumber) {
    if (callerNumber.equals("unknown")) {
      return Future.succeededFuture(Profile.UNKNOWN);
    }
    return Future.fromCompletionStage(cases.callerHistory(callerNumber))
        .map(
            h ->
                new Profile(
                    h.openCases().stream().anyMatch(CaseSummary::overdue),
                    // newest first: the last case the caller rang about with a known place
                    h.lastCases().stream()
                        .map(CaseSummary::districtId)
                        .flatMap(Optional::stream)
                        .findFirst()));
  }
}
