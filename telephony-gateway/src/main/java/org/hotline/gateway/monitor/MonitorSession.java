package org.hotline.gateway.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One supervisor on one seat's call: who, where, how, and how far it has come. The id is also the
 * Uniqueid of the spy's channel on the exchange. Kept in Redis by {@link MonitorStore}, whose
 * script makes the moves {@link State} allows (as {@link #activate} and {@link #end} do here); an
 * instance holds a copy read from there.
 */
public final class MonitorSession {

  /**
   * Dialling (the supervisor's phone rings) → active (ChanSpyStart) → ended; or dialling → ended.
   */
  public enum State {
    DIALLING,
    ACTIVE,
    ENDED;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    static State parse(String code) {
      return valueOf(code.toUpperCase(Locale.ROOT));
    }
  }

  private final String id;
  private final String server;
  private final String supervisor;
  private final String supervisorSeat;
  private final String seat;
  private final String agent;
  private final String callId;
  private final MonitorMode mode;
  private final String address;
  private final Instant requestedAt;
  private volatile State state = State.DIALLING;
  private volatile String channel = "";
  private volatile Optional<Instant> startedAt = Optional.empty();
  private volatile Optional<Instant> endedAt = Optional.empty();
  private volatile String reason = "";
  private volatile boolean stopAsked;
  private volatile boolean hangupAsked;
  private volatile boolean agentTold;

  MonitorSession(
      String id,
      String server,
      String supervisor,
      String supervisorSeat,
      String seat,
      String agent,
      String callId,
      MonitorMode mode,
      String address,
      Instant requestedAt) {
    this.id = id;
    this.server = server;
    this.supervisor = supervisor;
    this.supervisorSeat = supervisorSeat;
    this.seat = seat;
    this.agent = agent;
    this.callId = callId;
    this.mode = mode;
    this.address = address;
    this.requestedAt = requestedAt;
  }

  /** The fields a new session is stored with (see {@link #from}). */
  Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("id", id);
    f.put("server", server);
    f.put("supervisor", supervisor);
    f.put("supervisorSeat", supervisorSeat);
    f.put("seat", seat);
    f.put("agent", agent);
    f.put("call", callId);
    f.put("mode", mode.code());
    f.put("address", address);
    f.put("requested", Long.toString(requestedAt.toEpochMilli()));
    f.put("state", state.code());
    f.put("channel", channel);
    f.put("started", startedAt.map(t -> Long.toString(t.toEpochMilli())).orElse(""));
    f.put("ended", endedAt.map(t -> Long.toString(t.toEpochMilli())).orElse(""));
    f.put("reason", reason);
    f.put("stop", stopAsked ? "1" : "0");
    f.put("hangup", hangupAsked ? "1" : "0");
    f.put("told", agentTold ? "1" : "0");
    return f;
  }

  /** A session as stored by {@link #fields} and moved on by the store's script. */
  static MonitorSession from(Map<String, String> f) {
    MonitorSession s =
        new MonitorSession(
            f.get("id"),
            f.get("server"),
            f.get("supervisor"),
            f.get("supervisorSeat"),
            f.get("seat"),
            f.get("agent"),
            f.get("call"),
            MonitorMode.parse(f.get("mode")).orElseThrow(),
            f.getOrDefault("address", ""),
            Instant.ofEpochMilli(Long.parseLong(f.get("requested"))));
    s.state = State.parse(f.get("state"));
    s.channel = f.getOrDefault("channel", "");
    s.startedAt = instant(f.get("started"));
    s.endedAt = instant(f.get("ended"));
    s.reason = f.getOrDefault("reason", "");
    s.stopAsked = "1".equals(f.get("stop"));
    s.hangupAsked = "1".equals(f.get("hangup"));
    s.agentTold = "1".equals(f.get("told"));
    return s;
  }

  private static Optional<Instant> instant(String millis) {
    return millis == null || millis.isEmpty()
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(Long.parseLong(millis)));
  }

  /** Dialling → active; false (nothing changes) from any other state. */
  boolean activate(Instant at) {
    if (state != State.DIALLING) {
      return false;
    }
    state = State.ACTIVE;
    startedAt = Optional.of(at);
    return true;
  }

  /** Dialling or active → ended; false when it had ended already. */
  boolean end(Instant at, String why) {
    if (state == State.ENDED) {
      return false;
    }
    state = State.ENDED;
    endedAt = Optional.of(at);
    reason = why;
    return true;
  }

  /** How long the supervisor was on the call (zero when they never got on it). */
  public Duration duration() {
    if (startedAt.isEmpty()) {
      return Duration.ZERO;
    }
    Instant end = endedAt.orElse(Instant.now());
    return end.isBefore(startedAt.get()) ? Duration.ZERO : Duration.between(startedAt.get(), end);
  }

  void channel(String value) {
    if (!value.isEmpty()) {
      channel = value;
    }
  }

  void stopAsked() {
    stopAsked = true;
  }

  void hangupAsked() {
    hangupAsked = true;
  }

  void agentTold() {
    agentTold = true;
  }

  /**
   * Why it ended, from what was seen before the spy let go: stopped (asked to), supervisor hung up
   * (their phone's far end), not started (it never got on the call: not answered, or no call left
   * by then), call ended (the spied leg hung up).
   */
  String endReason() {
    return endReason(stopAsked, hangupAsked, startedAt.isPresent());
  }

  private static String endReason(boolean stop, boolean hangup, boolean started) {
    if (stop) {
      return "stopped";
    }
    if (hangup) {
      return started ? "supervisor hung up" : "not answered";
    }
    return started ? "call ended" : "not started";
  }

  /**
   * {@link #endReason} as a table for the store's script, which ends sessions: pairs of {@code
   * <stop><hangup><started>} (each 1 or 0) and the reason.
   */
  static List<String> endReasons() {
    List<String> table = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      boolean stop = (i & 4) != 0;
      boolean hangup = (i & 2) != 0;
      boolean started = (i & 1) != 0;
      table.add((stop ? "1" : "0") + (hangup ? "1" : "0") + (started ? "1" : "0"));
      table.add(endReason(stop, hangup, started));
    }
    return table;
  }

  public String id() {
    return id;
  }

  public String server() {
    return server;
  }

  public String supervisor() {
    return supervisor;
  }

  public String supervisorSeat() {
    return supervisorSeat;
  }

  public String seat() {
    return seat;
  }

  public String agent() {
    return agent;
  }

  public String callId() {
    return callId;
  }

  public MonitorMode mode() {
    return mode;
  }

  public String address() {
    return address;
  }

  public Instant requestedAt() {
    return requestedAt;
  }

  public State state() {
    return state;
  }

  public String channel() {
    return channel;
  }

  public Optional<Instant> startedAt() {
    return startedAt;
  }

  public Optional<Instant> endedAt() {
    return endedAt;
  }

  public String reason() {
    return reason;
  }

  boolean isStopAsked() {
    return stopAsked;
  }

  boolean wasAgentTold() {
    return agentTold;
  }
}
