package org.hotline.gateway.ivr;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.hotline.gateway.agi.AgiHangupException;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.agi.AgiScript;
import org.hotline.gateway.agi.AgiSession;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.config.LineConfig;
import org.hotline.gateway.handover.SessionHandover;
import org.hotline.gateway.officials.OfficialsSettings;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.Offer;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.api.SeatManagerUnavailableException;
import org.hotline.support.async.AsyncFailures;
import org.hotline.support.phone.PhoneMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agi://gateway:4573/incoming,${HOTLINE_SERVER},${HOTLINE_DNID},${HOTLINE_ENTERED}[,retry]}:
 * identify the call, play the menu on lines that have one, look the caller up, queue the call, and
 * end the session with the call id set (HOTLINE_CALL_ID) and, when a seat was chosen meanwhile, the
 * seat handed over inside the session (see {@link SessionHandover}): the caller goes straight to
 * the connect context, or to hold.
 *
 * <p>A call that cannot be queued (Redis unreachable) ends the session without a call id: the
 * dialplan's retry context asks again every few seconds, carrying the caller's arrival time, and
 * the queue chosen at the menu (HOTLINE_QUEUE) spares the caller the menu a second time. A retry
 * for a call that is queued already (by another attempt, or adopted after a gateway restart)
 * rejoins it. Every step runs on the session's own context.
 */
public final class IncomingCall implements AgiScript {

  private static final Logger LOG = LoggerFactory.getLogger(IncomingCall.class);

  /** The AGI argument that names the server ({@code HOTLINE_SERVER}). */
  public static final int SERVER_ARGUMENT = 0;

  private final Switchboard switchboard;
  private final SessionHandover handover;
  private final RoutingPolicy routing;
  private final CallerProfiles profiles;
  private final Servers servers;
  private final Clock clock;
  private final QueueingTimer timer;

  public IncomingCall(
      Switchboard switchboard,
      SessionHandover handover,
      RoutingPolicy routing,
      CallerProfiles profiles,
      List<AmiServerConfig> servers,
      Clock clock) {
    this(switchboard, handover, routing, profiles, new Servers(servers), clock, QueueingTimer.NONE);
  }

  private IncomingCall(
      Switchboard switchboard,
      SessionHandover handover,
      RoutingPolicy routing,
      CallerProfiles profiles,
      Servers servers,
      Clock clock,
      QueueingTimer timer) {
    this.switchboard = switchboard;
    this.handover = handover;
    this.routing = routing;
    this.profiles = profiles;
    this.servers = servers;
    this.clock = clock;
    this.timer = timer;
  }

  /** The same script, timing each call from the AGI session's start to its queueing decision. */
  public IncomingCall timed(QueueingTimer queueingTimer) {
    return new IncomingCall(
        switchboard, handover, routing, profiles, servers, clock, queueingTimer);
  }

  /** One session's facts, from the AGI environment and arguments. */
  private record Attempt(
      AgiRequest request,
      AgiSession session,
      Context context,
      String server,
      String callId,
      IncomingArguments arguments,
      long startedNanos) {}

  @Override
  public Future<Void> run(AgiRequest request, AgiSession session) {
    if (request.uniqueId().isEmpty() || request.channel().isEmpty()) {
      LOG.warn("/incoming without a channel or uniqueid from {}: ignored", request.remoteHost());
      return Future.succeededFuture();
    }
    Context here = Vertx.currentContext();
    String server = servers.of(request, SERVER_ARGUMENT);
    Attempt attempt =
        new Attempt(
            request,
            session,
            here,
            server,
            CallRecord.callIdOf(server, request.uniqueId()),
            IncomingArguments.of(request, clock.instant()),
            System.nanoTime());
    switchboard.sessions().opened(attempt.callId(), request);
    Future<Void> work =
        attempt.arguments().retry()
            ? rejoinOrQueue(attempt)
            : queue(attempt, Optional.empty(), false);
    return work.onComplete(r -> switchboard.sessions().closed(attempt.callId()));
  }

  /** A retry: the call may be queued already; else it is queued now, in arrival order. */
  private Future<Void> rejoinOrQueue(Attempt a) {
    return onSessionContext(
            a, Future.fromCompletionStage(switchboard.seats().call(a.callId()), a.context()))
        .compose(
            view -> {
              if (view.isPresent()) {
                return rejoin(a, view.get());
              }
              // the menu was played before the gateway failed: its answer is on the channel
              return a.session()
                  .getVariable("HOTLINE_QUEUE")
                  .map(q -> q.filter(name -> switchboard.seatConfig().queue(name).isPresent()))
                  .recover(e -> Future.succeededFuture(Optional.empty()))
                  .compose(known -> queue(a, known, true));
            },
            failure -> {
              Throwable e = AsyncFailures.cause(failure);
              if (e instanceof SeatManagerUnavailableException) {
                // no call id: the dialplan's retry context asks again in a few seconds
                LOG.warn(
                    "call {} could not be looked up yet ({}); the dialplan will ask again",
                    a.callId(),
                    e.toString());
                return Future.<Void>succeededFuture();
              }
              return Future.<Void>failedFuture(e);
            });
  }

  private Future<Void> rejoin(Attempt a, CallView view) {
    if (view.state() != CallState.WAITING && view.state() != CallState.OFFERED) {
      LOG.error(
          "call {} asks to be queued again but is {} in the seat manager; it keeps waiting",
          a.callId(),
          view.state().code());
      return Future.succeededFuture();
    }
    LOG.info("call {} rejoins its place in {}", a.callId(), view.queueId());
    return switchboard
        .directory()
        .get(a.callId())
        .map(r -> r.orElseGet(() -> record(a, view.queueId(), view.enqueuedAt())))
        .compose(
            record ->
                a.session()
                    .setVariable("HOTLINE_CALL_ID", a.callId())
                    .compose(v -> handover.finish(a.session(), record, Optional.empty())));
  }

  private Future<Void> queue(Attempt a, Optional<String> knownQueue, boolean late) {
    LineConfig line = routing.line(a.arguments().dialled());
    Future<String> queue =
        knownQueue.isPresent()
            ? Future.succeededFuture(knownQueue.get())
            : line.ivr()
                ? a.session()
                    .getData(
                        switchboard.config().ivr().prompt(),
                        switchboard.config().ivr().timeout(),
                        1)
                    .map(
                        choice -> {
                          // the menu's answer goes on the call's record, for its detail record
                          switchboard
                              .directory()
                              .noteOnce(a.callId(), "ivr", choice == null ? "" : choice);
                          return routing.queueForChoice(choice);
                        })
                : Future.succeededFuture(line.queue().orElseThrow());
    return queue.compose(
        queueId ->
            districtChoice(a, line)
                .compose(
                    chosen ->
                        onSessionContext(
                                a,
                                profiles
                                    .lookup(a.request().callerNumber())
                                    .recover(
                                        e ->
                                            Future.succeededFuture(CallerProfiles.Profile.UNKNOWN)))
                            .map(profile -> chosen.isPresent() ? profile.about(chosen) : profile))
                .compose(profile -> enqueue(a, line, queueId, profile, late)));
  }

  /**
   * On a line with the district menu (the officials' line): which district the caller says the call
   * is about. Nothing pressed, or a key the menu does not know, leaves it to the caller's last
   * case.
   */
  private Future<Optional<String>> districtChoice(Attempt a, LineConfig line) {
    if (!line.districtMenu()
        || switchboard.config().officials().districtMenu().choices().isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    OfficialsSettings.DistrictMenu menu = switchboard.config().officials().districtMenu();
    return a.session()
        .getData(menu.prompt(), menu.timeout(), menu.digits())
        .map(
            pressed -> {
              Optional<String> district = menu.district(pressed);
              switchboard.directory().noteOnce(a.callId(), "district", district.orElse(""));
              return district;
            });
  }

  private Future<Void> enqueue(
      Attempt a, LineConfig line, String queueId, CallerProfiles.Profile profile, boolean late) {
    CallRecord record = record(a, queueId, clock.instant());
    RoutingRequest routed =
        routing.request(
            a.callId(), queueId, line, profile.overdueOpenCase(), profile.lastDistrict());
    if (late) {
      // asked again after a failure: the caller keeps their place from when they rang
      routed = a.arguments().arrived().map(routed::arrivedAt).orElse(routed);
    }
    if (a.session().hungUp()) {
      return Future.failedFuture(new AgiHangupException("before queueing"));
    }
    RoutingRequest request = routed;
    return onSessionContext(a, switchboard.enqueue(record, request))
        .compose(
            decision -> {
              LOG.info(
                  "call {} from {} queued in {} at priority {}",
                  a.callId(),
                  PhoneMask.mask(record.callerNumber()),
                  queueId,
                  request.priority());
              Optional<Offer> mine =
                  decision.offers().stream().filter(o -> o.callId().equals(a.callId())).findFirst();
              timer.record(System.nanoTime() - a.startedNanos(), mine.isPresent());
              switchboard.carryOut(decision);
              return Future.all(
                      a.session().setVariable("HOTLINE_QUEUE", queueId),
                      a.session().setVariable("HOTLINE_CALL_ID", a.callId()))
                  .compose(v -> handover.finish(a.session(), record, mine));
            },
            failure -> {
              Throwable e = AsyncFailures.cause(failure);
              if (e instanceof SeatManagerException refused
                  && refused.code() == ErrorCode.CALL_EXISTS) {
                return rejoinOrQueue(a);
              }
              if (e instanceof SeatManagerUnavailableException) {
                // no call id: the dialplan's retry context asks again in a few seconds
                LOG.warn(
                    "call {} could not be queued yet ({}); the dialplan will ask again",
                    a.callId(),
                    e.toString());
                return a.session().setVariable("HOTLINE_QUEUE", queueId).<Void>mapEmpty();
              }
              return Future.failedFuture(e);
            });
  }

  private CallRecord record(Attempt a, String queueId, java.time.Instant entered) {
    return new CallRecord(
        a.callId(),
        a.server(),
        a.request().channel(),
        a.request().uniqueId(),
        a.request().callerNumber(),
        a.request().callerName(),
        a.arguments().dialled(),
        queueId,
        a.request().language(),
        entered,
        switchboard.recordingName(a.callId(), entered));
  }

  /** Continues on the session's context, whatever thread completes {@code future}. */
  private static <T> Future<T> onSessionContext(Attempt a, Future<T> future) {
    Context context = a.context();
    if (context == null) {
      return future;
    }
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    future.onComplete(r -> context.runOnContext(v -> promise.handle(r)));
    return promise.future();
  }
}
