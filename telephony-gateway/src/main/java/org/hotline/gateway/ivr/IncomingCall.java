package org.hotline.gateway.ivr;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import org.hotline.gateway.agi.AgiHangupException;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.agi.AgiScript;
import org.hotline.gateway.agi.AgiSession;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.calls.PhoneMask;
import org.hotline.gateway.config.LineConfig;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.redis.support.AsyncFailures;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.api.SeatManagerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agi://gateway:4573/incoming}: identify the call, play the menu on lines that have one,
 * look the caller up, queue the call, tell the dialplan the call id, and end the session so the
 * dialplan holds the caller. An offer the queueing made at once is connected after the session ends
 * (a Redirect during AGI would cut the session short).
 */
public final class IncomingCall implements AgiScript {

  private static final Logger LOG = LoggerFactory.getLogger(IncomingCall.class);
  private static final java.time.Duration RETRY_EVERY = java.time.Duration.ofSeconds(1);
  private static final int MAX_RETRIES = 300;

  private final Switchboard switchboard;
  private final RoutingPolicy routing;
  private final CallerProfiles profiles;
  private final Servers servers;
  private final Clock clock;
  private final QueueingTimer timer;

  public IncomingCall(
      Switchboard switchboard,
      RoutingPolicy routing,
      CallerProfiles profiles,
      List<AmiServerConfig> servers,
      Clock clock) {
    this.switchboard = switchboard;
    this.routing = routing;
    this.profiles = profiles;
    this.servers = new Servers(servers);
    this.clock = clock;
    this.timer = QueueingTimer.NONE;
  }

  private IncomingCall(IncomingCall base, QueueingTimer timer) {
    this.switchboard = base.switchboard;
    this.routing = base.routing;
    this.profiles = base.profiles;
    this.servers = base.servers;
    this.clock = base.clock;
    this.timer = timer;
  }

  /** The same script, timing each call from the AGI session's start to its queueing decision. */
  public IncomingCall timed(QueueingTimer queueingTimer) {
    return new IncomingCall(this, queueingTimer);
  }

  @Override
  public Future<Void> run(AgiRequest request, AgiSession session) {
    if (request.uniqueId().isEmpty() || request.channel().isEmpty()) {
      LOG.warn("/incoming without a channel or uniqueid from {}: ignored", request.remoteHost());
      return Future.succeededFuture();
    }
    long started = System.nanoTime();
    String server = servers.of(request, 0);
    String callId = CallRecord.callIdOf(server, request.uniqueId());
    LineConfig line = routing.line(request.dialledNumber());
    Future<String> queue =
        line.ivr()
            ? session
                .getData(
                    switchboard.config().ivr().prompt(), switchboard.config().ivr().timeout(), 1)
                .map(routing::queueForChoice)
            : Future.succeededFuture(line.queue().orElseThrow());
    return queue.compose(
        queueId ->
            profiles
                .lookup(request.callerNumber())
                .recover(e -> Future.succeededFuture(CallerProfiles.Profile.UNKNOWN))
                .compose(
                    profile -> {
                      java.time.Instant entered = clock.instant();
                      CallRecord record =
                          new CallRecord(
                              callId,
                              server,
                              request.channel(),
                              request.uniqueId(),
                              request.callerNumber(),
                              request.callerName(),
                              request.dialledNumber(),
                              queueId,
                              request.language(),
                              entered,
                              switchboard.recordingName(callId, entered));
                      RoutingRequest routed =
                          routing.request(
                              callId,
                              queueId,
                              line,
                              profile.overdueOpenCase(),
                              profile.lastDistrict());
                      if (session.hungUp()) {
                        return Future.failedFuture(new AgiHangupException("before queueing"));
                      }
                      return session
                          .setVariable("HOTLINE_CALL_ID", callId)
                          .compose(r -> switchboard.enqueue(record, routed))
                          .onSuccess(
                              decision -> {
                                LOG.info(
                                    "call {} from {} queued in {} at priority {}",
                                    callId,
                                    PhoneMask.mask(record.callerNumber()),
                                    queueId,
                                    routed.priority());
                                timer.record(
                                    System.nanoTime() - started, !decision.offers().isEmpty());
                                session.close(); // the dialplan moves on to hold
                                switchboard.carryOut(decision);
                              })
                          .recover(
                              failure -> {
                                Throwable e = AsyncFailures.cause(failure);
                                if (!(e instanceof SeatManagerUnavailableException)) {
                                  return Future.failedFuture(e);
                                }
                                // Redis is unreachable: the caller waits on hold while we keep
                                // trying; a caller never sits in hold with no queue behind them
                                LOG.warn(
                                    "call {} could not be queued yet ({}); retrying",
                                    callId,
                                    e.toString());
                                session.close();
                                retry(record, routed, 1);
                                return Future.succeededFuture(null);
                              })
                          .<Void>mapEmpty();
                    }));
  }

  /** Queues again after a failure, every second for five minutes (then the hold loop ends). */
  private void retry(CallRecord record, RoutingRequest routed, int attempt) {
    switchboard
        .vertx()
        .setTimer(
            RETRY_EVERY.toMillis(),
            id ->
                switchboard
                    .enqueue(record, routed)
                    .onSuccess(
                        decision -> {
                          LOG.info("call {} queued after {} retries", record.callId(), attempt);
                          switchboard.carryOut(decision);
                        })
                    .onFailure(
                        e -> {
                          if (e instanceof SeatManagerUnavailableException
                              && attempt < MAX_RETRIES) {
                            retry(record, routed, attempt + 1);
                          } else if (!(e instanceof SeatManagerException)) {
                            LOG.error(
                                "call {} could not be queued: {}", record.callId(), e.toString());
                          }
                        }));
  }
}
