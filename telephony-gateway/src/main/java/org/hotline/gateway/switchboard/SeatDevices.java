package org.hotline.gateway.switchboard;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;

/**
 * Which seat a device or a channel belongs to. Asterisk names a channel after its device plus a
 * sequence ({@code PJSIP/seat036-0000002a}, {@code Local/1001@agents-00000002;1}).
 */
public final class SeatDevices {

  private static final Pattern CHANNEL = Pattern.compile("(.+)-[0-9a-f]{8}(;[12])?");

  private final Map<String, String> seatByDevice = new HashMap<>();

  public SeatDevices(SeatManagerConfig config) {
    for (Seat seat : config.seats()) {
      seatByDevice.put(seat.device(), seat.id());
    }
  }

  public Optional<String> seatOfDevice(String device) {
    return Optional.ofNullable(seatByDevice.get(device));
  }

  public Optional<String> seatOfChannel(String channel) {
    Matcher m = CHANNEL.matcher(channel == null ? "" : channel);
    return m.matches() ? seatOfDevice(m.group(1)) : Optional.empty();
  }
}
