package org.hotline.gateway.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.channel.CallLifecycle;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.support.time.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each hotline call's detail record when its last leg hangs up, and sweeps for calls owed
 * one: a call queued while a gateway ran is owed a record (a sorted set in Redis) until one is
 * written, so a call whose end no running gateway saw (the one that did was killed) is still
 * recorded, rebuilt from Redis and the seat manager. Both paths are idempotent per call.
 */
public final class CallDetailWriter implements Consumer<CallLifecycle> {

  private static final Logger LOG = LoggerFactory.getLogger(CallDetailWriter.class);

  /** A call still running in the seat manager after this long is recorded as it stands. */
  static final Duration STUCK = Duration.ofHours(4);

  /**
   * The sweep leaves calls queued less than this ago to the gateway that sees their end ({@code
   * -Dhotline.record.sweepGrace}, default 60s; tests shorten it).
   */
  public static final Duration GRACE =
      Durations.parse(System.getProperty("hotline.record.sweepGrace", "60s"));

  /** How often each instance sweeps ({@code -Dhotline.record.sweepEvery}, default 30s). */
  public static final Duration SWEEP_EVERY =
      Durations.parse(System.getProperty("hotline.record.sweepEvery", "30s"));

  private final Context context;
  private final CallDirectory directory;
  private final SeatManager seats;
  private final CallDetailStore store;
  private final CallDetails details;
  private final String connectContext;
  private final BiPredicate<String, String> legAlive;
  private final Clock clock;
  private final Counter written;
  private final Counter swept;
  private final Counter failed;

  /**
   * @param legAlive whether this instance sees a leg ({@code server}, {@code uniqueId}) alive now
   */
  public CallDetailWriter(
      Context context,
      CallDirectory directory,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      CallDetailStore store,
      String connectContext,
      BiPredicate<String, String> legAlive,
      Clock clock,
      MeterRegistry metrics) {
    this.context = context;
    this.directory = directory;
    this.seats = seats;
    this.store = store;
    this.details = new CallDetails(seatConfig);
    this.connectContext = connectContext;
    this.legAlive = legAlive;
    this.clock = clock;
    this.written = counter(metrics, "lifecycle");
    this.swept = counter(metrics, "sweep");
    this.failed = counter(metrics, "failed");
  }

  private static Counter counter(MeterRegistry metrics, String how) {
    return Counter.builder("hotline.calls.detail.records")
        .tag("how", how)
        .description("call detail records written to the city's record, by how")
        .register(metrics);
  }

  @Override
  public void accept(CallLifecycle call) {
    Optional<CallLifecycle.Leg> leg = call.hotlineLeg();
    boolean seenInDialplan = leg.isPresent();
    if (!seenInDialplan) {
      // a leg created before this instance listened (it restarted mid-call): the call's first
      // leg is the caller's if the call has a record, i.e. it was queued as a hotline call
      leg = call.legs().stream().filter(l -> l.uniqueId().equals(call.linkedId())).findFirst();
    }
    if (leg.isEmpty()) {
      return; // a seat's own leg, or a call that never ran the hotline dialplan
    }
    String callId = CallRecord.callIdOf(call.server(), leg.get().uniqueId());
    Optional<String> ending =
        call.drop(connectContext).map(d -> "dropped:" + d.stage() + ":" + d.reason());
    gather(call.server(), callId, Optional.of(call), leg, ending)
        .compose(
            known ->
                seenInDialplan || known.record().isPresent()
                    ? write(known).map(true)
                    : Future.succeededFuture(false))
        .onSuccess(
            w -> {
              if (w) {
                written.increment();
              }
            })
        .onFailure(
            e -> {
              failed.increment();
              // the call stays owed: the sweep writes it from what Redis still knows
              LOG.warn("call {}: detail record not written now: {}", callId, e.toString());
            });
  }

  /** Writes the records of calls owed one whose end nobody recorded; completes with how many. */
  public Future<Integer> sweep() {
    return sweep(clock.instant());
  }

  /** The sweep as if it were {@code now} (calls queued before {@code now} minus the grace). */
  public Future<Integer> sweep(Instant now) {
    return directory
        .pendingDetails(now.minus(GRACE), 200)
        .compose(
            ids -> {
              List<Future<Boolean>> each = new ArrayList<>();
              for (String callId : ids) {
                each.add(sweepOne(callId, now).recover(e -> Future.succeededFuture(false)));
              }
              return Future.all(each)
                  .map(all -> (int) each.stream().filter(f -> f.result()).count());
            });
  }

  private Future<Boolean> sweepOne(String callId, Instant now) {
    int colon = callId.indexOf(':');
    if (colon < 0) {
      return directory.detailWritten(callId).map(false);
    }
    String server = callId.substring(0, colon);
    if (legAlive.test(server, callId.substring(colon + 1))) {
      return Future.succeededFuture(false);
    }
    return view(callId)
        .compose(
            view -> {
              boolean running =
                  view.map(v -> v.state() != CallState.FINISHED && v.state() != CallState.ABANDONED)
                      .orElse(false);
              boolean stuck = view.map(v -> v.enqueuedAt().isBefore(now.minus(STUCK))).orElse(true);
              // just ended: the gateway that saw the end is writing its row now
              boolean justEnded =
                  view.flatMap(CallView::endedAt)
                      .map(e -> e.isAfter(now.minus(GRACE)))
                      .orElse(false);
              if ((running && !stuck) || justEnded) {
                return Future.succeededFuture(false);
              }
              return directory
                  .field(callId, "ending")
                  .recover(e -> Future.succeededFuture(Optional.empty()))
                  .compose(
                      ending -> gather(server, callId, Optional.empty(), Optional.empty(), ending))
                  .compose(this::write)
                  .map(
                      w -> {
                        swept.increment();
                        LOG.info("call {}: detail record rebuilt by the sweep ({})", callId, w);
                        return true;
                      });
            });
  }

  private Future<CallDetails.Known> gather(
      String server,
      String callId,
      Optional<CallLifecycle> call,
      Optional<CallLifecycle.Leg> callerLeg,
      Optional<String> ending) {
    Future<Optional<CallRecord>> record =
        directory.get(callId).recover(e -> Future.succeededFuture(Optional.empty()));
    Future<Optional<String>> ivr =
        directory.field(callId, "ivr").recover(e -> Future.succeededFuture(Optional.empty()));
    Future<Optional<CallView>> view = view(callId);
    return Future.all(record, ivr, view)
        .map(
            all ->
                new CallDetails.Known(
                    server,
                    callId,
                    call,
                    callerLeg,
                    record.result(),
                    view.result(),
                    ivr.result(),
                    ending,
                    clock.instant()));
  }

  private Future<Optional<CallView>> view(String callId) {
    return Future.fromCompletionStage(seats.call(callId), context)
        .recover(e -> Future.succeededFuture(Optional.empty()));
  }

  private Future<CallDetailStore.Written> write(CallDetails.Known known) {
    CallDetail detail = details.assemble(known);
    return Future.fromCompletionStage(store.write(detail), context)
        .compose(w -> directory.detailWritten(detail.callId()).map(w));
  }
}
