package org.hotline.gateway.desktop;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.hotline.gateway.record.CallDetailStore;

/**
 * The status bar's "calls handled today": answered calls of the agent that have ended since
 * midnight in the centre's zone, from the call detail records. Empty without the city's record.
 */
public final class CallsHandled {

  public static final CallsHandled NONE =
      new CallsHandled(Optional.empty(), ZoneId.of("UTC"), Clock.systemUTC(), null);

  private final Optional<CallDetailStore> store;
  private final ZoneId zone;
  private final Clock clock;
  private final Context context;

  public CallsHandled(Optional<CallDetailStore> store, ZoneId zone, Clock clock, Context context) {
    this.store = store;
    this.zone = zone;
    this.clock = clock;
    this.context = context;
  }

  public Future<Optional<Integer>> today(String agentId) {
    if (store.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    var midnight = LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant();
    return Future.fromCompletionStage(store.get().answeredBy(agentId, midnight), context)
        .map(Optional::of)
        // a figure on a status bar is not worth an error: show none until the record answers
        .otherwise(Optional.empty());
  }
}
