package org.hotline.cases.api;

import java.util.Objects;

/**
 * 回访: what the resident said when called back after the unit resolved the case. Satisfied or
 * basically satisfied and resolved closes the case; anything else reopens it.
 *
 * @param resolved the resident says the problem is solved (counts for the resolution rate)
 * @param satisfaction how satisfied they are (counts for the satisfaction rate)
 * @param by the agent who made the return visit
 * @param note what the resident said, in brief
 */
public record ReturnVisit(boolean resolved, Satisfaction satisfaction, String by, String note) {

  public ReturnVisit {
    Objects.requireNonNull(satisfaction, "satisfaction");
    Objects.requireNonNull(by, "by");
    note = note == null ? "" : note;
  }

  public enum Satisfaction {
    SATISFIED,
    BASICALLY_SATISFIED,
    UNSATISFIED
  }

  /** Whether this answer closes the case. */
  public boolean closes() {
    return resolved && satisfaction != Satisfaction.UNSATISFIED;
  }
}
