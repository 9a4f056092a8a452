package org.hotline.staff.guest;

import java.time.Instant;
import java.util.Optional;

/**
 * A visiting official's morning at a seat.
 *
 * @param staffId the official's entry in the staff directory (role official, no password)
 * @param coachId the experienced agent beside them, who may complete or correct their case forms
 * @param codeUsedAt when the one-time code signed them in; a code works once
 * @param endedAt when the session was ended (by a supervisor, or after its window)
 */
public record GuestSession(
    String guestId,
    String staffId,
    String name,
    String title,
    String districtId,
    String seatId,
    String coachId,
    Instant startsAt,
    Instant endsAt,
    Optional<Instant> codeUsedAt,
    Optional<Instant> endedAt,
    String createdBy,
    Instant createdAt) {

  /** Whether the official may be at the seat at {@code now}: inside the window and not ended. */
  public boolean liveAt(Instant now) {
    return endedAt.isEmpty() && !now.isBefore(startsAt) && now.isBefore(endsAt);
  }
}
