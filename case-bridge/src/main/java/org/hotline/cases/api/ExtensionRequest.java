package org.hotline.cases.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * 延期: a unit's request for a later deadline, and what a supervisor decided.
 *
 * @param extensionId our id of the request, for the supervisor's grant or refusal
 * @param deadlineThen the case's deadline when the unit asked
 * @param requestedDeadline the deadline the unit asks for; the case's deadline moves to it only
 *     when granted
 */
public record ExtensionRequest(
    String extensionId,
    String caseId,
    String unit,
    Instant requestedAt,
    Instant deadlineThen,
    Instant requestedDeadline,
    String reason,
    State state,
    Optional<String> decidedBy,
    Optional<Instant> decidedAt,
    Optional<String> decisionNote) {

  public ExtensionRequest {
    Objects.requireNonNull(extensionId, "extensionId");
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(state, "state");
  }

  public enum State {
    PENDING,
    GRANTED,
    REFUSED;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static State parse(String code) {
      return valueOf(code.toUpperCase(Locale.ROOT));
    }
  }
}
