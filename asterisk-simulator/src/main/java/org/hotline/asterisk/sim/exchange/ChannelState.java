package org.hotline.asterisk.sim.exchange;

/** Asterisk's channel states with the numbers and texts AMI shows. */
public enum ChannelState {
  DOWN(0, "Down"),
  RESERVED(1, "Rsrvd"),
  OFF_HOOK(2, "OffHook"),
  DIALING(3, "Dialing"),
  RING(4, "Ring"),
  RINGING(5, "Ringing"),
  UP(6, "Up"),
  BUSY(7, "Busy");

  private final int code;
  private final String text;

  ChannelState(int code, String text) {
    this.code = code;
    this.text = text;
  }

  public int code() {
    return code;
  }

  public String text() {
    return text;
  }
}
