package org.hotline.cases.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates a centre's calls and cases and COPYs them straight into the city record's tables, in
 * the shape the bridge itself writes them: a case row per answered call (its form columns copied
 * from a template case the real bridge made, so every code in it is one the bridge can read back),
 * its status history line by line, the call-to-case mapping, a call detail row per call, and a
 * callback candidate per abandoned call.
 *
 * <p>Callers: 5% of calls come from {@value #HEAVY} heavy callers (about 100 calls each in 100
 * days), 35% from {@value #OCCASIONAL} occasional callers (a few calls each), 59% from numbers that
 * call once, 1% withheld. 5% of calls are abandoned in the queue (no case). Dispositions: 1% drafts
 * left incomplete, 40% answered on the call (closed at once), 59% dispatched, whose status follows
 * their age (dispatched, accepted, resolved, visited and closed), 6% of them stuck at accepted.
 * Half the dispatched cases of the last 7 days are still "submitted": the delivery backlog that the
 * outbox phase hands out.
 */
final class RecordLoader {

  static final int HEAVY = 1_000;
  static final int OCCASIONAL = 200_000;
  private static final long ONE_TIME_BASE = 300_000_000L;
  private static final long NEVER_SEEN_BASE = 800_000_000L;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final String[] STAGES = {
    "draft", "submitted", "dispatched", "accepted", "resolved", "visited", "closed"
  };

  /** What a template case contributes. */
  enum Kind {
    DRAFT,
    DIRECT,
    DISPATCH
  }

  /** A case row made by the real bridge, in COPY text format, split into its fields. */
  record Template(String[] fields, Kind kind, Duration deadlineAfterSubmit) {}

  record CaseKey(String caseId, Instant createdAt) {}

  record Loaded(
      long cases,
      long calls,
      long abandoned,
      long statusRows,
      long callbacks,
      double seconds,
      List<CaseKey> sample,
      List<CaseKey> backlog,
      Map<LocalDate, Integer> dayCounters) {}

  private final String url;
  private final String user;
  private final String password;
  private final ZoneId zone;
  private final List<String> columns;
  private final List<Template> templates;
  private final List<String[]> jurisdictions;

  RecordLoader(
      String url,
      String user,
      String password,
      ZoneId zone,
      List<String> columns,
      List<Template> templates,
      List<String[]> jurisdictions) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.zone = zone;
    this.columns = columns;
    this.templates = templates;
    this.jurisdictions = jurisdictions;
  }

  /** A caller's number: 11 digits, like a mobile number. */
  static String number(long k) {
    return "13" + String.format("%09d", k);
  }

  static String heavyCaller(Random r) {
    return number(r.nextInt(HEAVY));
  }

  static String occasionalCaller(Random r) {
    return number(HEAVY + r.nextInt(OCCASIONAL));
  }

  /** The number of call {@code j} if it was a one-time caller's (59% are), else a new number. */
  static String oneTimeOrNewCaller(Random r, long calls) {
    return number(ONE_TIME_BASE + (long) (r.nextDouble() * calls));
  }

  static String neverSeenCaller(Random r) {
    return number(NEVER_SEEN_BASE + r.nextInt(100_000_000));
  }

  private int column(String name) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("case_record has no column " + name);
    }
    return i;
  }

  /**
   * Loads {@code cases} cases with their calls, evenly over [{@code start}, {@code end}). Case
   * numbers of a day continue from {@code counters} (cases that exist already).
   */
  Loaded load(
      Instant start, Instant end, long cases, Map<LocalDate, Integer> counters, int backlogMax)
      throws SQLException {
    long began = System.nanoTime();
    Random r = new Random(11);
    Map<LocalDate, Integer> dayCounters = new HashMap<>(counters);
    List<CaseKey> sample = new ArrayList<>();
    List<CaseKey> backlog = new ArrayList<>();
    List<Template> drafts = templates.stream().filter(t -> t.kind() == Kind.DRAFT).toList();
    List<Template> directs = templates.stream().filter(t -> t.kind() == Kind.DIRECT).toList();
    List<Template> dispatches = templates.stream().filter(t -> t.kind() == Kind.DISPATCH).toList();
    int cCaseId = column("case_id");
    int cCreated = column("created_at");
    int cStatus = column("status");
    int cUpdated = column("updated_at");
    int cCall = column("call_id");
    int cLinked = column("linked_id");
    int cCallerNumber = column("caller_number");
    int cCaller = column("caller");
    int cAgent = column("agent_id");
    int cSeat = column("seat_id");
    int cEntered = column("entered_at");
    int cAnswered = column("answered_at");
    int cEnded = column("ended_at");
    int cRecording = column("recording");
    int cWait = column("wait_sec");
    int cTalk = column("talk_sec");
    int cDistrict = column("district");
    int cStreet = column("street");
    int cSubmittedBy = column("submitted_by");
    int cSubmitted = column("submitted_at");
    int cIncomplete = column("incomplete");
    int cDeadline = column("deadline");
    int cOverdue = column("overdue");
    int cVersion = column("dispatch_version");
    int cRef = column("dispatch_ref");
    int cUnit = column("unit");
    int cAccepted = column("accepted_at");
    int cResolved = column("resolved_at");
    int cVisited = column("visited_at");
    int cVisitResolved = column("visit_resolved");
    int cSatisfaction = column("satisfaction");

    long spanMs = Duration.between(start, end).toMillis();
    double interval = spanMs / (cases / 0.95); // 5% of calls are abandoned and make no case
    Instant now = end;
    long made = 0;
    long calls = 0;
    long abandoned = 0;
    long statusRows = 0;
    long callbacks = 0;
    try (CopyStream caseRows =
            new CopyStream(url, user, password, "COPY hotline.case_record FROM STDIN");
        CopyStream history =
            new CopyStream(
                url,
                user,
                password,
                "COPY hotline.case_status_change (case_id, case_created_at, seq, status, at,"
                    + " changed_by, note, call_id, update_id) FROM STDIN");
        CopyStream callCase =
            new CopyStream(
                url,
                user,
                password,
                "COPY hotline.call_case (call_id, case_id, case_created_at) FROM STDIN");
        CopyStream detail =
            new CopyStream(
                url,
                user,
                password,
                "COPY hotline.call_detail (server, call_id, entered_at, linked_id, caller_number,"
                    + " caller, dialled, line, ivr_choice, queues, queued_at, answered_at,"
                    + " agent_id, seat_id, ended_at, outcome, hangup_by, hangup_cause, wait_sec,"
                    + " talk_sec, hold_sec, wrap_sec, holds, transfers, recording, case_id,"
                    + " ending_note, recorded_by) FROM STDIN");
        CopyStream callback =
            new CopyStream(
                url,
                user,
                password,
                "COPY hotline.callback (call_id, caller, queue_id, entered_at, abandoned_at,"
                    + " done_at) FROM STDIN")) {
      for (long j = 0; made < cases; j++) {
        Instant entered = start.plusMillis((long) (j * interval));
        calls++;
        double who = r.nextDouble();
        String callerNumber;
        if (who < 0.05) {
          callerNumber = heavyCaller(r);
        } else if (who < 0.40) {
          callerNumber = occasionalCaller(r);
        } else if (who < 0.99) {
          callerNumber = number(ONE_TIME_BASE + j);
        } else {
          callerNumber = "anonymous";
        }
        String caller = callerNumber.equals("anonymous") ? null : callerNumber;
        String callId = entered.getEpochSecond() + "." + j;
        String recordingDay = LocalDate.ofInstant(entered, zone).format(DAY);
        if (r.nextDouble() < 0.05) {
          abandoned++;
          int waited = 10 + r.nextInt(110);
          Instant gone = entered.plusSeconds(waited);
          detail
              .f("pbx1")
              .f(callId)
              .f(entered)
              .f(callId)
              .f(callerNumber)
              .f(caller)
              .f("12345")
              .f("trunk-ct")
              .f("1")
              .f("{general}")
              .f(entered.plusSeconds(8))
              .f((String) null)
              .f((String) null)
              .f((String) null)
              .f(gone)
              .f("abandoned")
              .f("caller")
              .f(16)
              .f(waited)
              .f(0)
              .f(0)
              .f((String) null)
              .f(0)
              .f(0)
              .f((String) null)
              .f((String) null)
              .f((String) null)
              .f("lifecycle")
              .end();
          if (caller != null) {
            callbacks++;
            callback
                .f(callId)
                .f(caller)
                .f("general")
                .f(entered)
                .f(gone)
                .f(
                    Duration.between(gone, now).toHours() > 24
                        ? gone.plus(Duration.ofMinutes(30 + r.nextInt(600)))
                        : null)
                .end();
          }
          continue;
        }
        int wait = 5 + r.nextInt(55);
        int talk = 60 + r.nextInt(540);
        int wrap = 30 + r.nextInt(90);
        Instant answered = entered.plusSeconds(wait);
        Instant ended = answered.plusSeconds(talk);
        String agent = "a" + (1 + r.nextInt(600));
        String seat = String.format("%03d", 1 + r.nextInt(600));
        String recording = "/var/spool/asterisk/monitor/" + recordingDay + "/" + callId + ".wav";
        detail
            .f("pbx1")
            .f(callId)
            .f(entered)
            .f(callId)
            .f(callerNumber)
            .f(caller)
            .f("12345")
            .f("trunk-ct")
            .f("1")
            .f("{general}")
            .f(entered.plusSeconds(8))
            .f(answered)
            .f(agent)
            .f(seat)
            .f(ended)
            .f("answered")
            .f(r.nextBoolean() ? "caller" : "agent")
            .f(16)
            .f(wait)
            .f(talk)
            .f(r.nextInt(10) == 0 ? 20 + r.nextInt(60) : 0)
            .f(wrap)
            .f(0)
            .f(0)
            .f(recording);
        // the case: created when the call was answered, numbered per day in the centre's zone
        Instant created = answered;
        LocalDate day = LocalDate.ofInstant(created, zone);
        int no = dayCounters.merge(day, 1, Integer::sum);
        String caseId = day.format(DAY) + "-" + String.format("%06d", no);
        detail.f(caseId).f((String) null).f("lifecycle").end();
        made++;
        if (made % 97 == 0) {
          sample.add(new CaseKey(caseId, created));
        }
        callCase.f(callId).f(caseId).f(created).end();

        double kind = r.nextDouble();
        Template t;
        if (kind < 0.01) {
          t = drafts.get(r.nextInt(drafts.size()));
        } else if (kind < 0.41) {
          t = directs.get(r.nextInt(directs.size()));
        } else {
          t = dispatches.get(r.nextInt(dispatches.size()));
        }
        String[] row = t.fields().clone();
        row[cCaseId] = caseId;
        row[cCreated] = created.toString();
        row[cCall] = callId;
        row[cLinked] = callId;
        row[cCallerNumber] = callerNumber;
        row[cCaller] = caller == null ? "\\N" : caller;
        row[cAgent] = agent;
        row[cSeat] = seat;
        row[cEntered] = entered.toString();
        row[cAnswered] = answered.toString();
        row[cEnded] = ended.toString();
        row[cRecording] = recording;
        row[cWait] = Integer.toString(wait);
        row[cTalk] = Integer.toString(talk);
        Instant submitted = ended.plusSeconds(wrap);
        int seq = 1;
        history.f(caseId).f(created).f(seq++).f("draft").f(created).f(agent).f("").f(callId);
        history.f((String) null).end();
        String status;
        Instant updated;
        if (t.kind() == Kind.DRAFT) {
          status = "draft";
          Instant flagged = ended.plus(Duration.ofMinutes(10));
          row[cIncomplete] = "t";
          history.f(caseId).f(created).f(seq++).f("draft").f(flagged).f("system");
          history.f("incomplete: no form within the wrap-up limit").f((String) null);
          history.f((String) null).end();
          updated = flagged;
        } else {
          String[] district = jurisdictions.get(r.nextInt(jurisdictions.size()));
          row[cDistrict] = district[0];
          row[cStreet] = district[1];
          row[cSubmittedBy] = agent;
          row[cSubmitted] = submitted.toString();
          row[cVersion] = "1";
          history.f(caseId).f(created).f(seq++).f("submitted").f(submitted).f(agent).f("");
          history.f((String) null).f((String) null).end();
          if (t.kind() == Kind.DIRECT) {
            status = "closed";
            updated = submitted;
            row[cRef] = "R-" + j;
            history.f(caseId).f(created).f(seq++).f("closed").f(submitted).f(agent).f("");
            history.f((String) null).f((String) null).end();
          } else {
            Instant deadline = submitted.plus(t.deadlineAfterSubmit());
            row[cDeadline] = deadline.toString();
            Instant[] at = new Instant[STAGES.length];
            at[1] = submitted;
            at[2] = submitted.plusSeconds(2);
            at[3] = at[2].plus(Duration.ofMinutes(30 + r.nextInt(210)));
            at[4] = at[3].plus(Duration.ofHours(12 + r.nextInt(96)));
            at[5] = at[4].plus(Duration.ofHours(12 + r.nextInt(36)));
            at[6] = at[5];
            int stage = 1;
            while (stage < 6 && !at[stage + 1].isAfter(now)) {
              stage++;
            }
            if (stage > 3 && r.nextDouble() < 0.06) {
              stage = 3; // long-running: accepted, never resolved so far
            }
            if (Duration.between(created, now).toDays() < 7
                && backlog.size() < backlogMax
                && r.nextBoolean()) {
              stage = 1;
              backlog.add(new CaseKey(caseId, created));
            }
            if (stage == 5) {
              stage = 6; // a return visit closes the case at once
            }
            status = STAGES[stage];
            updated = at[stage];
            Instant settled = stage >= 4 ? at[4] : now;
            row[cOverdue] = deadline.isBefore(settled) ? "t" : "f";
            if (stage >= 2) {
              row[cRef] = "R-" + j;
            }
            if (stage >= 3) {
              row[cUnit] = "unit-" + district[0] + "-" + district[1];
              row[cAccepted] = at[3].toString();
            }
            if (stage >= 4) {
              row[cResolved] = at[4].toString();
            }
            if (stage >= 5) {
              row[cVisited] = at[5].toString();
              row[cVisitResolved] = "t";
              row[cSatisfaction] = r.nextInt(5) == 0 ? "basic" : "satisfied";
            }
            for (int s = 2; s <= stage; s++) {
              String by;
              String note = "";
              String update = null;
              switch (s) {
                case 2 -> {
                  by = "webhook";
                  note = "R-" + j;
                }
                case 3 -> {
                  by = row[cUnit];
                  update = "u-" + j + "-a";
                }
                case 4 -> {
                  by = row[cUnit];
                  update = "u-" + j + "-r";
                  note = "已现场处理，问题已解决";
                }
                default -> by = agent;
              }
              history.f(caseId).f(created).f(seq++).f(STAGES[s]).f(at[s]).f(by).f(note);
              history.f((String) null).f(update).end();
            }
          }
        }
        statusRows += seq - 1;
        row[cStatus] = status;
        row[cUpdated] = updated.toString();
        caseRows.line(String.join("\t", row));
        if (made % 200_000 == 0) {
          System.out.printf(
              "  %,d cases, %,d calls, %.0f s%n", made, calls, (System.nanoTime() - began) / 1e9);
        }
      }
      caseRows.finish();
      history.finish();
      callCase.finish();
      detail.finish();
      callback.finish();
    }
    return new Loaded(
        made,
        calls,
        abandoned,
        statusRows,
        callbacks,
        (System.nanoTime() - began) / 1e9,
        sample,
        backlog,
        dayCounters);
  }
}
