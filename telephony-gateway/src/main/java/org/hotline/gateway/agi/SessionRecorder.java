package org.hotline.gateway.agi;

import java.util.Locale;

/** Hears how each FastAGI session ended, for the metrics; {@link #NONE} hears nothing. */
@FunctionalInterface
public interface SessionRecorder {

  SessionRecorder NONE = (script, outcome, nanos) -> {};

  /** Why a session ended. */
  enum Outcome {
    /** The script ran to its end (a session refused by its script ends so too). */
    COMPLETED,
    /** The caller hung up while the script talked to the channel. */
    HANGUP,
    /** The script failed: a store out of reach, a command unanswered in time. */
    FAILED,
    /** The peer broke the protocol (a line too long, an unknown script) and was given up. */
    GIVEN_UP;

    /** The tag value: {@code completed}, {@code hangup}, {@code failed}, {@code given-up}. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A session of {@code script} ended after {@code nanos} from its request.
   *
   * @param script a registered script's name, or {@link AgiServer#UNKNOWN_SCRIPT}: the peer's path
   *     is never a tag
   */
  void ended(String script, Outcome outcome, long nanos);
}
