package org.hotline.seat.api;

import java.time.Instant;
import java.util.Optional;

/** An agent's status as explicit facts: which state, since when, at which seat, with which call. */
public sealed interface AgentStatus {

  String agentId();

  AgentState state();

  /** When the agent entered this state. */
  Instant since();

  /** The seat the agent is logged in at; empty when logged out. */
  default Optional<String> seatId() {
    return Optional.empty();
  }

  /** The call the agent holds (ringing, connected or in wrap-up); empty otherwise. */
  default Optional<String> callId() {
    return Optional.empty();
  }

  /** Not logged in at any seat. {@code since} is the epoch when we never saw the agent. */
  record LoggedOut(String agentId, Instant since) implements AgentStatus {
    @Override
    public AgentState state() {
      return AgentState.LOGGED_OUT;
    }
  }

  /** Logged in and waiting for a call; {@code since} orders the longest idle first. */
  record Available(String agentId, String seat, Instant since) implements AgentStatus {
    @Override
    public AgentState state() {
      return AgentState.AVAILABLE;
    }

    @Override
    public Optional<String> seatId() {
      return Optional.of(seat);
    }
  }

  /** A call is ringing at the agent's seat. */
  record Offered(String agentId, String seat, String call, Instant since) implements AgentStatus {
    @Override
    public AgentState state() {
      return AgentState.OFFERED;
    }

    @Override
    public Optional<String> seatId() {
      return Optional.of(seat);
    }

    @Override
    public Optional<String> callId() {
      return Optional.of(call);
    }
  }

  /** Talking to a caller. */
  record OnCall(String agentId, String seat, String call, Instant since) implements AgentStatus {
    @Override
    public AgentState state() {
      return AgentState.ON_CALL;
    }

    @Override
    public Optional<String> seatId() {
      return Optional.of(seat);
    }

    @Override
    public Optional<String> callId() {
      return Optional.of(call);
    }
  }

  /**
   * After-call work on {@code call}; the agent becomes available by {@code deadline} at the latest.
   */
  record WrapUp(String agentId, String seat, String call, Instant since, Instant deadline)
      implements AgentStatus {
    @Override
    public AgentState state() {
      return AgentState.WRAP_UP;
    }

    @Override
    public Optional<String> seatId() {
      return Optional.of(seat);
    }

    @Override
    public Optional<String> callId() {
      return Optional.of(call);
    }
  }

  /** Paused with a reason code from configuration (or {@code no-answer}, set by the system). */
  record Paused(String agentId, String seat, String reason, Instant since) implements AgentStatus {
    @Override
    public AgentState state() {
      return AgentState.PAUSED;
    }

    @Override
    public Optional<String> seatId() {
      return Optional.of(seat);
    }
  }
}
