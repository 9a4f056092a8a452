package org.hotline.seat.stats;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.hotline.seat.api.AgentState;

/**
 * One queue, now and since midnight (the centre's time zone). Counters are kept per event in O(1);
 * the rates are derived here and nowhere else.
 *
 * @param waiting calls in the queue not yet answered (including those ringing at a seat)
 * @param ringing of those, the calls ringing at a seat now
 * @param oldestWait age of the longest-waiting of them
 * @param agents staffed agents of this queue by state (logged out not counted)
 * @param offered calls that entered the queue
 * @param answered calls connected to an agent
 * @param answeredInServiceLevel answered within the queue's service-level threshold
 * @param abandoned callers who hung up while waiting, after the short-abandon threshold
 * @param shortAbandoned callers who hung up within the short-abandon threshold
 * @param ringNoAnswer offers that timed out or were refused, counted per offer
 * @param totalWait wait of answered calls, entering the queue to answer (IVR time excluded)
 * @param totalTalk talk time of finished calls, answer to hang-up (hold included)
 * @param totalHold hold time of finished calls
 * @param totalWrapUp after-call work
 * @param handled answered calls whose wrap-up ended
 * @param totalHandle talk (with hold) + wrap-up of the handled calls
 */
public record QueueStatistics(
    String queueId,
    long waiting,
    long ringing,
    Duration oldestWait,
    Map<AgentState, Long> agents,
    long offered,
    long answered,
    long answeredInServiceLevel,
    long abandoned,
    long shortAbandoned,
    long ringNoAnswer,
    Duration totalWait,
    Duration totalTalk,
    Duration totalHold,
    Duration totalWrapUp,
    long handled,
    Duration totalHandle) {

  public QueueStatistics {
    agents = Map.copyOf(agents);
  }

  /**
   * Service level = answered within the threshold ÷ (answered + abandoned); short abandons are out
   * of it. Empty when there is nothing to divide.
   */
  public OptionalDouble serviceLevel() {
    return ratio(answeredInServiceLevel, answered + abandoned);
  }

  /** ASA, average speed of answer = total wait of answered calls ÷ answered. */
  public Duration averageSpeedOfAnswer() {
    return answered == 0 ? Duration.ZERO : totalWait.dividedBy(answered);
  }

  /** AHT, average handle time = (talk + hold + wrap-up) ÷ answered calls that finished wrap-up. */
  public Duration averageHandleTime() {
    return handled == 0 ? Duration.ZERO : totalHandle.dividedBy(handled);
  }

  /** Abandon rate = abandoned ÷ (answered + abandoned); short abandons are out of it. */
  public OptionalDouble abandonRate() {
    return ratio(abandoned, answered + abandoned);
  }

  /** Calls waiting that no seat rings yet: what a wallboard shows as waiting. */
  public long waitingNotRinging() {
    return Math.max(0, waiting - ringing);
  }

  /** Agents of this queue in {@code state} now. */
  public long agentsIn(AgentState state) {
    return agents.getOrDefault(state, 0L);
  }

  /** Logged-in (staffed) agents: available + offered + on a call + wrap-up + paused. */
  public long staffed() {
    return agents.values().stream().mapToLong(Long::longValue).sum();
  }

  private static OptionalDouble ratio(long numerator, long denominator) {
    return denominator == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) numerator / denominator);
  }
}
