package org.hotline.gateway.monitor;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hotline.gateway.access.AccessRefused;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.channel.ChannelEvent;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervisors on the line. Starting: the supervisor must be on duty at a seat of their own (their
 * phone), not on a call there, and the seat they pick must be another seat with a connected call;
 * their own seat's phone is then Originated into the dialplan's spy context, whose ChanSpy, with
 * the mode's options, joins that seat's channel. The spy's channel carries the session's id as its
 * Uniqueid, so the exchange's events find the session: ChanSpyStart makes it active, ChanSpyStop
 * (or the channel's Hangup, if it never got that far) ends it. A free supervisor is paused for
 * {@code monitor} meanwhile, so that no queue call rings their busy phone, and made available again
 * at the end. Each end is audited with how long the supervisor was on the call. Events that come
 * twice or late change nothing: a session only moves forward ({@link MonitorSession.State}).
 *
 * <p>Sessions live in Redis ({@link MonitorStore}), not in an instance: every instance lists them,
 * stops them (its own AMI Hangup of the spy's leg) and follows their events, which each instance
 * hears; the store's script lets exactly one instance move a session on, and that one pauses,
 * readies and audits. Desktops are told on each instance that hears the events (each desktop is
 * connected to one instance). Runs on the context that receives the channel events.
 */
public final class Monitors {

  private static final Logger LOG = LoggerFactory.getLogger(Monitors.class);

  /** A spy leg not heard of within this after the request is given up (the phone's ring, 45 s). */
  static final Duration GIVE_UP = Duration.ofSeconds(60);

  /** An Originate's channel exists this soon after it is sent (Asterisk creates it at once). */
  private static final Duration LEG_APPEARS_WITHIN = Duration.ofSeconds(5);

  /** The spy leg's Uniqueid starts so (see {@link #newId}): other channels' events are skipped. */
  private static final String ID_PREFIX = "mon-";

  /** Sessions whose agent this instance told of the supervisor, to tell them when it ends. */
  private static final int TOLD_KEPT = 1000;

  private final Vertx vertx;
  private final Context context;
  private final Switchboard switchboard;
  private final SeatManager seats;
  private final SeatManagerConfig seatConfig;
  private final CallDirectory directory;
  private final Telephony telephony;
  private final Auditor auditor;
  private final MonitorSettings settings;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final MonitorStore store;
  private final Set<String> toldHere = new LinkedHashSet<>();

  public Monitors(
      Vertx vertx,
      Context context,
      Switchboard switchboard,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      CallDirectory directory,
      Telephony telephony,
      Auditor auditor,
      MonitorSettings settings,
      MonitorStore store,
      SpyEvents events,
      Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.switchboard = switchboard;
    this.seats = seats;
    this.seatConfig = seatConfig;
    this.directory = directory;
    this.telephony = telephony;
    this.auditor = auditor;
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    events.listener(
        new SpyEvents.Listener() {
          @Override
          public void accept(ChannelEvent event) {
            onEvent(event);
          }

          @Override
          public void live(String server, Set<String> uniqueIds, Instant at) {
            context.runOnContext(v -> resync(server, uniqueIds, at));
          }
        });
  }

  /** The sessions not yet ended, oldest first. */
  public Future<List<MonitorSession>> active() {
    return onContext(store::live);
  }

  /** One session, ended or not (ended ones are kept a while: {@link MonitorStore}). */
  public Future<Optional<MonitorSession>> session(String id) {
    return onContext(() -> store.get(id));
  }

  /** The work runs on the context that receives the channel events. */
  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(p));
    return p.future();
  }

  /**
   * {@code supervisor} (asking from {@code address}) joins the call at {@code seatId} in {@code
   * mode}: completes once the supervisor's phone rings, audited before it is dialled.
   */
  public Future<MonitorSession> start(
      String supervisor, String address, String seatId, MonitorMode mode) {
    return onContext(() -> starting(supervisor, address, seatId, mode));
  }

  private Future<MonitorSession> starting(
      String supervisor, String address, String seatId, MonitorMode mode) {
    if (seatConfig.seat(seatId).isEmpty()) {
      return Future.failedFuture(AccessRefused.unknown("SEAT_UNKNOWN", "no such seat"));
    }
    return Future.fromCompletionStage(seats.status(supervisor), context)
        .compose(status -> ownSeat(status, seatId).map(own -> new Own(own, status)))
        .compose(
            me ->
                spiedCall(seatId)
                    .compose(
                        call -> {
                          MonitorSession s =
                              new MonitorSession(
                                  newId(),
                                  call.record().server(),
                                  supervisor,
                                  me.seat().id(),
                                  seatId,
                                  call.agent(),
                                  call.record().callId(),
                                  mode,
                                  address,
                                  clock.instant());
                          // one session per supervisor, whichever instance started the other
                          return store
                              .create(s)
                              .compose(
                                  created ->
                                      created.isEmpty()
                                          ? Future.failedFuture(
                                              AccessRefused.conflict(
                                                  "ALREADY_MONITORING",
                                                  "your phone is on another seat's call: stop that"
                                                      + " first"))
                                          : dial(
                                              s,
                                              me.seat(),
                                              seatConfig.seat(seatId).get(),
                                              me.status() instanceof AgentStatus.Available));
                        }));
  }

  /** The supervisor's own seat: on duty there and free to take their own phone's call. */
  private Future<Seat> ownSeat(AgentStatus status, String spiedSeat) {
    Optional<String> seat = status.seatId();
    if (seat.isEmpty()) {
      return Future.failedFuture(
          AccessRefused.conflict(
              "NOT_ON_DUTY", "sign in at your seat first: your own phone joins the call"));
    }
    if (seat.get().equals(spiedSeat)) {
      return Future.failedFuture(
          AccessRefused.conflict("OWN_SEAT", "that is your own seat: pick an agent's seat"));
    }
    if (status instanceof AgentStatus.OnCall || status instanceof AgentStatus.Offered) {
      return Future.failedFuture(
          AccessRefused.conflict("SUPERVISOR_BUSY", "your own phone is on a call"));
    }
    return seatConfig
        .seat(seat.get())
        .map(Future::succeededFuture)
        .orElseGet(
            () ->
                Future.failedFuture(
                    AccessRefused.conflict("NOT_ON_DUTY", "your seat is not a known seat")));
  }

  private record Own(Seat seat, AgentStatus status) {}

  private record SpiedCall(String agent, CallRecord record) {}

  /** The connected call at {@code seatId}, and its agent; a 409 NO_CALL when there is none. */
  private Future<SpiedCall> spiedCall(String seatId) {
    AccessRefused none = AccessRefused.conflict("NO_CALL", "there is no call at that seat now");
    return Future.fromCompletionStage(seats.agentAt(seatId), context)
        .compose(
            agent ->
                agent.isEmpty()
                    ? Future.failedFuture(none)
                    : Future.fromCompletionStage(seats.status(agent.get()), context))
        .compose(
            status ->
                status instanceof AgentStatus.OnCall on
                    ? Future.fromCompletionStage(seats.call(on.call()), context)
                        .compose(
                            view ->
                                view.isPresent() && view.get().state() == CallState.CONNECTED
                                    ? directory.get(on.call())
                                    : Future.succeededFuture(Optional.<CallRecord>empty()))
                        .compose(
                            record ->
                                record.isPresent()
                                    ? Future.succeededFuture(
                                        new SpiedCall(status.agentId(), record.get()))
                                    : Future.<SpiedCall>failedFuture(none))
                    : Future.failedFuture(none));
  }

  private Future<MonitorSession> dial(MonitorSession s, Seat own, Seat spied, boolean free) {
    // no queue call rings the supervisor's phone while it is on another seat's call
    Future<?> paused =
        free
            ? switchboard.runQuietly(
                "pause for monitoring " + s.supervisor(),
                seats.pauseForSystem(s.supervisor(), PauseReason.MONITOR))
            : Future.succeededFuture();
    Map<String, String> variables = new LinkedHashMap<>();
    // the trailing dash ends the device name: ChanSpy matches names by prefix, and
    // PJSIP/seat003 alone would also match PJSIP/seat0031-00000012
    variables.put("SPY_TARGET", spied.device() + "-");
    variables.put("SPY_OPTIONS", s.mode().options());
    variables.put("HOTLINE_MONITOR", s.id());
    return paused
        .compose(p -> audit(s, "seat.monitor", Map.of()))
        .compose(
            v ->
                telephony
                    .spyOn(
                        s.server(),
                        own.device(),
                        "\"" + s.mode().code() + " " + spied.id() + "\" <" + spied.id() + ">",
                        s.id(),
                        variables)
                    .recover(
                        e -> {
                          LOG.warn(
                              "monitor {}: the exchange refused the Originate: {}",
                              s.id(),
                              e.toString());
                          return Future.failedFuture(
                              AccessRefused.exchangeFailed("the exchange did not ring your phone"));
                        }))
        // not audited, or not dialled: the session is over before it began
        .onFailure(e -> endNow(s.id(), "failed", false))
        .map(
            v -> {
              // should this instance be gone by then, the next read of the live channels ends it
              vertx.setTimer(GIVE_UP.toMillis(), id -> endNow(s.id(), "not answered", true));
              LOG.info(
                  "monitor {}: supervisor {} {} seat {} (call {})",
                  s.id(),
                  s.supervisor(),
                  s.mode().code(),
                  s.seat(),
                  s.callId());
              return s;
            });
  }

  /**
   * {@code who} stops session {@code id}, from whichever instance: the spy's channel is hung up,
   * and the session ends when the exchange says so (or at once when its leg is not there).
   */
  public Future<MonitorSession> stop(String id, String who) {
    return onContext(() -> stopping(id, who));
  }

  private Future<MonitorSession> stopping(String id, String who) {
    AccessRefused unknown = AccessRefused.unknown("MONITOR_UNKNOWN", "no such session");
    return store
        .get(id)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(unknown);
              }
              MonitorSession s = found.get();
              if (!s.supervisor().equals(who)) {
                return Future.failedFuture(
                    AccessRefused.forbidden("only its supervisor stops a session"));
              }
              if (s.state() == MonitorSession.State.ENDED) {
                return Future.succeededFuture(s);
              }
              return store
                  .note(id, "", "stop", "1")
                  .compose(
                      noted ->
                          noted.isEmpty()
                              ? Future.failedFuture(unknown)
                              : hangUp(noted.get().session()));
            });
  }

  /** The spy's leg hangs up; with no leg seen yet (still ringing), the session ends now. */
  private Future<MonitorSession> hangUp(MonitorSession s) {
    if (s.state() == MonitorSession.State.ENDED) {
      return Future.succeededFuture(s);
    }
    if (s.channel().isEmpty()) {
      // a leg that turns up later is hung up then (hangUpIfOver); one seen meanwhile, now
      return endNow(s.id(), "stopped", false)
          .map(
              step -> {
                MonitorSession now = step.map(MonitorStore.Step::session).orElse(s);
                hangUpIfOver(now);
                return now;
              });
    }
    return telephony
        .hangUpChannel(s.server(), s.channel())
        // the leg is gone already: its Hangup may have been missed
        .recover(e -> endNow(s.id(), "stopped", false).mapEmpty())
        .map(s);
  }

  private void onEvent(ChannelEvent e) {
    String id = e.uniqueId();
    if (id == null || !id.startsWith(ID_PREFIX)) {
      return;
    }
    Future<Optional<MonitorStore.Step>> step;
    if (e instanceof ChannelEvent.Created c) {
      step = store.note(id, e.server(), "channel", c.channel());
    } else if (e instanceof ChannelEvent.SpyStarted started) {
      step = store.activate(id, e.server(), started.at(), started.spyerChannel(), tellingModes());
    } else if (e instanceof ChannelEvent.SpyStopped stopped) {
      step = store.end(id, e.server(), stopped.at(), "", false);
    } else if (e instanceof ChannelEvent.HangupRequested) {
      // the far end (the supervisor's phone) hung up
      step = store.note(id, e.server(), "hangup", "1");
    } else if (e instanceof ChannelEvent.HungUp h) {
      step = store.end(id, e.server(), h.at(), "", false);
    } else {
      return;
    }
    boolean legSeen = e instanceof ChannelEvent.Created || e instanceof ChannelEvent.SpyStarted;
    step.onSuccess(
            found ->
                found.ifPresent(
                    st -> {
                      moved(st);
                      if (legSeen) {
                        hangUpIfOver(st.session());
                      }
                    }))
        .onFailure(
            x ->
                LOG.warn(
                    "monitor {}: {} not recorded: {}",
                    id,
                    e.getClass().getSimpleName(),
                    x.toString()));
  }

  /** After any move or note: what follows from where the session now is. */
  private void moved(MonitorStore.Step step) {
    MonitorSession s = step.session();
    switch (s.state()) {
      case DIALLING -> {}
      case ACTIVE -> {
        if (step.moved()) {
          LOG.info("monitor {}: {} on seat {}", s.id(), s.mode().code(), s.seat());
        }
        if (s.wasAgentTold() && remember(s.id())) {
          tellAgent(s, true);
        }
      }
      case ENDED -> {
        if (step.moved()) {
          ended(s);
        }
        if (toldHere.remove(s.id())) {
          tellAgent(s, false);
        }
      }
    }
  }

  private boolean remember(String id) {
    if (toldHere.size() >= TOLD_KEPT) {
      toldHere.remove(toldHere.iterator().next());
    }
    return toldHere.add(id);
  }

  /** The modes whose agent is told, as the store's script reads them. */
  private String tellingModes() {
    return Stream.of(MonitorMode.values())
        .filter(settings::tellsAgent)
        .map(MonitorMode::code)
        .collect(Collectors.joining(",", ",", ","));
  }

  /** Ends session {@code id} now (any server), and follows through if this call ended it. */
  private Future<Optional<MonitorStore.Step>> endNow(
      String id, String reason, boolean onlyIfSilent) {
    return store
        .end(id, "", clock.instant(), reason, onlyIfSilent)
        .onSuccess(found -> found.ifPresent(this::moved))
        .onFailure(x -> LOG.warn("monitor {}: not ended ({}): {}", id, reason, x.toString()));
  }

  /**
   * The exchange's live channels at {@code at}: a session whose leg is not among them ended without
   * its events reaching us (an AMI outage, or the instance that started it is gone). A session
   * asked for just now may have no leg yet.
   */
  private void resync(String server, Set<String> alive, Instant at) {
    store
        .live()
        .onSuccess(
            live -> {
              for (MonitorSession s : live) {
                boolean hadLeg =
                    !s.channel().isEmpty()
                        || s.requestedAt().isBefore(at.minus(LEG_APPEARS_WITHIN));
                if (s.server().equals(server) && hadLeg && !alive.contains(s.id())) {
                  store
                      .end(s.id(), server, at, "lost", false)
                      .onSuccess(
                          found ->
                              found.ifPresent(
                                  step -> {
                                    if (step.moved()) {
                                      LOG.warn(
                                          "monitor {}: its leg is gone unheard (events lost);"
                                              + " ended",
                                          s.id());
                                    }
                                    moved(step);
                                  }));
                }
              }
            })
        .onFailure(x -> LOG.warn("monitor: sessions not resynced: {}", x.toString()));
  }

  /** A leg that turns up for a session already over (stopped or given up while it rang) goes. */
  private void hangUpIfOver(MonitorSession s) {
    if (s.state() == MonitorSession.State.ENDED && !s.channel().isEmpty()) {
      telephony
          .hangUpChannel(s.server(), s.channel())
          .onFailure(x -> LOG.debug("monitor {}: leg already gone: {}", s.id(), x.toString()));
    }
  }

  /** What follows the end, done once: by the instance whose call ended it. */
  private void ended(MonitorSession s) {
    LOG.info(
        "monitor {}: ended ({}) after {} s", s.id(), s.reason(), s.duration().toMillis() / 1000.0);
    readyIfMonitoring(s.supervisor());
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("reason", s.reason());
    detail.put("started", s.startedAt().map(Instant::toString).orElse(""));
    detail.put("ended", s.endedAt().map(Instant::toString).orElse(""));
    detail.put("seconds", Long.toString(s.duration().toSeconds()));
    detail.put("millis", Long.toString(s.duration().toMillis()));
    audit(s, "seat.monitor.end", detail)
        .onFailure(x -> LOG.warn("monitor {}: its end was not audited: {}", s.id(), x.toString()));
  }

  /** The supervisor is free again, if still paused for monitoring (idempotent). */
  private void readyIfMonitoring(String supervisor) {
    Future.fromCompletionStage(seats.status(supervisor), context)
        .compose(
            status ->
                status instanceof AgentStatus.Paused p && p.reason().equals(PauseReason.MONITOR)
                    ? store.busy(supervisor)
                    : Future.succeededFuture(true))
        .onSuccess(
            busy -> {
              if (!busy) {
                switchboard.runQuietly(
                    "ready after monitoring " + supervisor, seats.ready(supervisor));
              }
            })
        .onFailure(x -> LOG.warn("monitor: {} not made ready: {}", supervisor, x.toString()));
  }

  /** The agent's desktop hears of the supervisor joining ({@code on}) and leaving. */
  private void tellAgent(MonitorSession s, boolean on) {
    vertx
        .eventBus()
        .publish(
            EventFeed.ADDRESS,
            new JsonObject()
                .put("kind", "coached")
                .put("agent", s.agent())
                .put("call", s.callId())
                .put("mode", s.mode().code())
                .put("on", on));
  }

  private Future<Void> audit(MonitorSession s, String action, Map<String, String> more) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("session", s.id());
    detail.put("mode", s.mode().code());
    detail.put("call", s.callId());
    detail.put("agent", s.agent());
    detail.put("supervisorSeat", s.supervisorSeat());
    detail.putAll(more);
    return auditor.recordAs(s.supervisor(), s.address(), action, s.seat(), "ok", detail);
  }

  private String newId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return ID_PREFIX + HexFormat.of().formatHex(b);
  }
}
