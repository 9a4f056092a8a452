package org.hotline.cases.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One unit a case was dispatched to (街乡吹哨、部门报到): the lead (主办), whose resolution resolves the case,
 * or a co-unit (协办), whose reports are recorded and move nothing.
 *
 * @param unitId the unit type's code, e.g. {@code street_office}; how a co-unit names itself in
 *     status updates
 * @param name the unit type's name
 * @param reportedName the name the unit reported under, when it has reported
 * @param response a co-unit's report (反馈) to the lead
 * @param result what the unit said when it reported its part done
 */
public record CaseUnit(
    String unitId,
    Role role,
    LocalizedName name,
    Instant dispatchedAt,
    Optional<String> reportedName,
    Optional<Instant> acceptedAt,
    Optional<Instant> respondedAt,
    Optional<String> response,
    Optional<Instant> resolvedAt,
    Optional<String> result,
    Optional<Instant> returnedAt,
    Optional<String> returnReason) {

  public CaseUnit {
    Objects.requireNonNull(unitId, "unitId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dispatchedAt, "dispatchedAt");
  }

  /** Where the unit is with its part: returned, resolved, responded, accepted or dispatched. */
  public String state() {
    if (returnedAt.isPresent()) {
      return "returned";
    }
    if (resolvedAt.isPresent()) {
      return "resolved";
    }
    if (respondedAt.isPresent()) {
      return "responded";
    }
    return acceptedAt.isPresent() ? "accepted" : "dispatched";
  }

  public enum Role {
    /** 主办. */
    LEAD,
    /** 协办. */
    CO;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String code) {
      return "lead".equals(code) ? LEAD : CO;
    }
  }
}
