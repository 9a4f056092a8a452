package org.hotline.gateway.monitor;

/**
 * {@code gateway.yaml} {@code monitor:}.
 *
 * @param tellAgentOfWhisper whether an agent's desktop shows that a supervisor is coaching them
 *     (whisper). A listen is never shown; a barge always is (the caller hears the supervisor too,
 *     and the agent must not be taken by surprise).
 */
public record MonitorSettings(boolean tellAgentOfWhisper) {

  /** The agent is told of a whisper. */
  public static MonitorSettings defaults() {
    return new MonitorSettings(true);
  }

  /** Whether the agent is told of a supervisor joining in {@code mode}. */
  public boolean tellsAgent(MonitorMode mode) {
    return switch (mode) {
      case LISTEN -> false;
      case WHISPER -> tellAgentOfWhisper;
      case BARGE -> true;
    };
  }
}
