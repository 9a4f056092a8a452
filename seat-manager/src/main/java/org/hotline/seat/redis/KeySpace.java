package org.hotline.seat.redis;

/**
 * The keys of one call centre. All share the hash tag {@code {centreId}}, so each script's keys sit
 * in one slot and the scripts stay atomic on Redis Cluster too.
 */
public record KeySpace(String centreId) {

  /** Every key of the centre starts with this. */
  public String prefix() {
    return "hotline:{" + centreId + "}:";
  }

  public String agent(String agentId) {
    return prefix() + "agent:" + agentId;
  }

  public String profile(String agentId) {
    return prefix() + "profile:" + agentId;
  }

  public String call(String callId) {
    return prefix() + "call:" + callId;
  }

  public String seat(String seatId) {
    return prefix() + "seat:" + seatId;
  }

  /** The stream of every state change, for desktops, the wallboard and audits. */
  public String events() {
    return prefix() + "events";
  }

  public String loggedIn() {
    return prefix() + "loggedin";
  }
}
