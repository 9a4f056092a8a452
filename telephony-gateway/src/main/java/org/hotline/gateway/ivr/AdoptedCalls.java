package org.hotline.gateway.ivr;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.channel.LiveChannel;
import org.hotline.gateway.config.LineConfig;
import org.hotline.gateway.switchboard.Adoption;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.support.async.AsyncFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts callers holding in the hold context whom the seat manager does not know (the instance that
 * queued them died and Redis lost the call, or the exchange ran an older dialplan): each is queued
 * with the queue chosen at its menu (HOTLINE_QUEUE) or its line's, its dialled number
 * (HOTLINE_DNID) and its arrival time (HOTLINE_ENTERED, else the channel's age), oldest first, so
 * they keep their place ahead of newer calls. Callers in the retry context are left alone: they ask
 * again by themselves within seconds and hear the menu they missed.
 */
public final class AdoptedCalls implements Adoption {

  private static final Logger LOG = LoggerFactory.getLogger(AdoptedCalls.class);

  private final Switchboard switchboard;
  private final Telephony telephony;
  private final RoutingPolicy routing;
  private final Clock clock;

  public AdoptedCalls(
      Switchboard switchboard, Telephony telephony, RoutingPolicy routing, Clock clock) {
    this.switchboard = switchboard;
    this.telephony = telephony;
    this.routing = routing;
    this.clock = clock;
  }

  @Override
  public Future<Integer> adopt(String server, Set<String> active, List<LiveChannel> channels) {
    String hold = switchboard.config().dialplan().holdContext();
    List<LiveChannel> orphans =
        channels.stream()
            .filter(c -> c.context().equals(hold))
            .filter(c -> !active.contains(CallRecord.callIdOf(server, c.uniqueId())))
            .sorted(Comparator.comparing(LiveChannel::age).reversed())
            .toList();
    Future<Integer> done = Future.succeededFuture(0);
    for (LiveChannel orphan : orphans) {
      // one after another, oldest first; a failure does not stop the others
      done = done.compose(n -> adoptOne(server, orphan).map(ok -> ok ? n + 1 : n).otherwise(n));
    }
    return done;
  }

  private Future<Boolean> adoptOne(String server, LiveChannel c) {
    Future<Optional<String>> queue = telephony.variable(server, c.channel(), "HOTLINE_QUEUE");
    Future<Optional<String>> entered = telephony.variable(server, c.channel(), "HOTLINE_ENTERED");
    Future<Optional<String>> dnid = telephony.variable(server, c.channel(), "HOTLINE_DNID");
    return Future.all(queue, entered, dnid)
        .compose(
            all -> {
              String dialled = dnid.result().orElse("");
              LineConfig line = routing.line(dialled);
              String queueId =
                  queue
                      .result()
                      .filter(q -> switchboard.seatConfig().queue(q).isPresent())
                      .orElse(line.queue().orElse(switchboard.config().ivr().defaultQueue()));
              Instant now = clock.instant();
              Instant arrived =
                  entered
                      .result()
                      .flatMap(AdoptedCalls::epochSeconds)
                      .filter(t -> !t.isAfter(now))
                      .orElse(now.minus(c.age()));
              String callId = CallRecord.callIdOf(server, c.uniqueId());
              CallRecord record =
                  new CallRecord(
                      callId,
                      server,
                      c.channel(),
                      c.uniqueId(),
                      AgiRequest.safeNumber(c.callerNumber()),
                      "",
                      dialled,
                      queueId,
                      "",
                      arrived,
                      switchboard.recordingName(callId, arrived));
              RoutingRequest request =
                  routing
                      .request(callId, queueId, line, false, Optional.empty())
                      .arrivedAt(arrived);
              return switchboard
                  .enqueue(record, request)
                  .map(
                      decision -> {
                        LOG.info(
                            "adopted call {}, holding since {} with no queue behind it, into {}",
                            callId,
                            arrived,
                            queueId);
                        switchboard.carryOut(decision);
                        return true;
                      })
                  .recover(
                      failure -> {
                        Throwable e = AsyncFailures.cause(failure);
                        if (e instanceof SeatManagerException refused
                            && refused.code() == ErrorCode.CALL_EXISTS) {
                          return Future.succeededFuture(false); // another instance was first
                        }
                        LOG.warn("could not adopt call {}: {}", callId, e.toString());
                        return Future.succeededFuture(false);
                      });
            });
  }

  private static Optional<Instant> epochSeconds(String value) {
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
