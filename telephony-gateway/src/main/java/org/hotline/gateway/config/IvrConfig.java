package org.hotline.gateway.config;

import java.time.Duration;
import java.util.Map;

/**
 * The language/topic menu played by the /incoming AGI.
 *
 * @param choices digit pressed to queue id
 * @param defaultQueue the queue when nothing (or something unknown) is pressed
 */
public record IvrConfig(
    String prompt, Duration timeout, Map<String, String> choices, String defaultQueue) {
  public IvrConfig {
    choices = Map.copyOf(choices);
  }
}
