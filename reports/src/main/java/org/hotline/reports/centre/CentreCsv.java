package org.hotline.reports.centre;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;

/**
 * The centre's reports as CSV (RFC 4180, a header row, CRLF line ends), for a spreadsheet: times on
 * the centre's clock ({@code 2026-03-02 08:15}), durations in seconds (up to three decimals), rates
 * as fractions (up to four decimals), and an empty cell where there is nothing to divide.
 */
public final class CentreCsv {

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private CentreCsv() {}

  /** One row per queue and interval, each queue's total row after its intervals. */
  public static String intervals(IntervalReport report) {
    List<List<String>> rows = new ArrayList<>();
    for (QueueThresholds queue : report.queues()) {
      for (IntervalReport.Row r : report.intervals()) {
        if (r.queueId().equals(queue.queueId())) {
          rows.add(interval("interval", r));
        }
      }
      for (IntervalReport.Row r : report.totals()) {
        if (r.queueId().equals(queue.queueId())) {
          rows.add(interval("total", r));
        }
      }
    }
    return table(
        List.of(
            "queue",
            "row",
            "from",
            "to",
            "offered",
            "answered",
            "answered_in_sl",
            "abandoned",
            "short_abandoned",
            "dropped",
            "transferred",
            "service_level",
            "abandon_rate",
            "asa_s",
            "handled",
            "aht_s",
            "longest_wait_s"),
        rows);
  }

  private static List<String> interval(String kind, IntervalReport.Row r) {
    return List.of(
        r.queueId(),
        kind,
        time(r.from()),
        time(r.to()),
        count(r.offered()),
        count(r.answered()),
        count(r.answeredInServiceLevel()),
        count(r.abandoned()),
        count(r.shortAbandoned()),
        count(r.dropped()),
        count(r.transferred()),
        rate(r.serviceLevel()),
        rate(r.abandonRate()),
        seconds(r.averageSpeedOfAnswerSeconds()),
        count(r.handled()),
        seconds(r.averageHandleTimeSeconds()),
        seconds(r.longestWaitSeconds()));
  }

  /**
   * One row per agent, the floor last; a column {@code paused_<reason>} for every pause reason
   * anyone gave.
   */
  public static String agents(AgentReport report) {
    List<AgentReport.Row> all = new ArrayList<>(report.agents());
    all.add(report.floor());
    SortedSet<String> reasons = new TreeSet<>();
    all.forEach(r -> reasons.addAll(r.pausedByReason().keySet()));
    List<String> header =
        new ArrayList<>(
            List.of(
                "agent",
                "staffed_s",
                "available_s",
                "ringing_s",
                "talk_s",
                "hold_s",
                "wrap_up_s",
                "paused_s"));
    reasons.forEach(reason -> header.add("paused_" + reason + "_s"));
    header.addAll(List.of("calls_handled", "offers", "ring_no_answer", "occupancy"));
    List<List<String>> rows = new ArrayList<>();
    for (AgentReport.Row r : all) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  r.agentId(),
                  seconds(r.staffedSeconds()),
                  seconds(r.availableSeconds()),
                  seconds(r.ringingSeconds()),
                  seconds(r.talkSeconds()),
                  seconds(r.holdSeconds()),
                  seconds(r.wrapUpSeconds()),
                  seconds(r.pausedSeconds())));
      reasons.forEach(reason -> row.add(seconds(r.pausedByReason().getOrDefault(reason, 0.0))));
      row.addAll(
          List.of(
              count(r.callsHandled()),
              count(r.offers()),
              count(r.ringNoAnswer()),
              rate(r.occupancy())));
      rows.add(row);
    }
    return table(header, rows);
  }

  public static String callsByHour(CallsByHour report) {
    return table(
        List.of("hour", "calls", "queued", "answered", "abandoned", "short_abandoned"),
        report.hours().stream()
            .map(
                r ->
                    List.of(
                        count(r.hour()),
                        count(r.calls()),
                        count(r.queued()),
                        count(r.answered()),
                        count(r.abandoned()),
                        count(r.shortAbandoned())))
            .toList());
  }

  public static String callsByWeekday(CallsByWeekday report) {
    return table(
        List.of(
            "weekday",
            "days",
            "calls",
            "calls_per_day",
            "queued",
            "answered",
            "abandoned",
            "short_abandoned"),
        report.weekdays().stream()
            .map(
                r ->
                    List.of(
                        r.day().name(),
                        count(r.days()),
                        count(r.calls()),
                        decimal(r.callsPerDay(), 2),
                        count(r.queued()),
                        count(r.answered()),
                        count(r.abandoned()),
                        count(r.shortAbandoned())))
            .toList());
  }

  public static String waitTimes(WaitTimes report) {
    return table(
        List.of(
            "wait_s",
            "from_s",
            "to_s",
            "answered",
            "answered_cumulative_share",
            "abandoned",
            "short_abandoned"),
        report.rows().stream()
            .map(
                r ->
                    List.of(
                        r.label(),
                        count(r.fromSeconds()),
                        r.toSeconds() == null ? "" : count(r.toSeconds()),
                        count(r.answered()),
                        rate(r.answeredCumulativeShare()),
                        count(r.abandoned()),
                        count(r.shortAbandoned())))
            .toList());
  }

  public static String hangupsByParty(Hangups report) {
    return table(
        List.of("hangup_by", "outcome", "calls"),
        report.byParty().stream()
            .map(r -> List.of(r.hangupBy(), r.outcome(), count(r.calls())))
            .toList());
  }

  public static String hangupCauses(Hangups report) {
    return table(
        List.of("cause", "name", "calls"),
        report.byCause().stream()
            .map(
                r -> List.of(r.cause() == null ? "" : count(r.cause()), r.name(), count(r.calls())))
            .toList());
  }

  public static String ivrChoices(IvrAndLines report) {
    return choices("ivr_choice", report.ivrChoices());
  }

  public static String lines(IvrAndLines report) {
    return choices("line", report.lines());
  }

  private static String choices(String what, List<IvrAndLines.Row> rows) {
    return table(
        List.of(what, "calls", "share", "answered", "abandoned"),
        rows.stream()
            .map(
                r ->
                    List.of(
                        r.value(),
                        count(r.calls()),
                        rate(r.share()),
                        count(r.answered()),
                        count(r.abandoned())))
            .toList());
  }

  /** The listed repeat callers (masked numbers only). */
  public static String repeatCallers(RepeatCallers report) {
    return table(
        List.of("caller", "calls", "answered", "first_call", "last_call"),
        report.top().stream()
            .map(
                r ->
                    List.of(
                        r.number(),
                        count(r.calls()),
                        count(r.answered()),
                        time(r.firstCall()),
                        time(r.lastCall())))
            .toList());
  }

  private static String table(List<String> header, List<List<String>> rows) {
    // CSVFormat's own printRecord: CSVPrinter carries a SpotBugs annotation whose class we lack,
    // which javac reports as a warning (and -Werror fails on)
    StringBuilder out = new StringBuilder();
    try {
      CSVFormat.RFC4180.printRecord(out, header.toArray());
      for (List<String> row : rows) {
        CSVFormat.RFC4180.printRecord(out, row.toArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
    return out.toString();
  }

  private static String time(OffsetDateTime t) {
    return t == null ? "" : t.format(MINUTE);
  }

  private static String count(long n) {
    return Long.toString(n);
  }

  private static String seconds(Double s) {
    return decimal(s, 3);
  }

  private static String rate(Double r) {
    return decimal(r, 4);
  }

  private static String decimal(Double v, int places) {
    if (v == null) {
      return "";
    }
    BigDecimal d =
        BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }
}
