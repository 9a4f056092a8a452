package org.hotline.reports.centre;

import static org.hotline.reports.centre.HandBuiltDay.DAY;
import static org.hotline.reports.centre.HandBuiltDay.NOW;
import static org.hotline.reports.centre.HandBuiltDay.QUEUES;
import static org.hotline.reports.centre.HandBuiltDay.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.hotline.reports.format.ReportJson;
import org.junit.jupiter.api.Test;

/** The reports of the hand-built day ({@link HandBuiltDay}) as CSV and as JSON. */
class RenderingTest {

  private static final ReportDays THE_DAY = ReportDays.of(DAY, ZONE);

  private static List<String> lines(String csv) {
    assertTrue(csv.endsWith("\r\n"), "RFC 4180 ends records with CRLF");
    return List.of(csv.split("\r\n"));
  }

  @Test
  void theIntervalCsvHasAHeaderEveryIntervalAndEachQueuesTotal() {
    List<String> csv =
        lines(
            CentreCsv.intervals(
                HandBuiltDay.await(HandBuiltDay.reports().intervals(THE_DAY, QUEUES))));
    assertEquals(
        "queue,row,from,to,offered,answered,answered_in_sl,abandoned,short_abandoned,dropped,"
            + "transferred,service_level,abandon_rate,asa_s,handled,aht_s,longest_wait_s",
        csv.get(0));
    // header + (96 intervals + a total) for each of the 2 queues
    assertEquals(1 + 2 * 97, csv.size());
    // 08:00 is the 33rd interval: c1 and c3, SL 1, ASA 17.5, AHT 350, longest 20
    assertEquals(
        "general,interval,2026-03-02 08:00,2026-03-02 08:15,2,2,2,0,0,0,0,1,0,17.5,2,350,20",
        csv.get(1 + 32));
    // an empty interval: no service level, no ASA, no AHT, no longest wait
    assertEquals(
        "general,interval,2026-03-02 00:00,2026-03-02 00:15,0,0,0,0,0,0,0,,,,0,,", csv.get(1));
    // AHT 922 ÷ 3 = 307.333…, abandon rate 2 ÷ 6 = 0.3333
    assertEquals(
        "general,total,2026-03-02 00:00,2026-03-03 00:00,8,4,3,2,1,1,1,0.5,0.3333,18.25,3,307.333,45",
        csv.get(97));
    assertTrue(csv.get(98).startsWith("elderly,interval,2026-03-02 00:00,"));
  }

  @Test
  void theAgentCsvHasAColumnForEveryPauseReasonAndTheFloorLast() {
    List<String> csv =
        lines(CentreCsv.agents(HandBuiltDay.await(HandBuiltDay.reports().agents(THE_DAY, NOW))));
    assertEquals(
        "agent,staffed_s,available_s,ringing_s,talk_s,hold_s,wrap_up_s,paused_s,paused_break_s,"
            + "paused_meal_s,paused_no-answer_s,paused_training_s,calls_handled,offers,"
            + "ring_no_answer,occupancy",
        csv.get(0));
    // occupancy 510 ÷ 31,714 = 0.01608…
    assertEquals("a1,36000,31204,26,390,50,70,4260,600,3600,60,0,2,3,1,0.0161", csv.get(1));
    assertEquals(5, csv.size()); // header, a1, a2, a3, the floor
    assertTrue(csv.get(4).startsWith("(floor),45900,"));
  }

  @Test
  void theDistributionCsvs() {
    Distributions d =
        HandBuiltDay.await(
            HandBuiltDay.reports().distributions(THE_DAY, QUEUES, WaitBuckets.DEFAULT, 10));
    List<String> hours = lines(CentreCsv.callsByHour(d.byHour()));
    assertEquals("hour,calls,queued,answered,abandoned,short_abandoned", hours.get(0));
    assertEquals("8,8,7,4,2,1", hours.get(1 + 8));
    List<String> waits = lines(CentreCsv.waitTimes(d.waitTimes()));
    assertEquals(
        "wait_s,from_s,to_s,answered,answered_cumulative_share,abandoned,short_abandoned",
        waits.get(0));
    assertEquals("0-10,0,10,1,0.2,1,1", waits.get(1));
    assertEquals("300+,300,,0,1,0,0", waits.get(7));
    assertEquals("hangup_by,outcome,calls", lines(CentreCsv.hangupsByParty(d.hangups())).get(0));
    assertEquals(
        List.of("cause,name,calls", "16,Normal clearing,10", "34,No circuit/channel available,1"),
        lines(CentreCsv.hangupCauses(d.hangups())));
    assertEquals("1,6,0.5455,2,2", lines(CentreCsv.ivrChoices(d.ivrAndLines())).get(1));
    assertEquals(
        "line,calls,share,answered,abandoned", lines(CentreCsv.lines(d.ivrAndLines())).get(0));
    List<String> callers = lines(CentreCsv.repeatCallers(d.repeatCallers()));
    assertEquals("caller,calls,answered,first_call,last_call", callers.get(0));
    assertEquals("139****5678,3,2,2026-03-02 08:00,2026-03-02 09:39", callers.get(1));
    List<String> weekdays = lines(CentreCsv.callsByWeekday(d.byWeekday()));
    assertEquals("MONDAY,1,11,11,9,5,2,1", weekdays.get(1));
  }

  @Test
  void reportsAreJsonWithTimesAsIsoTextAndNoFullPhoneNumber() throws Exception {
    ObjectMapper plain = new ObjectMapper();
    JsonNode intervals =
        plain.readTree(
            ReportJson.write(
                HandBuiltDay.await(HandBuiltDay.reports().intervals(THE_DAY, QUEUES))));
    assertEquals("2026-03-02", intervals.at("/days/first").asText());
    assertEquals("Asia/Shanghai", intervals.at("/days/zone").asText());
    assertEquals(15.0, intervals.at("/queues/1/serviceLevel").asDouble()); // elderly's threshold
    JsonNode eight = intervals.at("/intervals/32");
    assertEquals("2026-03-02T08:00:00+08:00", eight.get("from").asText());
    assertEquals(17.5, eight.get("averageSpeedOfAnswerSeconds").asDouble());
    assertTrue(intervals.at("/intervals/0/serviceLevel").isNull());

    JsonNode agents =
        plain.readTree(
            ReportJson.write(HandBuiltDay.await(HandBuiltDay.reports().agents(THE_DAY, NOW))));
    assertEquals(600.0, agents.at("/agents/0/pausedByReason/break").asDouble());

    String distributions =
        ReportJson.write(
            HandBuiltDay.await(
                HandBuiltDay.reports().distributions(THE_DAY, QUEUES, WaitBuckets.DEFAULT, 10)));
    JsonNode d = plain.readTree(distributions);
    assertEquals("139****5678", d.at("/repeatCallers/top/0/number").asText());
    assertEquals("MONDAY", d.at("/byWeekday/weekdays/0/day").asText());
    assertFalse(distributions.contains("13912345678"), "a caller's number is never whole");
  }
}
