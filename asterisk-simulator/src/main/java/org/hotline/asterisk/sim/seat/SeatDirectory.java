package org.hotline.asterisk.sim.seat;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The seats that exist and how each behaves. PJSIP endpoints named like {@code seat036} exist;
 * Local seats exist in the contexts the lab used (agents...). A seat without its own behaviour uses
 * the default. Thread-safe: tests change behaviours while calls run.
 */
public final class SeatDirectory {
  private static final Pattern SEAT_ENDPOINT = Pattern.compile("seat\\d+");

  /**
   * A number dialled out through the trunk ({@code PJSIP/13900000001@trunk}, as the shipped
   * dialplan's callbacks do): the resident's phone, with a seat's behaviour (the default unless one
   * is set for that device).
   */
  private static final Pattern OUTSIDE_NUMBER = Pattern.compile("\\+?\\d{3,20}@trunk");

  private final Map<String, SeatBehaviour> perSeat = new ConcurrentHashMap<>();
  private final Map<String, String> keys = new ConcurrentHashMap<>();
  private volatile SeatBehaviour defaultBehaviour;

  public SeatDirectory(SeatBehaviour defaultBehaviour) {
    this.defaultBehaviour = Objects.requireNonNull(defaultBehaviour);
  }

  /** True if a Dial to this device reaches an endpoint (else CHANUNAVAIL, no channel). */
  public boolean exists(Device device) {
    if (device.tech().equals("PJSIP")) {
      return SEAT_ENDPOINT.matcher(device.resource()).matches()
          || OUTSIDE_NUMBER.matcher(device.resource()).matches()
          || perSeat.containsKey(device.name());
    }
    return true;
  }

  /** True for an outside phone reached through the trunk ({@code PJSIP/<digits>@trunk}). */
  public boolean outsidePhone(Device device) {
    return device.tech().equals("PJSIP") && OUTSIDE_NUMBER.matcher(device.resource()).matches();
  }

  /** The behaviour of the seat behind a device. */
  public SeatBehaviour behaviour(Device device) {
    if (device.tech().equals("Local")) {
      switch (device.context()) {
        case "agents-noanswer":
          return SeatBehaviour.neverAnswers();
        case "agents-busy":
          return SeatBehaviour.busy();
        case "agents-congestion":
          return SeatBehaviour.congested();
        default:
          break;
      }
    }
    SeatBehaviour own = perSeat.get(device.name());
    return own != null ? own : defaultBehaviour;
  }

  /**
   * Sets one seat's behaviour; {@code seat} is {@code seat036}, {@code PJSIP/seat036} or a Local
   * device.
   */
  public void behave(String seat, SeatBehaviour behaviour) {
    perSeat.put(key(seat), Objects.requireNonNull(behaviour));
  }

  /**
   * The keys the person at {@code seat} (e.g. {@code PJSIP/13900000001@trunk}, a resident called
   * for a survey) presses after answering an originated call, each after a second; others press the
   * simulator's {@code calleeDigits}.
   */
  public void presses(String seat, String digits) {
    keys.put(key(seat), Objects.requireNonNull(digits));
  }

  /** The keys set for this device's person, if any. */
  public java.util.Optional<String> keysOf(Device device) {
    return java.util.Optional.ofNullable(keys.get(device.name()));
  }

  /** Removes a seat's own behaviour so it follows the default again. */
  public void reset(String seat) {
    perSeat.remove(key(seat));
  }

  public void defaultBehaviour(SeatBehaviour behaviour) {
    this.defaultBehaviour = Objects.requireNonNull(behaviour);
  }

  public SeatBehaviour defaultBehaviour() {
    return defaultBehaviour;
  }

  private static String key(String seat) {
    return seat.contains("/") ? seat : "PJSIP/" + seat;
  }
}
