package org.hotline.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.Decision;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.stats.LiveStatistics;
import org.hotline.seat.stats.QueueStatistics;

/** Domain records as JSON for the HTTP API. */
public final class Json {

  private Json() {}

  public static JsonObject status(AgentStatus s) {
    JsonObject json =
        new JsonObject()
            .put("agent", s.agentId())
            .put("state", s.state().name().toLowerCase(java.util.Locale.ROOT))
            .put("since", s.since().toString());
    s.seatId().ifPresent(seat -> json.put("seat", seat));
    s.callId().ifPresent(call -> json.put("call", call));
    if (s instanceof AgentStatus.Paused p) {
      json.put("reason", p.reason());
    }
    if (s instanceof AgentStatus.WrapUp w) {
      json.put("wrapUpUntil", w.deadline().toString());
    }
    return json;
  }

  static JsonObject decision(Decision d) {
    JsonArray offers = new JsonArray();
    d.offers()
        .forEach(
            o ->
                offers.add(
                    new JsonObject()
                        .put("call", o.callId())
                        .put("agent", o.agentId())
                        .put("seat", o.seatId())
                        .put("queue", o.queueId())));
    return new JsonObject().put("outcome", d.outcome()).put("offers", offers);
  }

  static JsonObject call(CallView c) {
    JsonObject json =
        new JsonObject()
            .put("call", c.callId())
            .put("queue", c.queueId())
            .put("state", c.state().name().toLowerCase(java.util.Locale.ROOT))
            .put("priority", c.priority())
            .put("language", c.language())
            .put("enteredAt", c.enqueuedAt().toString())
            .put("step", c.step())
            .put("requeues", c.requeues())
            .put("talkSeconds", c.talk().toSeconds())
            .put("holdSeconds", c.hold().toSeconds());
    c.district().ifPresent(d -> json.put("district", d));
    c.agentId().ifPresent(a -> json.put("agent", a));
    c.seatId().ifPresent(s -> json.put("seat", s));
    c.answeredAt().ifPresent(t -> json.put("answeredAt", t.toString()));
    c.endedAt().ifPresent(t -> json.put("endedAt", t.toString()));
    return json;
  }

  /** Figures with their definitions beside them (KPI.md). */
  static JsonObject statistics(LiveStatistics live, SeatManagerConfig config) {
    JsonArray queues = new JsonArray();
    for (QueueStatistics q : live.queues()) {
      JsonObject json =
          new JsonObject()
              .put("queue", q.queueId())
              .put(
                  "name",
                  config
                      .queue(q.queueId())
                      .map(c -> new JsonObject().put("zh", c.name().zh()).put("en", c.name().en()))
                      .orElse(null))
              .put("waiting", q.waiting())
              .put("oldestWaitSeconds", q.oldestWait().toSeconds())
              .put("agents", agents(q.agents()))
              .put("offered", q.offered())
              .put("answered", q.answered())
              .put("answeredWithinThreshold", q.answeredInServiceLevel())
              .put("abandoned", q.abandoned())
              .put("shortAbandoned", q.shortAbandoned())
              .put("ringNoAnswer", q.ringNoAnswer())
              .put("asaSeconds", seconds(q.averageSpeedOfAnswer()))
              .put("ahtSeconds", seconds(q.averageHandleTime()));
      q.serviceLevel().ifPresent(v -> json.put("serviceLevel", v));
      q.abandonRate().ifPresent(v -> json.put("abandonRate", v));
      queues.add(json);
    }
    return new JsonObject()
        .put("at", live.at().toString())
        .put("day", live.day())
        .put("queues", queues)
        .put("floor", agents(live.floor()))
        .put(
            "definitions",
            new JsonObject()
                .put("serviceLevel", "answered within the threshold ÷ (answered + abandoned)")
                .put("asa", "total wait of answered calls ÷ answered")
                .put("aht", "(talk + hold + wrap-up) ÷ answered calls that finished wrap-up")
                .put("abandonRate", "abandoned ÷ (answered + abandoned)")
                .put("abandoned", "hung up while waiting, after the short-abandon threshold"));
  }

  private static JsonObject agents(Map<AgentState, Long> counts) {
    JsonObject json = new JsonObject();
    counts.forEach((state, n) -> json.put(state.name().toLowerCase(java.util.Locale.ROOT), n));
    return json;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
