package org.hotline.cases.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.hotline.support.time.Durations;

/**
 * Status updates from the dispatch system.
 *
 * @param secretEnv the environment variable holding the HMAC key the dispatch system signs with
 * @param secretFile or a file outside git holding it
 * @param replayWindow a timestamp further than this from our clock is refused
 */
public record InboundSettings(
    String secretEnv, Optional<String> secretFile, Duration replayWindow) {

  public static final InboundSettings DEFAULTS =
      new InboundSettings("HOTLINE_INBOUND_SECRET", Optional.empty(), Duration.ofMinutes(5));

  public InboundSettings {
    Objects.requireNonNull(secretEnv, "secretEnv");
    secretFile = secretFile == null ? Optional.empty() : secretFile;
    Durations.positive(replayWindow, "replayWindow");
  }
}
