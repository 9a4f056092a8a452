package org.hotline.seat.api;

import java.util.Map;

/**
 * One entry of the seat manager's event stream: its stream id ({@code ms-n}) and its fields ({@code
 * kind}, {@code at} in epoch ms, and the kind's own: agent, seat, call, from, to, …).
 */
public record SeatEvent(String id, Map<String, String> fields) {

  public SeatEvent {
    fields = Map.copyOf(fields);
  }
}
