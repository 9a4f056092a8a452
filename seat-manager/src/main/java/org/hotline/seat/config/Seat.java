package org.hotline.seat.config;

import java.util.Objects;

/**
 * A workstation with a phone device.
 *
 * @param id the seat number people say ("036")
 * @param zone floor area, e.g. "A"
 * @param row row within the zone
 * @param device the dial string of the seat's phone (for the gateway, e.g. {@code PJSIP/seat036})
 */
public record Seat(String id, String zone, String row, String device) {
  public Seat {
    QueueConfig.requireId(id, "seat id");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(row, "row");
    Objects.requireNonNull(device, "device");
  }
}
