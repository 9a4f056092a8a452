package org.hotline.seat.api;

/** Where a call is in its life inside the seat manager. */
public enum CallState {
  WAITING("waiting"),
  OFFERED("offered"),
  CONNECTED("connected"),
  FINISHED("finished"),
  ABANDONED("abandoned");

  private final String code;

  CallState(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static CallState ofCode(String code) {
    for (CallState state : values()) {
      if (state.code.equals(code)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown call state code: " + code);
  }
}
