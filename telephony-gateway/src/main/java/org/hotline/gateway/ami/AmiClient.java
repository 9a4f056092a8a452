package org.hotline.gateway.ami;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.hotline.gateway.channel.ChannelEvent;
import org.hotline.gateway.channel.LiveChannel;
import org.hotline.gateway.logging.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMI connection to one Asterisk server.
 *
 * <p>Asterisk-Java reads the socket on one thread and hands events and action responses to one pump
 * thread that calls every listener in turn; its queue drops events when full. So the listener here
 * only translates the event into a {@link ChannelEvent} and hands it to the Vert.x context. Actions
 * are written from a single ordered worker (a socket write may block) and their responses complete
 * Vert.x promises; nothing blocks the event loop and nothing blocks the pump.
 *
 * <p>Asterisk-Java reconnects by itself after a lost connection (but not after a failed first
 * login: that is retried here, with back-off). A Ping every interval keeps data flowing, so the
 * socket read time-out of three intervals notices a dead peer. Every successful (re)login calls
 * {@code onConnected}: nothing that happened meanwhile is replayed, so the owner must reconcile.
 */
public final class AmiClient {

  private static final Logger LOG = LoggerFactory.getLogger(AmiClient.class);
  private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Context context;
  private final AmiServerConfig config;
  private final EventTranslator translator;
  private final EventFrames frames;

  /** Facts read but not yet handed on; touched by the reader thread only. */
  private final List<ChannelEvent> batch = new ArrayList<>();

  private final java.util.concurrent.atomic.AtomicLong skipped =
      new java.util.concurrent.atomic.AtomicLong();
  private final Consumer<ChannelEvent> events;
  private final Consumer<AmiClient> onConnected;
  private final WorkerExecutor writer;
  private volatile ManagerConnection connection;
  private volatile boolean connected;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicLong handled =
      new java.util.concurrent.atomic.AtomicLong();
  private long pingTimer = -1;
  private int pingFailures;

  /**
   * @param hotlineContext the dialplan contexts whose steps (Newexten) the gateway follows
   */
  public AmiClient(
      Vertx vertx,
      AmiServerConfig config,
      java.util.function.Predicate<String> hotlineContext,
      Consumer<ChannelEvent> events,
      Consumer<AmiClient> onConnected) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.translator = new EventTranslator(config.name(), hotlineContext);
    this.frames = new EventFrames(EventTranslator.TRANSLATED, hotlineContext);
    this.events = events;
    this.onConnected = onConnected;
    this.writer = vertx.createSharedWorkerExecutor("ami-writer-" + config.name(), 1);
  }

  public String server() {
    return config.name();
  }

  /** Channel events handled so far (through the whole event path). */
  public long eventsHandled() {
    return handled.get();
  }

  /** Event frames read and dropped unparsed (events the gateway never uses). */
  public long eventsSkipped() {
    return skipped.get();
  }

  /** Whether the AMI session is logged in now. */
  public boolean connected() {
    return connected;
  }

  /** Connects and logs in, retrying with back-off until it succeeds or the client is closed. */
  public Future<Void> start() {
    Promise<Void> first = Promise.promise();
    attemptLogin(Duration.ofSeconds(1), first);
    pingTimer = vertx.setPeriodic(config.pingInterval().toMillis(), id -> ping());
    return first.future();
  }

  private void attemptLogin(Duration backoff, Promise<Void> first) {
    if (closed) {
      return;
    }
    vertx
        .<Void>executeBlocking(
            () -> {
              // control bytes from the peer are escaped before Asterisk-Java sees (and logs) them
              ManagerConnection c =
                  new LeanManagerConnection(
                      config, frames, this::onEventFrame, this::handOnBatch, skipped);
              c.setSocketReadTimeout((int) config.pingInterval().toMillis() * 3);
              c.addEventListener(this::onManagerEvent);
              // before login: login() fires ConnectEvent before it returns, and what that starts
              // (the reconciliation's CoreShowChannels) must find the connection to send on
              connection = c;
              // dialplan: Newexten shows where a caller is (never redirect between applications);
              // manager.conf's eventfilter keeps its VarSet flood away
              c.login("system,call,dialplan");
              if (closed) {
                c.logoff(); // closed while logging in: don't leave a connection that reconnects
              }
              return null;
            },
            false)
        .onComplete(
            r -> {
              if (r.succeeded()) {
                first.tryComplete();
              } else {
                LOG.warn(
                    "AMI login to {} failed ({}); retrying in {} s",
                    config,
                    LogSafe.text(r.cause()),
                    backoff.toSeconds());
                Duration next =
                    backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                        ? MAX_BACKOFF
                        : backoff.multipliedBy(2);
                vertx.setTimer(backoff.toMillis(), id -> attemptLogin(next, first));
              }
            });
  }

  /** Runs on Asterisk-Java's pump thread: only the library's connection events come here. */
  private void onManagerEvent(ManagerEvent event) {
    if (event instanceof ConnectEvent) {
      context.runOnContext(v -> connectedNow());
    } else if (event instanceof DisconnectEvent) {
      context.runOnContext(v -> disconnectedNow());
    }
  }

  /**
   * Runs on the library's reader thread for every event frame the gateway reads: translated at
   * once, handed to the Vert.x context with the rest of what has arrived ({@link #handOnBatch}).
   */
  private void onEventFrame(AmiFrame frame) {
    ChannelEvent fact;
    try {
      fact = translator.translate(frame, java.time.Instant.now());
    } catch (RuntimeException e) {
      LOG.warn(
          "AMI event {} from {} could not be read: {}",
          LogSafe.text(frame.event()),
          config.name(),
          LogSafe.text(e));
      return;
    }
    if (fact != null) {
      batch.add(fact);
    }
  }

  /**
   * Runs on the reader thread when everything received has been read: the facts go to the context
   * in one task, in order (events of one call come in bursts; one wake-up each would cost more than
   * handling them).
   */
  private void handOnBatch() {
    if (batch.isEmpty()) {
      return;
    }
    List<ChannelEvent> facts = List.copyOf(batch);
    batch.clear();
    context.runOnContext(
        v -> {
          for (ChannelEvent fact : facts) {
            events.accept(fact);
          }
          handled.addAndGet(facts.size());
        });
  }

  private void connectedNow() {
    connected = true;
    pingFailures = 0;
    LOG.info("AMI connected to {}", config);
    onConnected.accept(this);
  }

  private void disconnectedNow() {
    if (connected) {
      LOG.warn("AMI connection to {} lost; Asterisk-Java reconnects", config);
    }
    connected = false;
  }

  private void ping() {
    if (!connected) {
      return;
    }
    send(new PingAction())
        .onSuccess(r -> pingFailures = 0)
        .onFailure(
            e -> {
              pingFailures++;
              LOG.warn(
                  "AMI ping to {} failed ({} in a row): {}",
                  config.name(),
                  pingFailures,
                  LogSafe.text(e));
            });
  }

  /** Sends an action; fails on {@code Response: Error}, on time-out, or when not connected. */
  public Future<ManagerResponse> send(ManagerAction action) {
    ManagerConnection c = connection;
    if (c == null || c.getState() != ManagerConnectionState.CONNECTED) {
      return Future.failedFuture(new AmiException(config.name() + " is not connected"));
    }
    Promise<ManagerResponse> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            ACTION_TIMEOUT.toMillis(),
            id ->
                promise.tryFail(
                    new AmiException(
                        action.getAction() + " to " + config.name() + ": no response")));
    writer
        .executeBlocking(
            () -> {
              c.sendAction(
                  action,
                  response ->
                      context.runOnContext(
                          v -> {
                            vertx.cancelTimer(timer);
                            if (response instanceof ManagerError) {
                              promise.tryFail(
                                  new AmiException(
                                      action.getAction()
                                          + ": "
                                          + LogSafe.text(response.getMessage())));
                            } else {
                              promise.tryComplete(response);
                            }
                          }));
              return null;
            },
            true)
        .onFailure(
            e -> {
              vertx.cancelTimer(timer);
              promise.tryFail(
                  new AmiException(
                      action.getAction() + " to " + config.name() + ": " + LogSafe.text(e)));
            });
    return promise.future();
  }

  /** Sends an action that answers with a list of events ending in a {@code ...Complete} event. */
  public Future<List<ResponseEvent>> sendForEvents(EventGeneratingAction action) {
    ManagerConnection c = connection;
    if (c == null || c.getState() != ManagerConnectionState.CONNECTED) {
      return Future.failedFuture(new AmiException(config.name() + " is not connected"));
    }
    Promise<List<ResponseEvent>> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            LIST_TIMEOUT.toMillis(),
            id ->
                promise.tryFail(
                    new AmiException(
                        action.getAction() + " to " + config.name() + ": no complete list")));
    writer
        .executeBlocking(
            () -> {
              c.sendEventGeneratingAction(
                  action,
                  responseEvents -> {
                    List<ResponseEvent> list = new ArrayList<>(responseEvents.getEvents());
                    context.runOnContext(
                        v -> {
                          vertx.cancelTimer(timer);
                          promise.tryComplete(list);
                        });
                  });
              return null;
            },
            true)
        .onFailure(
            e -> {
              vertx.cancelTimer(timer);
              promise.tryFail(
                  new AmiException(
                      action.getAction() + " to " + config.name() + ": " + LogSafe.text(e)));
            });
    return promise.future();
  }

  /** The channels that exist now on this server. */
  public Future<List<LiveChannel>> liveChannels() {
    return sendForEvents(new CoreShowChannelsAction())
        .map(
            events -> {
              List<LiveChannel> channels = new ArrayList<>();
              for (ResponseEvent e : events) {
                if (e instanceof CoreShowChannelEvent c) {
                  Integer priority = c.getPriority();
                  channels.add(
                      new LiveChannel(
                          config.name(),
                          c.getUniqueid(),
                          c.getLinkedid(),
                          c.getChannel(),
                          nz(c.getBridgeid()),
                          nz(c.getApplication()),
                          nz(c.getApplicationdata()),
                          nz(c.getContext()),
                          priority == null ? 0 : priority,
                          nz(c.getCallerIdNum()),
                          LiveChannel.parseAge(c.getDuration())));
                }
              }
              return channels;
            });
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** Logs off and stops retrying. */
  public Future<Void> close() {
    closed = true;
    connected = false;
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
    ManagerConnection c = connection;
    connection = null;
    Future<Void> done =
        c == null
            ? Future.succeededFuture()
            : vertx.executeBlocking(
                () -> {
                  // logoff also stops Asterisk-Java's reconnect thread, which would otherwise
                  // go on trying forever after this client is gone
                  ManagerConnectionState state = c.getState();
                  if (state == ManagerConnectionState.CONNECTED
                      || state == ManagerConnectionState.RECONNECTING) {
                    try {
                      c.logoff();
                    } catch (IllegalStateException e) {
                      // it changed state meanwhile: nothing left to stop
                    }
                  }
                  return null;
                });
    return done.eventually(writer::close);
  }
}
