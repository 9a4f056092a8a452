package org.hotline.gateway.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.hotline.gateway.channel.CallLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a dropped caller is never silent. A caller whose channel ended before any seat
 * answered, although they did not hang up themselves, is logged as an error with the call id,
 * counted ({@code hotline.calls.dropped}, by stage and reason) and written on the call's record
 * ({@code ending = dropped:<stage>:<reason>}). So is a channel that entered the connect context
 * anywhere but its first priority ({@code hotline.calls.connect.midway}; a recording may be
 * missing). Every gateway instance sees every event: the record decides which one reports.
 */
public final class CallEndings implements Consumer<CallLifecycle> {

  private static final Logger LOG = LoggerFactory.getLogger(CallEndings.class);

  private final CallDirectory directory;
  private final MeterRegistry metrics;
  private final String connectContext;
  private final Counter midway;

  public CallEndings(CallDirectory directory, MeterRegistry metrics, String connectContext) {
    this.directory = directory;
    this.metrics = metrics;
    this.connectContext = connectContext;
    this.midway =
        Counter.builder("hotline.calls.connect.midway")
            .description("callers whose dialplan entered the connect context past its start")
            .register(metrics);
    for (String stage : new String[] {"waiting", "ringing"}) {
      for (String reason : new String[] {"exchange", "hold-limit", "gateway"}) {
        dropped(stage, reason);
      }
    }
  }

  private Counter dropped(String stage, String reason) {
    return Counter.builder("hotline.calls.dropped")
        .tag("stage", stage)
        .tag("reason", reason)
        .description("callers hung up by the exchange or the gateway before a seat answered")
        .register(metrics);
  }

  @Override
  public void accept(CallLifecycle call) {
    call.drop(connectContext)
        .ifPresent(
            drop -> {
              String callId = CallRecord.callIdOf(call.server(), drop.uniqueId());
              String ending = "dropped:" + drop.stage() + ":" + drop.reason();
              directory
                  .noteOnce(callId, "ending", ending)
                  .onSuccess(
                      first -> {
                        if (first) {
                          dropped(drop.stage(), drop.reason()).increment();
                          LOG.error(
                              "call {} was dropped: its caller was hung up by the {} while {}"
                                  + " (cause {}), not by the caller",
                              callId,
                              drop.reason().equals("exchange") ? "exchange" : drop.reason(),
                              drop.stage().equals("waiting")
                                  ? "waiting, before any seat rang"
                                  : "seats rang",
                              call.hotlineLeg().map(CallLifecycle.Leg::cause).orElse(0));
                        }
                      })
                  .onFailure(e -> LOG.error("call {} was dropped (not recorded: {})", callId, e));
            });
  }

  /** The caller's channel entered the connect context at {@code priority}, not its first. */
  public void enteredConnectMidway(String callId, String fromContext, int priority) {
    directory
        .noteOnce(callId, "midway", fromContext + ">" + priority)
        .onSuccess(
            first -> {
              if (first) {
                midway.increment();
                LOG.error(
                    "call {} entered {} at priority {} (from {}), not at its start: a move landed"
                        + " between two applications",
                    callId,
                    connectContext,
                    priority,
                    fromContext);
              }
            });
  }
}
