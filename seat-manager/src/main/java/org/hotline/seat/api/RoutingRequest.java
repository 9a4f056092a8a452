package org.hotline.seat.api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A call to be queued.
 *
 * @param callId the caller's call id, unique in the centre (the gateway's, e.g. server and
 *     linkedid)
 * @param queueId the queue the IVR chose
 * @param priority 0 (lowest) .. 9 (highest); e.g. an elderly caller or a repeat caller whose case
 *     is overdue is raised
 * @param language the language the caller asked for; empty means the queue's first language
 * @param district the district the call is about, when known; routes to agents serving it where the
 *     queue asks for that
 * @param arrivedAt when the caller arrived, for a call queued late (the gateway was down or
 *     restarting): it takes its place in line ahead of newer calls, and its wait counts from then.
 *     Empty means now. A time in the future or more than a day ago is taken as now.
 */
public record RoutingRequest(
    String callId,
    String queueId,
    int priority,
    Optional<String> language,
    Optional<String> district,
    Optional<java.time.Instant> arrivedAt) {

  /** Call ids appear in keys and events; the gateway's ids contain ':' and '.'. */
  public static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  public RoutingRequest {
    if (callId == null || !CALL_ID.matcher(callId).matches()) {
      throw new IllegalArgumentException("call id must match " + CALL_ID + ": " + callId);
    }
    Objects.requireNonNull(queueId, "queueId");
    if (priority < 0 || priority > 9) {
      throw new IllegalArgumentException("priority must be 0..9: " + priority);
    }
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(arrivedAt, "arrivedAt");
  }

  /** A call arriving now. */
  public RoutingRequest(
      String callId,
      String queueId,
      int priority,
      Optional<String> language,
      Optional<String> district) {
    this(callId, queueId, priority, language, district, Optional.empty());
  }

  /** A call in {@code queueId} at priority 0, in the queue's language, about no district. */
  public static RoutingRequest of(String callId, String queueId) {
    return new RoutingRequest(callId, queueId, 0, Optional.empty(), Optional.empty());
  }

  public RoutingRequest withPriority(int newPriority) {
    return new RoutingRequest(callId, queueId, newPriority, language, district, arrivedAt);
  }

  public RoutingRequest withDistrict(String newDistrict) {
    return new RoutingRequest(
        callId, queueId, priority, language, Optional.of(newDistrict), arrivedAt);
  }

  public RoutingRequest withLanguage(String newLanguage) {
    return new RoutingRequest(
        callId, queueId, priority, Optional.of(newLanguage), district, arrivedAt);
  }

  /** The same call, arrived at {@code when} (see {@link #arrivedAt()}). */
  public RoutingRequest arrivedAt(java.time.Instant when) {
    return new RoutingRequest(callId, queueId, priority, language, district, Optional.of(when));
  }
}
