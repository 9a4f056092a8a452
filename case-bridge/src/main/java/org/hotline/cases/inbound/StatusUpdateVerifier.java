package org.hotline.cases.inbound;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.intake.TextRules;
import org.hotline.cases.signature.Hmac;

/**
 * Checks a status update the gateway received from the dispatch system, before anything is read
 * from it: the gateway passes the raw body bytes and a header lookup.
 *
 * <p>Accepted only if {@code X-Hotline-Timestamp} (epoch seconds) is within the replay window of
 * our clock and {@code X-Hotline-Signature} is {@code v1=} + hex HMAC-SHA256 of {@code timestamp +
 * "." + body} under the shared key. An exact replay inside the window passes this check, and is
 * then harmless: the update's {@code updateId} is applied at most once.
 *
 * <p>The body: {@code {"updateId": "...", "caseId": "20261127-000123", "status":
 * "accepted|resolved|returned|responded|extension_requested", "unit": "...", "reason": "...", "at":
 * "2026-11-27T10:00:00Z"}}; {@code reason} is required for {@code returned} and {@code
 * extension_requested}. A co-unit (协办) names itself in {@code unit} by its id from the dispatch
 * payload's {@code units}. An extension request (延期) also gives the deadline it asks for, as {@code
 * "requestedDeadline": "2026-12-01T10:00:00Z"} or as {@code "extendBy": "3d"} (hours or days added
 * to the case's current deadline, e.g. {@code 12h}, {@code 3d}), not both.
 */
public final class StatusUpdateVerifier {

  public static final int MAX_BODY_BYTES = 16 * 1024;
  static final Pattern UPDATE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  static final Pattern CASE_ID = Pattern.compile("\\d{8}-\\d{6,}");

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).build())
              .build());

  private final byte[] key;
  private final Duration window;
  private final Clock clock;

  public StatusUpdateVerifier(byte[] key, Duration replayWindow, Clock clock) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the inbound HMAC key must have at least 16 bytes");
    }
    this.key = key.clone();
    this.window = replayWindow;
    this.clock = clock;
  }

  /** Verified and parsed, or refused with a pinned code and a reason safe to send back. */
  public sealed interface Result {}

  public record Verified(StatusUpdate update) implements Result {}

  public record Refused(ErrorCode code, String reason) implements Result {}

  /**
   * @param headers the request's header by name (case-insensitive on the gateway's side), or null
   */
  public Result verify(byte[] body, Function<String, String> headers) {
    String timestamp = headers.apply(Hmac.TIMESTAMP_HEADER);
    String signature = headers.apply(Hmac.SIGNATURE_HEADER);
    if (timestamp == null || signature == null) {
      return new Refused(ErrorCode.UNAUTHENTICATED, "missing signature headers");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return new Refused(ErrorCode.UNAUTHENTICATED, "bad timestamp");
    }
    if (body == null || body.length > MAX_BODY_BYTES) {
      return new Refused(ErrorCode.INVALID_ARGUMENT, "body missing or too large");
    }
    if (!Hmac.verify(key, timestamp.strip(), body, signature.strip())) {
      return new Refused(ErrorCode.UNAUTHENTICATED, "bad signature");
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
    if (skew > window.toSeconds()) {
      return new Refused(ErrorCode.STALE_REQUEST, "timestamp outside the replay window");
    }
    return parse(body);
  }

  static Result parse(byte[] body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      return bad("not JSON");
    }
    if (n == null || !n.isObject()) {
      return bad("not a JSON object");
    }
    String updateId = text(n, "updateId");
    String caseId = text(n, "caseId");
    Optional<StatusUpdate.Kind> kind = StatusUpdate.Kind.parse(text(n, "status"));
    if (updateId == null || !UPDATE_ID.matcher(updateId).matches()) {
      return bad("updateId");
    }
    if (caseId == null || !CASE_ID.matcher(caseId).matches()) {
      return bad("caseId");
    }
    if (kind.isEmpty()) {
      return bad("status must be accepted, resolved, returned, responded or extension_requested");
    }
    Optional<String> unit;
    Optional<String> reason;
    try {
      unit = clean(n, "unit", 100);
      reason = clean(n, "reason", 500);
    } catch (NotPlainText e) {
      return bad(e.getMessage() + " is not plain text");
    }
    if (kind.get() == StatusUpdate.Kind.RETURNED && reason.isEmpty()) {
      return bad("a return needs a reason");
    }
    if (kind.get() == StatusUpdate.Kind.EXTENSION_REQUESTED && reason.isEmpty()) {
      return bad("an extension request needs a reason");
    }
    Instant at;
    try {
      String t = text(n, "at");
      at = t == null ? Instant.now() : Instant.parse(t);
    } catch (DateTimeParseException e) {
      return bad("at is not an ISO-8601 instant");
    }
    Optional<StatusUpdate.Extension> requested = Optional.empty();
    if (kind.get() == StatusUpdate.Kind.EXTENSION_REQUESTED) {
      String deadline = text(n, "requestedDeadline");
      String extendBy = text(n, "extendBy");
      if ((deadline == null) == (extendBy == null)) {
        return bad("an extension request gives requestedDeadline or extendBy");
      }
      if (deadline != null) {
        try {
          requested = Optional.of(new StatusUpdate.Until(Instant.parse(deadline)));
        } catch (DateTimeParseException e) {
          return bad("requestedDeadline is not an ISO-8601 instant");
        }
      } else if (!EXTEND_BY.matcher(extendBy).matches()) {
        return bad("extendBy must be hours or days, e.g. 12h or 3d");
      } else {
        requested = Optional.of(new StatusUpdate.By(extendBy(extendBy)));
      }
    }
    return new Verified(
        new StatusUpdate(updateId, caseId, kind.get(), unit.orElse(""), reason, at, requested));
  }

  private static final Pattern EXTEND_BY = Pattern.compile("([1-9]\\d{0,3})([hd])");

  private static Duration extendBy(String text) {
    java.util.regex.Matcher m = EXTEND_BY.matcher(text);
    m.matches();
    long n = Long.parseLong(m.group(1));
    return m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  /** A text field that is there but is not acceptable plain text. */
  private static final class NotPlainText extends Exception {
    NotPlainText(String field) {
      super(field, null, false, false);
    }
  }

  /** Empty when absent or blank. */
  private static Optional<String> clean(JsonNode n, String field, int max) throws NotPlainText {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new NotPlainText(field);
    }
    Optional<String> c = TextRules.clean(v.textValue(), max, true);
    if (c.isEmpty()) {
      throw new NotPlainText(field);
    }
    return c.filter(s -> !s.isEmpty());
  }

  private static Refused bad(String reason) {
    return new Refused(ErrorCode.INVALID_ARGUMENT, reason);
  }
}
