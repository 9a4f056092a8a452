package org.hotline.asterisk.sim.exchange;

/** The Q.850 causes the simulator produces, with Asterisk's Cause-txt. */
public final class HangupCause {
  public static final int UNKNOWN = 0;
  public static final int UNALLOCATED = 1;
  public static final int NORMAL_CLEARING = 16;
  public static final int USER_BUSY = 17;
  public static final int NO_USER_RESPONSE = 18;
  public static final int NO_ANSWER = 19;
  public static final int CALL_REJECTED = 21;
  public static final int CONGESTION = 34;
  public static final int NORMAL_UNSPECIFIED = 31;

  private HangupCause() {}

  /** The text Asterisk puts in Cause-txt. */
  public static String text(int cause) {
    return switch (cause) {
      case UNALLOCATED -> "Unallocated (unassigned) number";
      case NORMAL_CLEARING -> "Normal Clearing";
      case USER_BUSY -> "User busy";
      case NO_USER_RESPONSE -> "No user responding";
      case NO_ANSWER -> "User alerting, no answer";
      case CALL_REJECTED -> "Call Rejected";
      case NORMAL_UNSPECIFIED -> "Normal, unspecified";
      case CONGESTION -> "Circuit/channel congestion";
      default -> "Unknown";
    };
  }
}
