package org.hotline.reports.centre;

import java.util.List;
import java.util.Map;

/**
 * Who hung up, by how the call ended, and why the exchange says the line cleared (the Q.850 cause
 * of the caller's channel).
 */
public record Hangups(ReportDays days, List<ByParty> byParty, List<ByCause> byCause) {

  /** Names of the causes a hotline sees, as ITU-T Q.850 gives them. */
  static final Map<Integer, String> CAUSE_NAMES =
      Map.ofEntries(
          Map.entry(1, "Unallocated number"),
          Map.entry(16, "Normal clearing"),
          Map.entry(17, "User busy"),
          Map.entry(18, "No user responding"),
          Map.entry(19, "No answer from user"),
          Map.entry(21, "Call rejected"),
          Map.entry(27, "Destination out of order"),
          Map.entry(31, "Normal, unspecified"),
          Map.entry(34, "No circuit/channel available"),
          Map.entry(38, "Network out of order"),
          Map.entry(41, "Temporary failure"),
          Map.entry(42, "Switching equipment congestion"),
          Map.entry(102, "Recovery on timer expiry"),
          Map.entry(127, "Interworking, unspecified"));

  public Hangups {
    byParty = List.copyOf(byParty);
    byCause = List.copyOf(byCause);
  }

  /**
   * @param hangupBy caller, agent, exchange or unknown (who hung up first, as the record says)
   * @param outcome answered, abandoned, short_abandoned, ivr or dropped
   */
  public record ByParty(String hangupBy, String outcome, long calls) {}

  /**
   * @param cause the Q.850 cause code; null when the exchange gave none
   * @param name its name, or "Cause n" for one not listed here, or "Unknown"
   */
  public record ByCause(Integer cause, String name, long calls) {

    static ByCause of(Integer cause, long calls) {
      String name = cause == null ? "Unknown" : CAUSE_NAMES.getOrDefault(cause, "Cause " + cause);
      return new ByCause(cause, name, calls);
    }
  }
}
