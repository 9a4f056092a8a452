package org.hotline.gateway.calls;

import java.time.Instant;

/**
 * A hotline call as the telephony knows it.
 *
 * @param callId {@code server:uniqueid} of the caller's channel: unique across servers
 * @param channel the caller's channel name, which AMI actions (Redirect, Setvar) address
 * @param dialled the hotline number the caller dialled, or empty
 * @param recording the recording's file name (without extension), or empty when not recorded
 */
public record CallRecord(
    String callId,
    String server,
    String channel,
    String uniqueId,
    String callerNumber,
    String callerName,
    String dialled,
    String queueId,
    String language,
    Instant enteredAt,
    String recording) {

  /** The call id of a caller channel on a server. */
  public static String callIdOf(String server, String uniqueId) {
    return server + ":" + uniqueId;
  }
}
