package org.hotline.gateway.switchboard;

import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.gateway.channel.LiveChannel;
import org.hotline.seat.api.CallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an AMI (re)connect, and periodically, compares the calls the seat manager holds with the
 * channels the exchange has: nothing missed while disconnected is replayed, so a call whose
 * caller's channel is gone is ended now (a waiting caller is removed, a seat on such a call is
 * freed into wrap-up).
 */
public final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Switchboard switchboard;

  public Reconciler(Switchboard switchboard) {
    this.switchboard = switchboard;
  }

  /**
   * @param liveChannels reads the exchange's channels; called after the seat manager's calls are
   *     read, so every call listed existed before the snapshot
   * @return how many calls were ended
   */
  public Future<Integer> reconcile(
      String server, java.util.function.Supplier<Future<List<LiveChannel>>> liveChannels) {
    String prefix = server + ":";
    return Future.fromCompletionStage(switchboard.seats().activeCalls())
        .compose(
            active ->
                liveChannels
                    .get()
                    .compose(
                        channels -> {
                          Set<String> alive = new HashSet<>();
                          for (LiveChannel c : channels) {
                            alive.add(c.uniqueId());
                          }
                          int ended = 0;
                          for (Map.Entry<String, CallState> call : active.entrySet()) {
                            String callId = call.getKey();
                            if (callId.startsWith(prefix)
                                && !alive.contains(callId.substring(prefix.length()))) {
                              LOG.info(
                                  "call {} ({}) has no channel on {} any more: ending it",
                                  callId,
                                  call.getValue(),
                                  server);
                              switchboard.hangUp(callId);
                              ended++;
                            }
                          }
                          return Future.succeededFuture(ended);
                        }));
  }
}
