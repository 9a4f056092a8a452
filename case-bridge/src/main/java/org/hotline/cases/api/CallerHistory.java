package org.hotline.cases.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the agent sees of a caller before saying hello (the screen pop). Read in one Redis round
 * trip.
 *
 * @param withheld the caller id is not a number: there is no history to show
 * @param lastCases the newest cases, newest first
 * @param openCases cases someone still has to act on, newest first (at most the configured number)
 * @param openCount how many open cases in all
 * @param callsInWindow calls from this number in the repeat window (30 days by default), answered
 *     or abandoned, before this one
 * @param repeatCaller {@code callsInWindow} reached the configured threshold
 * @param lastAgentId who answered this caller last
 * @param lastCallAt when this caller's last answered call came in
 */
public record CallerHistory(
    boolean withheld,
    List<CaseSummary> lastCases,
    List<CaseSummary> openCases,
    long openCount,
    long callsInWindow,
    boolean repeatCaller,
    Optional<String> lastAgentId,
    Optional<Instant> lastCallAt) {

  public CallerHistory {
    lastCases = List.copyOf(lastCases);
    openCases = List.copyOf(openCases);
  }

  /** Nothing known: a withheld number, or a first call. */
  public static CallerHistory none(boolean withheld) {
    return new CallerHistory(
        withheld, List.of(), List.of(), 0, 0, false, Optional.empty(), Optional.empty());
  }
}
