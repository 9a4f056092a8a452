package org.hotline.gateway.agi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts FastAGI connections and runs the {@link AgiScript} registered for the request's path.
 * Garbage, a half-sent environment or an unknown path end that session only; the server goes on.
 */
public final class AgiServer {

  private static final Logger LOG = LoggerFactory.getLogger(AgiServer.class);
  private static final int MAX_ENVIRONMENT_LINES = 200;

  private final Vertx vertx;
  private final AgiServerOptions options;
  private final Map<String, AgiScript> scripts;
  private final AgiSession.Tap tap;
  private final AtomicInteger active = new AtomicInteger();
  private NetServer server;

  public AgiServer(Vertx vertx, AgiServerOptions options, Map<String, AgiScript> scripts) {
    this(vertx, options, scripts, AgiSession.Tap.NONE);
  }

  /** With a tap on every session (tests). */
  AgiServer(
      Vertx vertx, AgiServerOptions options, Map<String, AgiScript> scripts, AgiSession.Tap tap) {
    this.vertx = vertx;
    this.options = options;
    this.scripts = Map.copyOf(scripts);
    this.tap = tap;
  }

  public Future<AgiServer> listen() {
    server = vertx.createNetServer();
    server.connectHandler(this::accept);
    return server.listen(options.port(), options.host()).map(s -> this);
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** Sessions open now. */
  public int activeSessions() {
    return active.get();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void accept(NetSocket socket) {
    active.incrementAndGet();
    // the connect handler runs on the context that will handle this socket's data
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    AgiSession session = new AgiSession(context, socket, options.commandTimeout(), tap);
    Map<String, String> environment = new HashMap<>();
    boolean[] started = {false};
    long envTimer =
        vertx.setTimer(
            options.environmentTimeout().toMillis(),
            id -> {
              if (!started[0]) {
                LOG.warn(
                    "FastAGI peer {} sent no complete environment; closing",
                    socket.remoteAddress());
                socket.close();
              }
            });
    RecordParser lines = RecordParser.newDelimited("\n");
    lines.maxRecordSize(options.maxLineLength());
    lines.exceptionHandler(
        e -> {
          LOG.warn("FastAGI peer {} sent a line too long; closing", socket.remoteAddress());
          socket.close();
        });
    lines.handler(
        buffer -> {
          String line = buffer.toString(StandardCharsets.UTF_8);
          if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
          }
          if (started[0]) {
            session.onLine(line);
          } else if (line.isEmpty()) {
            started[0] = true;
            vertx.cancelTimer(envTimer);
            start(AgiRequest.of(environment, socket.remoteAddress().host()), session);
          } else if (environment.size() >= MAX_ENVIRONMENT_LINES) {
            LOG.warn(
                "FastAGI peer {} sent an endless environment; closing", socket.remoteAddress());
            socket.close();
          } else {
            int colon = line.indexOf(':');
            if (colon > 0 && line.startsWith("agi_")) {
              environment.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
            // anything else in the environment block is noise: ignored
          }
        });
    socket.handler(lines);
    socket.exceptionHandler(e -> LOG.debug("FastAGI socket error: {}", e.toString()));
    socket.closeHandler(
        v -> {
          active.decrementAndGet();
          vertx.cancelTimer(envTimer);
          session.onClosed();
        });
  }

  private void start(AgiRequest request, AgiSession session) {
    AgiScript script = scripts.get(request.script());
    if (script == null) {
      LOG.warn("FastAGI request for unknown script '{}'; closing", request.script());
      session.close();
      return;
    }
    Future<Void> done;
    try {
      done = script.run(request, session);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(
        r -> {
          if (r.failed() && !(r.cause() instanceof AgiHangupException)) {
            LOG.warn("FastAGI script {} failed: {}", request.script(), r.cause().toString());
          }
          session.close();
        });
  }
}
