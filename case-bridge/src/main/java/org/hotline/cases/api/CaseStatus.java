package org.hotline.cases.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a case is. The allowed moves are this table and nothing else; the store's scripts check
 * every change against it atomically, so two instances can never make a move the table forbids.
 *
 * <pre>
 * draft → submitted → dispatched → accepted → resolved → visited → closed
 *                  ↘ (accepted/resolved/returned may overtake our own "dispatched")
 * submitted|dispatched|accepted → returned → submitted (re-dispatched)
 * visited|closed → reopened → submitted (re-dispatched)
 * draft → submitted → closed (a direct answer, in one step)
 * </pre>
 */
public enum CaseStatus {
  DRAFT("草稿", "Draft"),
  SUBMITTED("已提交", "Submitted"),
  DISPATCHED("已派单", "Dispatched"),
  ACCEPTED("已受理", "Accepted"),
  RESOLVED("已办结", "Resolved"),
  VISITED("已回访", "Visited"),
  CLOSED("已关闭", "Closed"),
  RETURNED("已退回", "Returned"),
  REOPENED("已重启", "Reopened");

  private final LocalizedName name;

  CaseStatus(String zh, String en) {
    this.name = new LocalizedName(zh, en);
  }

  public LocalizedName displayName() {
    return name;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CaseStatus> parse(String code) {
    for (CaseStatus s : values()) {
      if (s.code().equals(code)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The statuses this one may move to. */
  public Set<CaseStatus> next() {
    return switch (this) {
      case DRAFT -> EnumSet.of(SUBMITTED);
      case SUBMITTED -> EnumSet.of(DISPATCHED, ACCEPTED, RESOLVED, RETURNED, CLOSED);
      case DISPATCHED -> EnumSet.of(ACCEPTED, RESOLVED, RETURNED);
      case ACCEPTED -> EnumSet.of(RESOLVED, RETURNED);
      case RESOLVED -> EnumSet.of(VISITED);
      case VISITED -> EnumSet.of(CLOSED, REOPENED);
      case CLOSED -> EnumSet.of(REOPENED);
      case RETURNED, REOPENED -> EnumSet.of(SUBMITTED);
    };
  }

  public boolean canMoveTo(CaseStatus target) {
    return next().contains(target);
  }

  /** Open for the caller's history: someone still has to act. */
  public boolean open() {
    return this != RESOLVED && this != VISITED && this != CLOSED;
  }

  /** The deadline still runs: the unit has not resolved it. */
  public boolean runningDeadline() {
    return this == SUBMITTED || this == DISPATCHED || this == ACCEPTED;
  }
}
