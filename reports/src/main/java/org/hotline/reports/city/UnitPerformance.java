package org.hotline.reports.city;

import java.util.Optional;

/**
 * One unit's month: times from dispatch (submitted_at, when the time limit starts) to its response
 * and to resolution, over its dispatched cases created in the month.
 *
 * @param unit as the dispatch system reported it; empty: cases no unit has taken yet, and praise
 *     answered on the call
 * @param responded cases it responded to (as the response rate counts a response), at any time
 * @param resolved cases it reported resolved
 * @param solvedWithin the headline: resolved within the configured time of dispatch ÷ resolved, of
 *     the configured urgencies
 * @param praise 表扬 cases counted for the unit
 */
public record UnitPerformance(
    Optional<String> unit,
    long dispatched,
    long responded,
    Optional<Double> meanResponseHours,
    Optional<Double> medianResponseHours,
    long resolved,
    Optional<Double> meanResolutionHours,
    Optional<Double> medianResolutionHours,
    Rate solvedWithin,
    long praise) {}
