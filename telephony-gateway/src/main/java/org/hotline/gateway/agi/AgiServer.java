package org.hotline.gateway.agi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.gateway.logging.LogSafe;
import org.hotline.gateway.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts FastAGI connections and runs the {@link AgiScript} registered for the request's path.
 * Garbage, a half-sent environment or an unknown path end that session only; the server goes on.
 *
 * <p>A session given up for a peer's fault is logged once: nothing more read from that socket is
 * logged. The same problem from the same peer host is logged at most {@value #WARNINGS_PER_PEER}
 * times a minute, then counted ({@link RateLimitedLog}); peer text in a log line is escaped and cut
 * ({@link LogSafe}).
 */
public final class AgiServer {

  private static final Logger LOG = LoggerFactory.getLogger(AgiServer.class);
  private static final int MAX_ENVIRONMENT_LINES = 200;

  /** Warnings of one kind about one peer host per {@link #WARNING_INTERVAL}. */
  static final int WARNINGS_PER_PEER = 10;

  static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

  /** How a session for a path no script is registered under is named to the recorder. */
  public static final String UNKNOWN_SCRIPT = "unknown";

  private final Vertx vertx;
  private final AgiServerOptions options;
  private final Map<String, AgiScript> scripts;
  private final AgiSession.Tap tap;
  private final RateLimitedLog warnings;
  private final AtomicInteger active = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong refused =
      new java.util.concurrent.atomic.AtomicLong();
  private java.util.function.Predicate<String> allowedPeers = peer -> true;
  private SessionRecorder recorder = SessionRecorder.NONE;
  private NetServer server;
  private long flushTimer = -1;

  public AgiServer(Vertx vertx, AgiServerOptions options, Map<String, AgiScript> scripts) {
    this(
        vertx,
        options,
        scripts,
        AgiSession.Tap.NONE,
        new RateLimitedLog(LOG, WARNINGS_PER_PEER, WARNING_INTERVAL));
  }

  /** With a tap on every session and its own warning limits (tests). */
  AgiServer(
      Vertx vertx,
      AgiServerOptions options,
      Map<String, AgiScript> scripts,
      AgiSession.Tap tap,
      RateLimitedLog warnings) {
    this.vertx = vertx;
    this.options = options;
    this.scripts = Map.copyOf(scripts);
    this.tap = tap;
    this.warnings = warnings;
  }

  public Future<AgiServer> listen() {
    server = vertx.createNetServer();
    server.connectHandler(this::accept);
    flushTimer = vertx.setPeriodic(warnings.interval().toMillis(), id -> warnings.flush());
    return server.listen(options.port(), options.host()).map(s -> this);
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /**
   * Only peers (IP addresses, as the socket reports them) this accepts may open sessions; every
   * other connection is closed at once and logged. Set before {@link #listen()}.
   */
  public AgiServer allowOnly(java.util.function.Predicate<String> peers) {
    this.allowedPeers = java.util.Objects.requireNonNull(peers);
    return this;
  }

  /** Tells {@code recorder} how each session ended. Set before {@link #listen()}. */
  public AgiServer recordSessions(SessionRecorder recorder) {
    this.recorder = java.util.Objects.requireNonNull(recorder);
    return this;
  }

  /** The paths scripts are registered under. */
  public java.util.Set<String> scriptNames() {
    return scripts.keySet();
  }

  /** Connections refused because their peer is not allowed. */
  public long refusedConnections() {
    return refused.get();
  }

  /** Sessions open now. */
  public int activeSessions() {
    return active.get();
  }

  public Future<Void> close() {
    vertx.cancelTimer(flushTimer);
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** One connection: its environment as it arrives, and whether it has been given up. */
  private final class Connection {
    final NetSocket socket;
    final AgiSession session;
    final String host;
    final Map<String, String> environment = new HashMap<>();
    boolean started;
    long envTimer = -1;

    /** Set on the connection's context; read where a script's future completes. */
    volatile boolean givenUp;

    Connection(NetSocket socket, AgiSession session) {
      this.socket = socket;
      this.session = session;
      this.host = socket.remoteAddress().hostAddress();
    }

    /** Logs the problem (the only line this connection will log) and ends the session. */
    void giveUp(String problem, String detail) {
      if (givenUp) {
        return;
      }
      givenUp = true;
      vertx.cancelTimer(envTimer);
      warnings.warn(
          problem + " from " + host,
          "FastAGI peer {} {}{}; closing",
          socket.remoteAddress(),
          problem,
          detail);
      session.close();
    }

    void onLine(String line) {
      if (givenUp) {
        return; // the rest of what the peer sent is neither read nor logged
      }
      if (started) {
        session.onLine(line);
      } else if (line.isEmpty()) {
        started = true;
        vertx.cancelTimer(envTimer);
        start(this, AgiRequest.of(environment, socket.remoteAddress().host()));
      } else if (environment.size() >= MAX_ENVIRONMENT_LINES) {
        giveUp("sent an endless environment", "");
      } else {
        int colon = line.indexOf(':');
        if (colon > 0 && line.startsWith("agi_")) {
          environment.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        // anything else in the environment block is noise: ignored
      }
    }
  }

  private void accept(NetSocket socket) {
    String peer = socket.remoteAddress().hostAddress();
    if (!allowedPeers.test(peer)) {
      // not one of the configured exchanges: it could queue fake calls and steer AMI actions
      refused.incrementAndGet();
      warnings.warn(
          "refused:" + peer,
          "FastAGI connection from {} refused: not a configured Asterisk host",
          peer);
      socket.close();
      return;
    }
    active.incrementAndGet();
    // the connect handler runs on the context that will handle this socket's data
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Connection c =
        new Connection(socket, new AgiSession(context, socket, options.commandTimeout(), tap));
    c.envTimer =
        vertx.setTimer(
            options.environmentTimeout().toMillis(),
            id -> {
              if (!c.started) {
                c.giveUp("sent no complete environment", "");
              }
            });
    RecordParser lines = RecordParser.newDelimited("\n");
    lines.maxRecordSize(options.maxLineLength());
    lines.exceptionHandler(e -> c.giveUp("sent a line too long", ""));
    lines.handler(
        buffer -> {
          if (buffer.length() > options.maxLineLength()) {
            // the parser checks its limit only on what it still holds unparsed: a long line that
            // arrives whole, delimiter included, is handed over like any other
            c.giveUp("sent a line too long", "");
            return;
          }
          String line = buffer.toString(StandardCharsets.UTF_8);
          c.onLine(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        });
    socket.handler(lines);
    socket.exceptionHandler(
        e -> {
          if (!c.givenUp) {
            LOG.debug("FastAGI socket error: {}", LogSafe.text(e));
          }
        });
    socket.closeHandler(
        v -> {
          active.decrementAndGet();
          vertx.cancelTimer(c.envTimer);
          c.session.onClosed();
        });
  }

  private static SessionRecorder.Outcome outcome(
      io.vertx.core.AsyncResult<Void> result, Connection c) {
    if (c.givenUp) {
      return SessionRecorder.Outcome.GIVEN_UP;
    }
    if (result.succeeded()) {
      return SessionRecorder.Outcome.COMPLETED;
    }
    return result.cause() instanceof AgiHangupException
        ? SessionRecorder.Outcome.HANGUP
        : SessionRecorder.Outcome.FAILED;
  }

  private void start(Connection c, AgiRequest request) {
    long started = System.nanoTime();
    AgiScript script = scripts.get(request.script());
    if (script == null) {
      c.giveUp("asked for an unknown script", ": '" + LogSafe.text(request.script(), 64) + "'");
      recorder.ended(UNKNOWN_SCRIPT, SessionRecorder.Outcome.GIVEN_UP, System.nanoTime() - started);
      return;
    }
    Future<Void> done;
    try {
      done = script.run(request, c.session);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(
        r -> {
          recorder.ended(request.script(), outcome(r, c), System.nanoTime() - started);
          if (r.failed() && !(r.cause() instanceof AgiHangupException) && !c.givenUp) {
            warnings.warn(
                "script " + request.script() + " failures from " + c.host,
                "FastAGI script {} from {} failed: {}",
                request.script(),
                c.socket.remoteAddress(),
                LogSafe.text(r.cause()));
          }
          c.session.close();
        });
  }
}
