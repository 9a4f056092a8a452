package org.hotline.seat.api;

/** The state an agent is in; the facts that go with each state are in {@link AgentStatus}. */
public enum AgentState {
  LOGGED_OUT("out"),
  AVAILABLE("avail"),
  OFFERED("offered"),
  ON_CALL("oncall"),
  WRAP_UP("wrap"),
  PAUSED("paused");

  private final String code;

  AgentState(String code) {
    this.code = code;
  }

  /** The short code stored in Redis. */
  public String code() {
    return code;
  }

  /** The state stored under {@code code}; an absent record is {@link #LOGGED_OUT}. */
  public static AgentState ofCode(String code) {
    if (code == null || code.isEmpty()) {
      return LOGGED_OUT;
    }
    for (AgentState state : values()) {
      if (state.code.equals(code)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown agent state code: " + code);
  }
}
