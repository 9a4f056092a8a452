package org.hotline.seat.config;

/**
 * A reason an agent may give for pausing.
 *
 * @param selectable whether agents choose it themselves; {@code no-answer} is set by the system
 */
public record PauseReason(String code, LocalizedName name, boolean selectable) {

  /** Set by the system when a call rang at the seat and nobody answered. */
  public static final String NO_ANSWER = "no-answer";

  /** Set by the system while the agent calls a resident back: no call is offered meanwhile. */
  public static final String CALLBACK = "callback";

  /**
   * Set by the system while a supervisor is consulted on another agent's call: no call is offered
   * meanwhile, and the call may be handed to them.
   */
  public static final String CONSULT = "consult";

  /**
   * Set by the system while a supervisor's own phone listens to, whispers into or barges into
   * another seat's call: no call is offered to that phone meanwhile.
   */
  public static final String MONITOR = "monitor";

  public PauseReason {
    QueueConfig.requireId(code, "pause reason");
  }
}
