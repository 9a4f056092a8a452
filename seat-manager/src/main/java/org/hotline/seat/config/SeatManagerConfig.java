package org.hotline.seat.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything the seat manager is configured with; immutable, validated when built.
 *
 * @param centreId the call centre; all its keys share one Redis hash tag made of it
 * @param zone the centre's time zone: "since midnight" statistics follow its midnight
 * @param offerTimeout a call ringing at a seat this long is taken back even if the telephony never
 *     reported the outcome (a backstop beyond the dialplan's own ring timeout)
 * @param districts every district a call or an agent may name
 */
public record SeatManagerConfig(
    String centreId,
    ZoneId zone,
    Duration offerTimeout,
    List<String> districts,
    List<QueueConfig> queues,
    List<PauseReason> pauseReasons,
    List<Seat> seats) {

  public SeatManagerConfig {
    QueueConfig.requireId(centreId, "centre id");
    districts.forEach(d -> QueueConfig.requireId(d, "district"));
    districts = List.copyOf(districts);
    queues = List.copyOf(queues);
    // the system's own reasons (calling a resident back, being consulted, monitoring); no file
    // needs them
    pauseReasons =
        withSystemReason(
            pauseReasons, PauseReason.CALLBACK, new LocalizedName("回拨中", "Calling back"));
    pauseReasons =
        withSystemReason(
            pauseReasons, PauseReason.CONSULT, new LocalizedName("被咨询中", "Being consulted"));
    pauseReasons =
        withSystemReason(
            pauseReasons, PauseReason.MONITOR, new LocalizedName("监听中", "On another seat's call"));
    pauseReasons = List.copyOf(pauseReasons);
    seats = List.copyOf(seats);
    Map<String, QueueConfig> byId = index(queues, QueueConfig::id, "queue");
    index(seats, Seat::id, "seat");
    Map<String, PauseReason> reasons = index(pauseReasons, PauseReason::code, "pause reason");
    if (!reasons.containsKey(PauseReason.NO_ANSWER)) {
      throw new IllegalArgumentException("pause reason " + PauseReason.NO_ANSWER + " must exist");
    }
    Set<String> knownDistricts = Set.copyOf(districts);
    for (QueueConfig q : queues) {
      for (EscalationStep step : q.escalation()) {
        for (String overflow : step.overflow()) {
          if (!byId.containsKey(overflow)) {
            throw new IllegalArgumentException(
                "queue " + q.id() + " overflows into unknown queue " + overflow);
          }
        }
      }
      if (q.districtRequired() && knownDistricts.isEmpty()) {
        throw new IllegalArgumentException("queue " + q.id() + " routes by district: list them");
      }
    }
    if (offerTimeout.isNegative() || offerTimeout.isZero()) {
      throw new IllegalArgumentException("offerTimeout must be positive");
    }
  }

  public Optional<QueueConfig> queue(String id) {
    return queues.stream().filter(q -> q.id().equals(id)).findFirst();
  }

  public Optional<Seat> seat(String id) {
    return seats.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<PauseReason> pauseReason(String code) {
    return pauseReasons.stream().filter(r -> r.code().equals(code)).findFirst();
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> id, String what) {
    Map<String, T> map = new LinkedHashMap<>();
    for (T item : items) {
      if (map.put(id.apply(item), item) != null) {
        throw new IllegalArgumentException("duplicate " + what + ": " + id.apply(item));
      }
    }
    return map;
  }

  /** The same configuration with other seats (used by tests and the simulated centre). */
  public SeatManagerConfig withSeats(List<Seat> newSeats) {
    return new SeatManagerConfig(
        centreId, zone, offerTimeout, districts, queues, pauseReasons, newSeats);
  }

  /** The same configuration for another centre id (tests isolate themselves this way). */
  public SeatManagerConfig withCentreId(String newCentreId) {
    return new SeatManagerConfig(
        newCentreId, zone, offerTimeout, districts, queues, pauseReasons, seats);
  }

  /** Queue ids, for metrics and statistics. */
  public List<String> queueIds() {
    return queues.stream().map(QueueConfig::id).collect(Collectors.toList());
  }

  private static List<PauseReason> withSystemReason(
      List<PauseReason> reasons, String code, LocalizedName name) {
    if (reasons.stream().anyMatch(r -> r.code().equals(code))) {
      return reasons;
    }
    List<PauseReason> with = new ArrayList<>(reasons);
    with.add(new PauseReason(code, name, false));
    return with;
  }
}
