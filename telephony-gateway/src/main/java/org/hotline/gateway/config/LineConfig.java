package org.hotline.gateway.config;

import java.util.Optional;

/**
 * How calls to one dialled number are routed: through the IVR menu, or straight to a queue.
 *
 * @param priority added to the call's priority (0..9), e.g. for the elderly line
 * @param districtMenu whether the caller is asked which district the call is about (the officials'
 *     line: the official of that district takes it first)
 */
public record LineConfig(boolean ivr, Optional<String> queue, int priority, boolean districtMenu) {
  public LineConfig {
    if (!ivr && queue.isEmpty()) {
      throw new IllegalArgumentException("a line routes through the IVR or to a queue");
    }
    if (priority < 0 || priority > 9) {
      throw new IllegalArgumentException("priority must be 0..9");
    }
  }

  public LineConfig(boolean ivr, Optional<String> queue, int priority) {
    this(ivr, queue, priority, false);
  }
}
