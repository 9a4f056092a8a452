package org.hotline.staff.guest;

import java.time.Instant;
import java.util.Objects;

/** What a supervisor asks for: who, which district, which seat, when, with which coach. */
public record GuestRequest(
    String name,
    String title,
    String districtId,
    String seatId,
    String coachId,
    Instant startsAt,
    Instant endsAt) {

  public GuestRequest {
    Objects.requireNonNull(name, "name");
    title = title == null ? "" : title.strip();
    Objects.requireNonNull(districtId, "districtId");
    Objects.requireNonNull(seatId, "seatId");
    Objects.requireNonNull(coachId, "coachId");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    name = name.strip();
  }
}
