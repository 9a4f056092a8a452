package org.hotline.cases.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Case ids: {@code yyyyMMdd-NNNNNN}, the day being the day the case was created in the centre's
 * zone. A lookup by id therefore knows the day its row was created, and reads one partition.
 */
final class CaseIds {

  static final Pattern FORMAT = Pattern.compile("\\d{8}-\\d{6,9}");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final ZoneId zone;

  CaseIds(ZoneId zone) {
    this.zone = zone;
  }

  LocalDate day(Instant createdAt) {
    return LocalDate.ofInstant(createdAt, zone);
  }

  String id(LocalDate day, int number) {
    return day.format(DAY) + "-" + String.format("%06d", number);
  }

  /**
   * Where the row of {@code caseId} can be: its day, widened by a day on each side so that a change
   * of the configured zone cannot hide a case. Empty for a string that is not a case id.
   */
  Optional<Instant[]> createdRange(String caseId) {
    if (caseId == null || !FORMAT.matcher(caseId).matches()) {
      return Optional.empty();
    }
    try {
      LocalDate day = LocalDate.parse(caseId.substring(0, 8), DAY);
      return Optional.of(
          new Instant[] {
            day.minusDays(1).atStartOfDay(zone).toInstant(),
            day.plusDays(2).atStartOfDay(zone).toInstant()
          });
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
