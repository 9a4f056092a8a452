package org.hotline.gateway.desktop;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.cases.api.CaseBridge;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Principal;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.access.Sessions;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.cases.CaseJson;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.gateway.http.HttpApi;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.Json;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.SeatManager;
import org.hotline.staff.directory.StaffRole;
import org.hotline.support.phone.PhoneMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/desktop/events}: a WebSocket that carries one person's own events, and nobody
 * else's. It opens with their status; then every seat-manager event about them (offer, answered,
 * noanswer, withdrawn, finished, hold, their status changes) as {@code {"type":"event"}}; and, the
 * moment a call is offered to them, before they answer, the screen pop {@code {"type":"pop"}}: the
 * caller's number and name, line, queue, wait, and their history from the case record (the read
 * audited as any other). The session is checked again on every inbound message and every {@value
 * #RECHECK_SECONDS} seconds: a session that ended closes the socket (code 4401).
 */
public final class DesktopEvents {

  private static final Logger LOG = LoggerFactory.getLogger(DesktopEvents.class);
  static final long RECHECK_SECONDS = 15;
  private static final int SESSION_ENDED = 4401;

  private final Vertx vertx;
  private final Context context;
  private final Access access;
  private final SeatManager seats;
  private final CallDirectory directory;
  private final Optional<CaseBridge> cases;
  private final Auditor auditor;
  private final CallsHandled handled;
  private final Clock clock;

  public DesktopEvents(
      Vertx vertx,
      Context context,
      Access access,
      SeatManager seats,
      CallDirectory directory,
      Optional<CaseBridge> cases,
      Auditor auditor,
      CallsHandled handled,
      Clock clock) {
    this.handled = handled;
    this.vertx = vertx;
    this.context = context;
    this.access = access;
    this.seats = seats;
    this.directory = directory;
    this.cases = cases;
    this.auditor = auditor;
    this.clock = clock;
  }

  public void addTo(Router router) {
    access
        .route(
            router,
            HttpMethod.GET,
            "/api/desktop/events",
            Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR))
        .handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    if (!sameOrigin(ctx)) {
      // another site's page may open a WebSocket to us with the browser's cookies: refuse it
      HttpErrors.error(ctx, 403, "FORBIDDEN", "only this site's pages open the desktop channel");
      return;
    }
    if (!"websocket".equalsIgnoreCase(String.valueOf(ctx.request().getHeader("upgrade")))) {
      HttpErrors.error(ctx, 400, "WEBSOCKET_REQUIRED", "this is a WebSocket");
      return;
    }
    Principal me = Access.principal(ctx);
    Sessions.Session session = Access.session(ctx).orElseThrow();
    String sessionId = Access.sessionId(ctx).orElseThrow();
    Context arrived = ctx.get(HttpApi.UPGRADE_CONTEXT);
    Runnable handshake =
        () ->
            ctx.request()
                .toWebSocket()
                .onFailure(e -> LOG.warn("desktop upgrade failed: {}", e.toString()))
                .onSuccess(ws -> open(ws, me, session, sessionId));
    if (arrived == null || arrived == Vertx.currentContext()) {
      handshake.run();
    } else {
      arrived.runOnContext(v -> handshake.run());
    }
  }

  private void open(ServerWebSocket ws, Principal me, Sessions.Session session, String sessionId) {
    // the calls this socket has shown a pop for: one pop per call, however it reached the seat
    Set<String> popped = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // the count of calls handled today changes only between calls: read again only then
    AtomicReference<Optional<Integer>> handledToday = new AtomicReference<>();
    MessageConsumer<JsonObject> events =
        vertx
            .eventBus()
            .<JsonObject>localConsumer(EventFeed.ADDRESS, m -> forward(ws, me, m.body(), popped));
    long recheck =
        vertx.setPeriodic(
            Duration.ofSeconds(RECHECK_SECONDS).toMillis(), id -> stillSignedIn(ws, sessionId));
    ws.closeHandler(
        v -> {
          events.unregister();
          vertx.cancelTimer(recheck);
        });
    ws.textMessageHandler(
        text -> {
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
                      ws.writeTextMessage(error("not JSON"));
                      return;
                    }
                    if ("ping".equals(msg.getValue("type"))) {
                      ws.writeTextMessage(
                          new JsonObject()
                              .put("type", "pong")
                              .put("at", clock.instant().toString())
                              .encode());
                    } else if ("status".equals(msg.getValue("type"))) {
                      sendStatus(ws, me, handledToday);
                    } else {
                      ws.writeTextMessage(error("unknown message type"));
                    }
                  });
        });
    ws.writeTextMessage(
        new JsonObject()
            .put("type", "hello")
            .put("staffId", me.staffId())
            .put("name", me.name())
            .encode());
    sendStatus(ws, me, handledToday)
        .onSuccess(
            status -> {
              // a page opened (or reconnected) in the middle of a call sees that call's pop again
              if (status.state() != AgentState.LOGGED_OUT
                  && status.state() != AgentState.AVAILABLE
                  && status.state() != AgentState.PAUSED) {
                status.callId().filter(popped::add).ifPresent(call -> pop(ws, me, call));
              }
            });
  }

  private void stillSignedIn(ServerWebSocket ws, String sessionId) {
    Future.fromCompletionStage(access.sessions().find(sessionId), context)
        .onSuccess(
            s -> {
              if (s.isEmpty() && !ws.isClosed()) {
                ws.close((short) SESSION_ENDED, "session ended");
              }
            });
  }

  private Future<AgentStatus> sendStatus(
      ServerWebSocket ws, Principal me, AtomicReference<Optional<Integer>> handledToday) {
    Future<AgentStatus> status = Future.fromCompletionStage(seats.status(me.staffId()), context);
    status
        .compose(s -> handledToday(me, s, handledToday).map(n -> statusMessage(s, n)))
        .onSuccess(
            message -> {
              if (!ws.isClosed()) {
                ws.writeTextMessage(message.encode());
              }
            })
        .onFailure(
            e -> {
              if (!ws.isClosed()) {
                ws.writeTextMessage(error("status unavailable"));
              }
            });
    return status;
  }

  /** The cached count while a call is in hand; read from the record again between calls. */
  private Future<Optional<Integer>> handledToday(
      Principal me, AgentStatus status, AtomicReference<Optional<Integer>> cached) {
    boolean betweenCalls = status.callId().isEmpty();
    Optional<Integer> known = cached.get();
    if (known != null && !betweenCalls) {
      return Future.succeededFuture(known);
    }
    return handled.today(me.staffId()).onSuccess(cached::set);
  }

  private static JsonObject statusMessage(AgentStatus status, Optional<Integer> handledToday) {
    JsonObject message = new JsonObject().put("type", "status").put("status", Json.status(status));
    handledToday.ifPresent(n -> message.put("handledToday", n));
    return message;
  }

  private void forward(ServerWebSocket ws, Principal me, JsonObject event, Set<String> popped) {
    if (ws.isClosed() || !me.staffId().equals(event.getString("agent"))) {
      return; // only one's own events, ever
    }
    ws.writeTextMessage(new JsonObject().put("type", "event").put("event", event).encode());
    String kind = event.getString("kind", "");
    String call = event.getString("call", "");
    // an offer rings here; a call answered here without an offer (handed over by a colleague
    // after consulting this supervisor) needs its pop all the same
    if ((kind.equals("offer") || kind.equals("answered")) && !call.isEmpty() && popped.add(call)) {
      pop(ws, me, call);
    }
  }

  /** The screen pop for the call now ringing at the person's seat. */
  private void pop(ServerWebSocket ws, Principal me, String callId) {
    directory
        .get(callId)
        .compose(
            record -> {
              JsonObject pop = new JsonObject().put("type", "pop");
              if (record.isEmpty()) {
                return Future.succeededFuture(
                    pop.put("call", new JsonObject().put("callId", callId)));
              }
              JsonObject call = call(record.get());
              pop.put("call", call);
              // the routing facts and the history are read side by side: the pop waits for both
              return Future.join(routingFacts(callId, call), history(me, callId, record.get(), pop))
                  .transform(done -> Future.succeededFuture(pop));
            })
        .onSuccess(
            pop -> {
              if (!ws.isClosed()) {
                ws.writeTextMessage(pop.encode());
              }
            })
        .onFailure(e -> LOG.warn("screen pop of {} failed: {}", callId, e.toString()));
  }

  /** The caller's history into the pop, once its reading is audited; marked when unavailable. */
  private Future<Void> history(Principal me, String callId, CallRecord record, JsonObject pop) {
    String number = record.callerNumber();
    if (cases.isEmpty() || number.isBlank()) {
      return Future.succeededFuture();
    }
    return auditor
        .recordAs(
            me.staffId(),
            me.address(),
            "history.read",
            PhoneMask.mask(number),
            "ok",
            Map.of("call", callId, "via", "screen-pop"))
        .compose(v -> Future.fromCompletionStage(cases.get().callerHistory(number), context))
        .map(h -> pop.put("history", CaseJson.history(h)))
        .recover(e -> Future.succeededFuture(pop.put("historyUnavailable", true)))
        .mapEmpty();
  }

  /**
   * What routing knew of the call: the key pressed at the menu (absent when the line had none) and
   * its priority (an elderly line's, a repeat caller's), for the pop's badges. Best effort.
   */
  private Future<JsonObject> routingFacts(String callId, JsonObject call) {
    Future<Optional<String>> ivr = directory.field(callId, "ivr");
    Future<Optional<CallView>> view = Future.fromCompletionStage(seats.call(callId), context);
    return Future.join(ivr, view)
        .transform(
            done -> {
              if (ivr.succeeded()) {
                ivr.result().filter(k -> !k.isEmpty()).ifPresent(k -> call.put("ivrChoice", k));
              }
              if (view.succeeded()) {
                view.result().ifPresent(v -> call.put("priority", v.priority()));
              }
              return Future.succeededFuture(call);
            });
  }

  private JsonObject call(CallRecord r) {
    long waitSeconds = Math.max(0, Duration.between(r.enteredAt(), clock.instant()).toSeconds());
    return new JsonObject()
        .put("callId", r.callId())
        .put("callerNumber", r.callerNumber())
        .put("callerName", r.callerName())
        .put("line", r.dialled())
        .put("queue", r.queueId())
        .put("language", r.language())
        .put("enteredAt", r.enteredAt().toString())
        .put("waitSeconds", waitSeconds);
  }

  private static String error(String message) {
    return new JsonObject().put("type", "error").put("message", message).encode();
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
