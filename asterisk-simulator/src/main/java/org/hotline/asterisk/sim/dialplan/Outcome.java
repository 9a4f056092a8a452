package org.hotline.asterisk.sim.dialplan;

/**
 * How an application returned: go on with the next priority, jump, stay blocked (it calls {@link
 * Pbx#appReturned} later), or the channel is hanging up.
 */
record Outcome(Outcome.Kind kind, Position target) {
  enum Kind {
    NEXT,
    JUMP,
    BLOCKED,
    ENDED
  }

  static final Outcome NEXT = new Outcome(Kind.NEXT, null);
  static final Outcome BLOCKED = new Outcome(Kind.BLOCKED, null);
  static final Outcome ENDED = new Outcome(Kind.ENDED, null);

  static Outcome jump(Position target) {
    return new Outcome(Kind.JUMP, target);
  }
}
