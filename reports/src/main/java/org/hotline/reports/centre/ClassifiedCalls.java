package org.hotline.reports.centre;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The one place that reads call detail records for the call reports: a {@code WITH} list whose
 * {@code calls} are the calls that entered the system in a time window, each with its wait and its
 * outcome under the queues' thresholds. Every call report builds on it, so "abandoned" or "wait"
 * means the same in each.
 *
 * <p>How the record is read (as {@code telephony-gateway}'s {@code CallDetails} writes it):
 *
 * <ul>
 *   <li>{@code queue_id} is the queue the call entered first ({@code queues[1]}): the record keeps
 *       the wait and first answer of that queue only, so a transferred call counts once, there.
 *   <li>{@code wait_sec} runs from entering that queue to the first answer or, unanswered, to the
 *       hang-up (IVR time excluded), from the stored times to the millisecond; {@code wait_sec} of
 *       the record is the same wait rounded to whole seconds, too coarse for a threshold.
 *   <li>{@code outcome} is the record's (answered, abandoned, short_abandoned, ivr, dropped),
 *       except that an unanswered call of a queue given thresholds is abandoned or short abandoned
 *       by the short-abandon threshold given (a wait below it is short, as the seat manager
 *       decides), so a report follows its parameters rather than the configuration of the day the
 *       call was made.
 *   <li>{@code talk_sec} runs from answer to hang-up with hold included (every leg of a transferred
 *       call); {@code wrap_sec} is set when the agent's wrap-up of the call ends, null until then.
 * </ul>
 *
 * <p>The window is on {@code entered_at}, the partition key, so only the months it touches are
 * read. Parameters, bound by {@link #bind}: the thresholds (three arrays), the window's start and
 * end.
 */
final class ClassifiedCalls {

  static final String WITH =
      """
      WITH thresholds (queue_id, service_level_sec, short_abandon_sec, ord) AS (
        SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS float8[]), CAST(? AS float8[]))
          WITH ORDINALITY
      ),
      calls AS (
        SELECT d.entered_at, d.queued_at, d.answered_at, d.ended_at, d.queues[1] AS queue_id,
               d.caller, d.line, d.ivr_choice, d.hangup_by, d.hangup_cause, d.talk_sec, d.hold_sec,
               d.wrap_sec, d.transfers, w.wait_sec, t.service_level_sec,
               CASE WHEN d.outcome IN ('abandoned', 'short_abandoned') AND t.queue_id IS NOT NULL
                    THEN CASE WHEN w.wait_sec < t.short_abandon_sec THEN 'short_abandoned'
                              ELSE 'abandoned' END
                    ELSE d.outcome END AS outcome
          FROM hotline.call_detail d
          CROSS JOIN LATERAL (
            SELECT greatest(0, extract(epoch FROM coalesce(d.answered_at, d.ended_at) - d.queued_at))
                     ::float8 AS wait_sec) w
          LEFT JOIN thresholds t ON t.queue_id = d.queues[1]
         WHERE d.entered_at >= ? AND d.entered_at < ?
      )
      """;

  private ClassifiedCalls() {}

  /**
   * Binds the parameters of {@link #WITH} from index 1: the thresholds of {@code queues} (none: the
   * record's outcomes stand) and calls entered in [{@code from}, {@code to}).
   *
   * @return the next parameter index
   */
  static int bind(
      Connection c, PreparedStatement ps, List<QueueThresholds> queues, Instant from, Instant to)
      throws SQLException {
    ps.setArray(
        1, c.createArrayOf("text", queues.stream().map(QueueThresholds::queueId).toArray()));
    ps.setArray(
        2,
        c.createArrayOf(
            "float8", queues.stream().map(QueueThresholds::serviceLevelSeconds).toArray()));
    ps.setArray(
        3,
        c.createArrayOf(
            "float8", queues.stream().map(QueueThresholds::shortAbandonSeconds).toArray()));
    Sql.time(ps, 4, from);
    Sql.time(ps, 5, to);
    return 6;
  }
}
