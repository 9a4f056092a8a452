package org.hotline.seat.api;

/** What an agent does at a seat. */
public enum Role {
  /** A trained call-taker. */
  AGENT,
  /** A visiting official with a guest login: takes calls about their own district. */
  OFFICIAL,
  /** Watches queues and coaches; may also take calls. */
  SUPERVISOR
}
