package org.hotline.gateway.monitor;

import java.util.Locale;
import java.util.Optional;

/**
 * How a supervisor joins a seat's call, and the ChanSpy options that do it (docs.asterisk.org,
 * Asterisk 22 ChanSpy): {@code q} no beep nor name spoken, {@code E} leave when the spied channel
 * hangs up, {@code S} leave at once when no channel matches; {@code w} whisper (only the agent
 * hears the supervisor), {@code B} barge (the agent and the caller hear them).
 */
public enum MonitorMode {
  LISTEN("qES"),
  WHISPER("qESw"),
  BARGE("qESB");

  private final String options;

  MonitorMode(String options) {
    this.options = options;
  }

  /** ChanSpy's options for this mode. */
  public String options() {
    return options;
  }

  /** The API's name: listen, whisper, barge. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MonitorMode> parse(String code) {
    for (MonitorMode m : values()) {
      if (m.code().equals(code)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
