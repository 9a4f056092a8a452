package org.hotline.reports.centre;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each agent's time over the days, from their state changes: every state lasts until the agent's
 * next change, clipped to the days (a state begun before the first midnight counts from midnight)
 * and to {@code now} (a state still open counts until now, or until the last midnight if that came
 * first). Times in seconds.
 *
 * @param now the moment the report was made, up to which open states count
 * @param agents one row per agent who was signed in at some moment of the days, by agent id
 * @param floor all of them together
 */
public record AgentReport(ReportDays days, Instant now, List<Row> agents, Row floor) {

  public AgentReport {
    agents = List.copyOf(agents);
  }

  /**
   * One agent (or the floor). The agent's states as the seat manager names them: available ({@code
   * avail}), ringing ({@code offered}), on a call ({@code oncall}), wrap-up ({@code wrap}) and
   * paused ({@code paused}, with a reason); signed out ({@code out}) is no time at all.
   *
   * @param agentId the agent, or {@link #FLOOR} for the floor's row
   * @param staffedSeconds signed in: available + ringing + on a call + wrap-up + paused
   * @param ringingSeconds a call offered at the seat, not yet answered
   * @param talkSeconds on a call and not holding it
   * @param holdSeconds the caller on hold, from the call detail records of the calls the agent held
   *     last; counted on the day the call ended, at most the call's time on that day
   * @param pausedByReason paused time by reason code ({@code break}, {@code no-answer}, ...; {@link
   *     #NO_REASON} when none was given)
   * @param callsHandled calls the agent answered (each once, whenever it ends; a transferred call
   *     counts for every agent who answered a part of it; on the floor, each call once)
   * @param offers calls that rang at the agent's seat
   * @param ringNoAnswer offers that timed out or were refused (not answered, not withdrawn, not
   *     gone because the caller hung up)
   * @param occupancy (talk + hold + wrap-up) ÷ (talk + hold + wrap-up + available); null when the
   *     agent was never available nor busy
   */
  public record Row(
      String agentId,
      double staffedSeconds,
      double availableSeconds,
      double ringingSeconds,
      double talkSeconds,
      double holdSeconds,
      double wrapUpSeconds,
      double pausedSeconds,
      Map<String, Double> pausedByReason,
      long callsHandled,
      long offers,
      long ringNoAnswer,
      Double occupancy) {

    /** The agent id of the floor's row. */
    public static final String FLOOR = "(floor)";

    /** The reason of a pause that gave none. */
    public static final String NO_REASON = "(none)";

    public Row {
      // sorted by reason, so JSON and CSV list reasons in the same order every time
      pausedByReason = Collections.unmodifiableSortedMap(new TreeMap<>(pausedByReason));
    }

    /** The row for these sums; occupancy is derived here and nowhere else. */
    static Row of(
        String agentId,
        double staffed,
        double available,
        double ringing,
        double onCall,
        double hold,
        double wrapUp,
        double paused,
        Map<String, Double> pausedByReason,
        long callsHandled,
        long offers,
        long ringNoAnswer) {
      double busy = onCall + wrapUp; // on a call = talk + hold
      return new Row(
          agentId,
          staffed,
          available,
          ringing,
          onCall - hold,
          hold,
          wrapUp,
          paused,
          pausedByReason,
          callsHandled,
          offers,
          ringNoAnswer,
          Sql.ratio(busy, busy + available));
    }
  }
}
