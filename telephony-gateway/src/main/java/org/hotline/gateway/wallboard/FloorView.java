package org.hotline.gateway.wallboard;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.stats.FloorSeat;
import org.hotline.seat.stats.LiveStatistics;
import org.hotline.seat.stats.QueueStatistics;

/**
 * The live parts of the board from one reading of the seat manager: a row per queue and a cell per
 * occupied seat, each as JSON. Times are sent as instants (a queue's oldest caller waiting since, a
 * seat in its state since, the moment a seat goes past its limit) so the page counts the seconds
 * itself and an entry changes only when something happens: that is what keeps the pushed deltas
 * small with 10,000 seats.
 */
final class FloorView {

  private final SeatManagerConfig config;
  private final WallboardSettings settings;

  FloorView(SeatManagerConfig config, WallboardSettings settings) {
    this.config = config;
    this.settings = settings;
  }

  /** Queue rows by queue id, in the configuration's order. */
  Map<String, JsonObject> queues(LiveStatistics live, List<FloorSeat> floor) {
    // paused agents by queue and reason, in one pass over the floor
    Map<String, JsonObject> pausedByQueue = new java.util.HashMap<>();
    for (FloorSeat s : floor) {
      if (s.state() == AgentState.PAUSED) {
        for (String queue : s.queues()) {
          JsonObject byReason = pausedByQueue.computeIfAbsent(queue, k -> new JsonObject());
          byReason.put(s.reason(), byReason.getInteger(s.reason(), 0) + 1);
        }
      }
    }
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    for (QueueStatistics q : live.queues()) {
      Optional<QueueConfig> qc = config.queue(q.queueId());
      JsonObject paused = pausedByQueue.getOrDefault(q.queueId(), new JsonObject());
      JsonObject row =
          new JsonObject()
              .put("name", qc.map(c -> names(c.name().zh(), c.name().en())).orElse(null))
              .put("waiting", q.waitingNotRinging())
              .put("ringing", q.ringing())
              .put(
                  "oldestSince",
                  q.waiting() == 0 ? null : live.at().minus(q.oldestWait()).toEpochMilli())
              .put(
                  "slThresholdSeconds",
                  qc.map(c -> c.serviceLevelThreshold().toSeconds()).orElse(null))
              .put(
                  "serviceLevel",
                  q.serviceLevel().isPresent() ? q.serviceLevel().getAsDouble() : null)
              .put(
                  "abandonRate", q.abandonRate().isPresent() ? q.abandonRate().getAsDouble() : null)
              .put("asaSeconds", seconds(q.averageSpeedOfAnswer()))
              .put("ahtSeconds", seconds(q.averageHandleTime()))
              .put("offered", q.offered())
              .put("answered", q.answered())
              .put("abandoned", q.abandoned())
              .put("shortAbandoned", q.shortAbandoned())
              .put("ringNoAnswer", q.ringNoAnswer())
              .put("agents", agents(q))
              .put("pausedBy", paused);
      rows.put(q.queueId(), row);
    }
    return rows;
  }

  /** Cells of the seats with an agent, by seat id. */
  Map<String, JsonObject> seats(List<FloorSeat> floor) {
    Map<String, JsonObject> cells = new LinkedHashMap<>();
    for (FloorSeat s : floor) {
      JsonObject cell =
          new JsonObject()
              .put("agent", s.agentId())
              .put("state", code(s.state()))
              .put("since", s.since().toEpochMilli())
              .put("limitAt", limitAt(s).map(Instant::toEpochMilli).orElse(null));
      if (!s.reason().isEmpty()) {
        cell.put("reason", s.reason());
      }
      s.callId().ifPresent(c -> cell.put("call", c));
      cells.put(s.seatId(), cell);
    }
    return cells;
  }

  /**
   * When a seat goes past what its state allows: ringing past the offer time-out, wrap-up past its
   * queue's limit (the longest of the agent's queues), paused or on one call past the alerts.
   */
  Optional<Instant> limitAt(FloorSeat s) {
    return switch (s.state()) {
      case OFFERED -> Optional.of(s.since().plus(config.offerTimeout()));
      case WRAP_UP ->
          s.queues().stream()
              .map(config::queue)
              .flatMap(Optional::stream)
              .map(QueueConfig::wrapUpLimit)
              .max(Duration::compareTo)
              .map(s.since()::plus);
      case PAUSED -> Optional.of(s.since().plus(settings.pausedAlert()));
      case ON_CALL -> Optional.of(s.since().plus(settings.talkAlert()));
      default -> Optional.empty();
    };
  }

  /** The page's name of a state: available, ringing, talking, wrap, paused. */
  static String code(AgentState state) {
    return switch (state) {
      case AVAILABLE -> "available";
      case OFFERED -> "ringing";
      case ON_CALL -> "talking";
      case WRAP_UP -> "wrap";
      case PAUSED -> "paused";
      case LOGGED_OUT -> "out";
    };
  }

  private static JsonObject agents(QueueStatistics q) {
    JsonObject json = new JsonObject();
    for (AgentState state : AgentState.values()) {
      if (state != AgentState.LOGGED_OUT) {
        json.put(code(state), q.agentsIn(state));
      }
    }
    return json;
  }

  static JsonObject names(String zh, String en) {
    return new JsonObject().put("zh", zh).put("en", en);
  }

  private static double seconds(Duration d) {
    return Math.round(d.toMillis() / 100.0) / 10.0;
  }
}
