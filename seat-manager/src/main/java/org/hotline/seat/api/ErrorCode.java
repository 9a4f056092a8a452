package org.hotline.seat.api;

/**
 * Why the seat manager refused an operation. The names are part of the API: clients (the agent
 * desktop, the gateway) match on them, so they never change meaning.
 */
public enum ErrorCode {
  AGENT_UNKNOWN("no such agent"),
  SEAT_UNKNOWN("no such seat"),
  QUEUE_UNKNOWN("no such queue"),
  PAUSE_REASON_UNKNOWN("no such pause reason"),
  AGENT_LOGGED_OUT("the agent is not logged in"),
  AGENT_ALREADY_LOGGED_IN("the agent is already logged in"),
  SEAT_TAKEN("another agent is logged in at this seat"),
  AGENT_AVAILABLE("the agent is available and has no call"),
  AGENT_OFFERED("a call is ringing at the agent's seat"),
  AGENT_ON_CALL("the agent is on a call"),
  AGENT_IN_WRAP_UP("the agent is in wrap-up"),
  AGENT_PAUSED("the agent is paused"),
  NO_CALL("the agent has no call"),
  CALL_EXISTS("a call with this id exists already"),
  CALL_UNKNOWN("no such call"),
  CALL_NOT_WAITING("the call is not waiting"),
  CALL_NOT_OFFERED("the call is not ringing at a seat"),
  CALL_NOT_CONNECTED("the call is not connected"),
  OFFER_MISMATCH("the call is ringing at another seat"),
  INVALID_ARGUMENT("invalid argument"),
  REASON_NOT_SELECTABLE("the system sets this pause reason; a person cannot choose it");

  private final String description;

  ErrorCode(String description) {
    this.description = description;
  }

  /** A sentence for logs and error bodies. */
  public String description() {
    return description;
  }
}
