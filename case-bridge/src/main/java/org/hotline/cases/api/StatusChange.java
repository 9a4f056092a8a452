package org.hotline.cases.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a case's status history.
 *
 * @param status the status the case moved to (or stayed in, for a note such as "incomplete")
 * @param at when
 * @param by who: an agent id, {@code system}, {@code dispatch} or the unit that reported it
 * @param note why, in the words of whoever made the change (a return reason, a unit's note)
 */
public record StatusChange(CaseStatus status, Instant at, String by, String note) {

  public StatusChange {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
    by = by == null ? "" : by;
    note = note == null ? "" : note;
  }
}
