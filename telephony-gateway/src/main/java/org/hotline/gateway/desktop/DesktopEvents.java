package org.hotline.gateway.desktop;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.cases.api.CaseBridge;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Coaching;
import org.hotline.gateway.access.Principal;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.cases.CaseJson;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.gateway.http.Json;
import org.hotline.gateway.http.SessionSocket;
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
 * audited as any other). The socket is the session's ({@link SessionSocket}): checked again on
 * every inbound message and periodically, closed when the session ends.
 */
public final class DesktopEvents {

  private static final Logger LOG = LoggerFactory.getLogger(DesktopEvents.class);

  private final Vertx vertx;
  private final Context context;
  private final Access access;
  private final SeatManager seats;
  private final CallDirectory directory;
  private final Optional<CaseBridge> cases;
  private final Auditor auditor;
  private final CallsHandled handled;
  private final Clock clock;
  private final Coaching coaching;

  public DesktopEvents(
      Vertx vertx,
      Context context,
      Access access,
      SeatManager seats,
      CallDirectory directory,
      Optional<CaseBridge> cases,
      Auditor auditor,
      CallsHandled handled,
      Clock clock,
      Coaching coaching) {
    this.coaching = coaching;
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
    SessionSocket.upgrade(ctx, vertx, context, access, clock, "desktop channel")
        .onSuccess(this::open);
  }

  private void open(SessionSocket ws) {
    Principal me = ws.principal();
    // the calls this socket has shown a pop for: one pop per call, however it reached the seat
    Set<String> popped = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // the count of calls handled today changes only between calls: read again only then
    AtomicReference<Optional<Integer>> handledToday = new AtomicReference<>();
    MessageConsumer<JsonObject> events =
        vertx
            .eventBus()
            .<JsonObject>localConsumer(EventFeed.ADDRESS, m -> forward(ws, me, m.body(), popped));
    ws.onClose(events::unregister);
    ws.onMessage(
        msg -> {
          if ("status".equals(msg.getValue("type"))) {
            sendStatus(ws, me, handledToday);
          } else {
            ws.send(SessionSocket.error("unknown message type"));
          }
        });
    ws.send(
        new JsonObject().put("type", "hello").put("staffId", me.staffId()).put("name", me.name()));
    sendStatus(ws, me, handledToday)
        .onSuccess(
            status -> {
              // a page opened (or reconnected) in the middle of a call sees that call's pop again
              if (status.state() != AgentState.LOGGED_OUT
                  && status.state() != AgentState.AVAILABLE
                  && status.state() != AgentState.PAUSED) {
                status.callId().filter(popped::add).ifPresent(call -> pop(ws, me, call, "pop"));
              }
            });
  }

  private Future<AgentStatus> sendStatus(
      SessionSocket ws, Principal me, AtomicReference<Optional<Integer>> handledToday) {
    Future<AgentStatus> status = Future.fromCompletionStage(seats.status(me.staffId()), context);
    status
        .compose(s -> handledToday(me, s, handledToday).map(n -> statusMessage(s, n)))
        .onSuccess(ws::send)
        .onFailure(e -> ws.send(SessionSocket.error("status unavailable")));
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

  private void forward(SessionSocket ws, Principal me, JsonObject event, Set<String> popped) {
    String agent = event.getString("agent", "");
    if (ws.isClosed()) {
      return;
    }
    String kind = event.getString("kind", "");
    String call = event.getString("call", "");
    boolean ringing = (kind.equals("offer") || kind.equals("answered")) && !call.isEmpty();
    if (me.staffId().equals(agent)) {
      ws.send(new JsonObject().put("type", "event").put("event", event));
      // an offer rings here; a call answered here without an offer (handed over by a colleague
      // after consulting this supervisor) needs its pop all the same
      if (ringing && popped.add(call)) {
        pop(ws, me, call, "pop");
      }
    } else if (!agent.isEmpty() && coaching.coaches(me.staffId(), agent)) {
      // the coach beside a visiting official follows the official's calls, marked as theirs
      ws.send(new JsonObject().put("type", "coached").put("official", agent).put("event", event));
      if (ringing && popped.add("coached:" + call)) {
        pop(ws, me, call, "coachedPop");
      }
    }
    // nobody else's events, ever
  }

  /** The screen pop for the call now ringing at the person's seat (or their official's). */
  private void pop(SessionSocket ws, Principal me, String callId, String type) {
    directory
        .get(callId)
        .compose(
            record -> {
              JsonObject pop = new JsonObject().put("type", type);
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
        .onSuccess(ws::send)
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
    Future<Optional<String>> district = directory.field(callId, "district");
    Future<Optional<CallView>> view = Future.fromCompletionStage(seats.call(callId), context);
    return Future.join(ivr, district, view)
        .transform(
            done -> {
              if (ivr.succeeded()) {
                ivr.result().filter(k -> !k.isEmpty()).ifPresent(k -> call.put("ivrChoice", k));
              }
              if (district.succeeded()) {
                // the officials' line: the district the caller chose on its menu
                district.result().filter(d -> !d.isEmpty()).ifPresent(d -> call.put("district", d));
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
}
