package org.hotline.cases.api;

import java.time.Instant;
import java.util.Optional;

/**
 * One case on the screen pop.
 *
 * @param categoryName the category's name, empty for a draft without a form
 * @param overdue past its deadline and not resolved
 * @param districtId the district the case is about, once the form named it
 */
public record CaseSummary(
    String caseId,
    Instant createdAt,
    CaseStatus status,
    Optional<RequestType> requestType,
    Optional<String> categoryCode,
    Optional<LocalizedName> categoryName,
    Optional<Instant> deadline,
    boolean overdue,
    Optional<String> districtId) {}
