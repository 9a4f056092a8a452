package org.hotline.cases.api;

import java.util.Locale;
import java.util.Optional;

/** What a callback attempt came to. The codes are part of the API. */
public enum CallbackOutcome {
  /** The resident answered: the call gets a case like any other. */
  REACHED(true),
  NO_ANSWER(false),
  BUSY(false),
  WRONG_NUMBER(true),
  /** The resident no longer wants anything. */
  DECLINED(true),
  /** Not chosen by agents: the attempts ran out without reaching anyone. */
  UNREACHABLE(true);

  private final boolean ends;

  CallbackOutcome(boolean ends) {
    this.ends = ends;
  }

  /** Whether the callback is done after this outcome; otherwise someone tries again later. */
  public boolean ends() {
    return ends;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** An outcome an agent may record (every one but {@link #UNREACHABLE}). */
  public static Optional<CallbackOutcome> agentChoice(String code) {
    for (CallbackOutcome o : values()) {
      if (o != UNREACHABLE && o.code().equals(code)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  public static CallbackOutcome ofCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
