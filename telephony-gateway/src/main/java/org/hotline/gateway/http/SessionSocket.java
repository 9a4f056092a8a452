package org.hotline.gateway.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket opened by a signed-in person's page, bound to their session: only this site's pages
 * may open it; the session is checked again on every inbound message and every {@link #RECHECK}; a
 * session that ended closes the socket (code {@value #SESSION_ENDED}). Inbound text must be a JSON
 * object with a {@code type}; {@code ping} is answered here, anything else goes to the handler.
 */
public final class SessionSocket {

  private static final Logger LOG = LoggerFactory.getLogger(SessionSocket.class);
  public static final Duration RECHECK = Duration.ofSeconds(15);
  public static final int SESSION_ENDED = 4401;

  private final ServerWebSocket ws;
  private final Principal principal;
  private final List<Runnable> onClose = new ArrayList<>();
  private Handler<JsonObject> messages = m -> {};

  private SessionSocket(ServerWebSocket ws, Principal principal) {
    this.ws = ws;
    this.principal = principal;
  }

  /**
   * Upgrades the request (whose route's access rule has admitted it) to a socket; fails with an
   * HTTP error answered already when it is not a same-site WebSocket handshake.
   */
  public static Future<SessionSocket> upgrade(
      RoutingContext ctx, Vertx vertx, Context context, Access access, Clock clock, String what) {
    if (!sameOrigin(ctx)) {
      // another site's page may open a WebSocket to us with the browser's cookies: refuse it
      HttpErrors.error(ctx, 403, "FORBIDDEN", "only this site's pages open the " + what);
      return Future.failedFuture("cross-site");
    }
    if (!"websocket".equalsIgnoreCase(String.valueOf(ctx.request().getHeader("upgrade")))) {
      HttpErrors.error(ctx, 400, "WEBSOCKET_REQUIRED", "this is a WebSocket");
      return Future.failedFuture("not a WebSocket");
    }
    Principal me = Access.principal(ctx);
    String sessionId = Access.sessionId(ctx).orElseThrow();
    Context arrived = ctx.get(HttpApi.UPGRADE_CONTEXT);
    Promise<SessionSocket> opened = Promise.promise();
    Runnable handshake =
        () ->
            ctx.request()
                .toWebSocket()
                .onFailure(e -> LOG.warn("{} upgrade failed: {}", what, e.toString()))
                .map(ws -> new SessionSocket(ws, me).bind(vertx, context, access, clock, sessionId))
                .onComplete(opened);
    // the handshake is answered on the connection's own event loop, which the session check
    // (answered on the gateway's context) may have left
    if (arrived == null || arrived == Vertx.currentContext()) {
      handshake.run();
    } else {
      arrived.runOnContext(v -> handshake.run());
    }
    return opened.future();
  }

  private SessionSocket bind(
      Vertx vertx, Context context, Access access, Clock clock, String sessionId) {
    long recheck =
        vertx.setPeriodic(RECHECK.toMillis(), id -> stillSignedIn(access, context, sessionId));
    ws.closeHandler(
        v -> {
          vertx.cancelTimer(recheck);
          onClose.forEach(Runnable::run);
        });
    ws.textMessageHandler(
        text ->
            // every inbound message is checked against the session before anything else
            Future.fromCompletionStage(access.sessions().find(sessionId), context)
                .onComplete(
                    r -> {
                      if (r.failed() || r.result().isEmpty()) {
                        ws.close((short) SESSION_ENDED, "session ended");
                        return;
                      }
                      JsonObject msg;
                      try {
                        msg = new JsonObject(text);
                      } catch (RuntimeException e) {
                        send(error("not JSON"));
                        return;
                      }
                      if ("ping".equals(msg.getValue("type"))) {
                        send(
                            new JsonObject()
                                .put("type", "pong")
                                .put("at", clock.instant().toString()));
                      } else {
                        messages.handle(msg);
                      }
                    }));
    return this;
  }

  private void stillSignedIn(Access access, Context context, String sessionId) {
    Future.fromCompletionStage(access.sessions().find(sessionId), context)
        .onSuccess(
            s -> {
              if (s.isEmpty() && !ws.isClosed()) {
                ws.close((short) SESSION_ENDED, "session ended");
              }
            });
  }

  public Principal principal() {
    return principal;
  }

  /** Inbound messages other than ping, each after its session check. */
  public void onMessage(Handler<JsonObject> handler) {
    this.messages = handler;
  }

  public void onClose(Runnable action) {
    onClose.add(action);
  }

  public boolean isClosed() {
    return ws.isClosed();
  }

  /** Writes unless the socket has closed meanwhile. */
  public void send(JsonObject message) {
    send(message.encode());
  }

  public void send(String text) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(text);
    }
  }

  /** Whether the socket's outbound queue is full (a client that does not keep up). */
  public boolean backedUp() {
    return ws.writeQueueFull();
  }

  public static JsonObject error(String message) {
    return new JsonObject().put("type", "error").put("message", message);
  }

  /** The page that opens the socket must be ours: its Origin names the host it connects to. */
  static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("origin");
    String host = ctx.request().getHeader("host");
    if (origin == null) {
      return true; // not a browser page (browsers always send Origin on WebSocket handshakes)
    }
    try {
      URI o = URI.create(origin);
      String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return host != null && host.equalsIgnoreCase(authority);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
