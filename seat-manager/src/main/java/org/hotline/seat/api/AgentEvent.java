package org.hotline.seat.api;

/** What can happen to an agent. Which event is allowed in which state is {@code AgentMoves}. */
public enum AgentEvent {
  /** The agent logs in at a seat. */
  LOGIN,
  /** A call is assigned and rings at the seat. */
  OFFER,
  /** The seat answered the ringing call. */
  ANSWER,
  /** The ringing call timed out or was refused at the seat. */
  NO_ANSWER,
  /** The caller hung up while the call rang at the seat. */
  CALLER_GONE,
  /** The connected call ended; after-call work starts. */
  CALL_END,
  /** After-call work is done (by the agent, or the queue's wrap-up limit passed). */
  WRAP_UP_END,
  /** The agent pauses with a reason (or changes the reason). */
  PAUSE,
  /** The agent makes themself available. */
  READY,
  /** The agent logs out. */
  LOGOUT
}
