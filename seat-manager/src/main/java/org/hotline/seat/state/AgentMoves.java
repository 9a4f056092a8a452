package org.hotline.seat.state;

import static org.hotline.seat.api.AgentEvent.ANSWER;
import static org.hotline.seat.api.AgentEvent.CALLER_GONE;
import static org.hotline.seat.api.AgentEvent.CALL_END;
import static org.hotline.seat.api.AgentEvent.LOGIN;
import static org.hotline.seat.api.AgentEvent.LOGOUT;
import static org.hotline.seat.api.AgentEvent.NO_ANSWER;
import static org.hotline.seat.api.AgentEvent.OFFER;
import static org.hotline.seat.api.AgentEvent.PAUSE;
import static org.hotline.seat.api.AgentEvent.READY;
import static org.hotline.seat.api.AgentEvent.WRAP_UP_END;
import static org.hotline.seat.api.AgentState.AVAILABLE;
import static org.hotline.seat.api.AgentState.LOGGED_OUT;
import static org.hotline.seat.api.AgentState.OFFERED;
import static org.hotline.seat.api.AgentState.ON_CALL;
import static org.hotline.seat.api.AgentState.PAUSED;
import static org.hotline.seat.api.AgentState.WRAP_UP;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.seat.api.AgentEvent;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.ErrorCode;

/**
 * The agent state machine, total: every (state, event) pair is either a move to a next state or a
 * refusal with an {@link ErrorCode}. The Redis scripts are generated from this table ({@link
 * #toLua()}), so the Java model and what Redis enforces cannot drift apart.
 */
public final class AgentMoves {

  private static final Map<AgentState, Map<AgentEvent, AgentState>> MOVES =
      new EnumMap<>(AgentState.class);

  static {
    allow(LOGGED_OUT, LOGIN, AVAILABLE); // or PAUSED, when the login asks to start paused
    allow(AVAILABLE, OFFER, OFFERED);
    allow(AVAILABLE, PAUSE, PAUSED);
    allow(AVAILABLE, READY, AVAILABLE); // a repeated "ready" changes nothing
    allow(AVAILABLE, LOGOUT, LOGGED_OUT);
    allow(OFFERED, ANSWER, ON_CALL);
    allow(OFFERED, NO_ANSWER, PAUSED); // auto-paused: the agent must come back themself
    allow(OFFERED, CALLER_GONE, AVAILABLE);
    allow(OFFERED, LOGOUT, LOGGED_OUT); // the ringing call goes back to the head of its line
    allow(ON_CALL, CALL_END, WRAP_UP);
    allow(WRAP_UP, WRAP_UP_END, AVAILABLE);
    allow(WRAP_UP, READY, AVAILABLE);
    allow(WRAP_UP, PAUSE, PAUSED);
    allow(WRAP_UP, LOGOUT, LOGGED_OUT);
    allow(PAUSED, PAUSE, PAUSED); // a new reason
    allow(PAUSED, READY, AVAILABLE);
    allow(PAUSED, LOGOUT, LOGGED_OUT);
  }

  private static final Set<AgentEvent> NEED_A_CALL =
      Set.of(ANSWER, NO_ANSWER, CALLER_GONE, CALL_END);

  private AgentMoves() {}

  private static void allow(AgentState from, AgentEvent event, AgentState to) {
    MOVES.computeIfAbsent(from, s -> new EnumMap<>(AgentEvent.class)).put(event, to);
  }

  /** The state after {@code event} in {@code from}, or empty when the move is refused. */
  public static Optional<AgentState> next(AgentState from, AgentEvent event) {
    return Optional.ofNullable(MOVES.getOrDefault(from, Map.of()).get(event));
  }

  /** Why {@code event} is refused in {@code from}; call only for a refused move. */
  public static ErrorCode refusal(AgentState from, AgentEvent event) {
    if (next(from, event).isPresent()) {
      throw new IllegalArgumentException(event + " is allowed in " + from);
    }
    if (from == LOGGED_OUT) {
      return ErrorCode.AGENT_LOGGED_OUT;
    }
    if (event == LOGIN) {
      return ErrorCode.AGENT_ALREADY_LOGGED_IN;
    }
    if (event == WRAP_UP_END) {
      return from == ON_CALL ? ErrorCode.AGENT_ON_CALL : ErrorCode.NO_CALL;
    }
    if (NEED_A_CALL.contains(event) && (from == AVAILABLE || from == PAUSED || from == WRAP_UP)) {
      return ErrorCode.NO_CALL;
    }
    return switch (from) {
      case AVAILABLE -> ErrorCode.AGENT_AVAILABLE;
      case OFFERED -> ErrorCode.AGENT_OFFERED;
      case ON_CALL -> ErrorCode.AGENT_ON_CALL;
      case WRAP_UP -> ErrorCode.AGENT_IN_WRAP_UP;
      case PAUSED -> ErrorCode.AGENT_PAUSED;
      case LOGGED_OUT -> ErrorCode.AGENT_LOGGED_OUT;
    };
  }

  /**
   * The table as two Lua string constants, {@code ";state.EVENT=value;"} entries: {@code MOVES}
   * gives the next state code, {@code REFUSE} the error code. Strings, not tables: a script builds
   * its constants on every call, and a string constant costs nothing to build.
   */
  public static String toLua() {
    StringBuilder moves = new StringBuilder(";");
    StringBuilder refuse = new StringBuilder(";");
    for (AgentState from : AgentState.values()) {
      for (AgentEvent event : AgentEvent.values()) {
        String key = from.code() + "." + event.name() + "=";
        Optional<AgentState> to = next(from, event);
        if (to.isPresent()) {
          moves.append(key).append(to.get().code()).append(';');
        } else {
          refuse.append(key).append(refusal(from, event)).append(';');
        }
      }
    }
    return "local MOVES = '" + moves + "'\nlocal REFUSE = '" + refuse + "'\n";
  }
}
