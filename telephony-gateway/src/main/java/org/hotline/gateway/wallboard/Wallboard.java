package org.hotline.gateway.wallboard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.gateway.http.SessionSocket;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.stats.FloorSeat;
import org.hotline.seat.stats.LiveStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live board behind every open wallboard: once per push interval (one second), while a board is
 * open, one reading of the seat manager (statistics and floor) becomes the queues, seats and
 * alerts; today's places and the case alerts are read less often. A board that opens gets the whole
 * board; after that only what changed, at most once per interval, the same message for every board.
 * A board whose socket falls behind is skipped and gets the whole board again once it has caught
 * up. Runs on one context; nothing here blocks.
 */
public final class Wallboard {

  private static final Logger LOG = LoggerFactory.getLogger(Wallboard.class);
  static final Duration PLACES_EVERY = Duration.ofSeconds(10);
  static final Duration CASE_ALERTS_EVERY = Duration.ofSeconds(5);
  static final Duration TRENDS_EVERY = Duration.ofSeconds(60);

  /** The sections of a board at one instant. */
  private record Board(
      Instant at,
      Map<String, JsonObject> queues,
      Map<String, JsonObject> seats,
      Map<String, JsonObject> places,
      Map<String, JsonObject> alerts,
      Map<String, JsonObject> trend) {
    static final Board EMPTY =
        new Board(Instant.EPOCH, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  private static final class Client {
    final SessionSocket ws;
    boolean needsWhole = true;

    Client(SessionSocket ws) {
      this.ws = ws;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final SeatManager seats;
  private final SeatManagerConfig seatConfig;
  private final WallboardSettings settings;
  private final Optional<PlacesToday> places;
  private final Optional<CaseAlerts> caseAlerts;
  private final Optional<Trends> trends;
  private final Clock clock;
  private final FloorView view;
  private final Set<Client> clients = new LinkedHashSet<>();
  // seats of visiting officials' guest sessions now, marked like wallboard.officialSeats
  private Set<String> guestSeats = Set.of();
  private final List<Long> timers = new ArrayList<>();
  private Board last = Board.EMPTY;
  private Map<String, JsonObject> placesNow = Map.of();
  private Map<String, JsonObject> caseAlertsNow = Map.of();
  private Map<String, JsonObject> trendNow = Map.of();
  private boolean reading;
  private long pushes;

  Wallboard(
      Vertx vertx,
      Context context,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      WallboardSettings settings,
      Optional<PlacesToday> places,
      Optional<CaseAlerts> caseAlerts,
      Optional<Trends> trends,
      Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.seats = seats;
    this.seatConfig = seatConfig;
    this.settings = settings;
    this.places = places;
    this.caseAlerts = caseAlerts;
    this.trends = trends;
    this.clock = clock;
    this.view = new FloorView(seatConfig, settings);
  }

  /** Starts the push, on the board's context. */
  void start() {
    context.runOnContext(
        v -> {
          timers.add(vertx.setPeriodic(settings.push().toMillis(), id -> push()));
          timers.add(vertx.setPeriodic(PLACES_EVERY.toMillis(), id -> readPlaces()));
          timers.add(vertx.setPeriodic(CASE_ALERTS_EVERY.toMillis(), id -> readCaseAlerts()));
          timers.add(vertx.setPeriodic(TRENDS_EVERY.toMillis(), id -> readTrends()));
        });
  }

  void stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  /** A board opened: it gets the whole board at the next push (at once when one is known). */
  void opened(SessionSocket ws) {
    context.runOnContext(
        v -> {
          Client client = new Client(ws);
          clients.add(client);
          ws.onClose(() -> context.runOnContext(x -> clients.remove(client)));
          ws.onMessage(
              msg -> {
                if ("whole".equals(msg.getValue("type"))) {
                  context.runOnContext(x -> client.needsWhole = true);
                } else {
                  ws.send(SessionSocket.error("unknown message type"));
                }
              });
          if (clients.size() == 1) {
            // the first board since none was open: read places and alerts now, not in 10 s
            readPlaces();
            readCaseAlerts();
            readTrends();
          }
          if (last != Board.EMPTY) {
            sendWhole(client, last);
          }
        });
  }

  /** Boards open now (for tests and metrics). */
  int open() {
    return clients.size();
  }

  /** Pushes sent so far (for tests). */
  long pushes() {
    return pushes;
  }

  private void push() {
    if (clients.isEmpty() || reading) {
      return;
    }
    reading = true;
    Future<LiveStatistics> statistics = Future.fromCompletionStage(seats.statistics(), context);
    Future<List<FloorSeat>> floor = Future.fromCompletionStage(seats.floor(), context);
    Future.all(statistics, floor)
        .onComplete(
            r -> {
              reading = false;
              if (r.failed()) {
                LOG.warn("wallboard: the seat manager could not be read: {}", r.cause().toString());
                return;
              }
              Board board = board(statistics.result(), floor.result());
              broadcast(board);
              last = board;
            });
  }

  private Board board(LiveStatistics live, List<FloorSeat> floor) {
    Instant now = clock.instant();
    Map<String, JsonObject> queues = view.queues(live, floor);
    Map<String, JsonObject> cells = view.seats(floor);
    Map<String, JsonObject> alerts =
        new LinkedHashMap<>(FloorAlerts.of(queues, cells, settings, now));
    alerts.putAll(caseAlertsNow);
    return new Board(now, queues, cells, placesNow, alerts, trendNow);
  }

  private void broadcast(Board board) {
    JsonObject delta =
        new JsonObject()
            .put("type", "delta")
            .put("at", board.at().toEpochMilli())
            .put("queues", Sections.delta(last.queues(), board.queues()))
            .put("seats", Sections.delta(last.seats(), board.seats()))
            .put("places", Sections.delta(last.places(), board.places()))
            .put("alerts", Sections.delta(last.alerts(), board.alerts()))
            .put("trend", Sections.delta(last.trend(), board.trend()));
    String deltaText = delta.encode();
    String wholeText = null;
    for (Client c : clients) {
      if (c.ws.backedUp()) {
        c.needsWhole = true; // it missed deltas: whole again once it reads
        continue;
      }
      if (c.needsWhole) {
        if (wholeText == null) {
          wholeText = whole(board).encode();
        }
        c.ws.send(wholeText);
        c.needsWhole = false;
      } else {
        c.ws.send(deltaText);
      }
    }
    pushes++;
  }

  private void sendWhole(Client c, Board board) {
    c.ws.send(whole(board));
    c.needsWhole = false;
  }

  /**
   * The seats of the guest sessions now: a change is drawn by sending every board its whole layout
   * again at the next push (it changes a few times a day).
   */
  public void guestSeats(Set<String> seats) {
    context.runOnContext(
        v -> {
          if (!seats.equals(guestSeats)) {
            guestSeats = Set.copyOf(seats);
            clients.forEach(c -> c.needsWhole = true);
          }
        });
  }

  /** Everything a board needs to draw itself, including what never changes (layout, names). */
  private JsonObject whole(Board board) {
    JsonArray layout = new JsonArray();
    for (Seat s : seatConfig.seats()) {
      layout.add(
          new JsonObject()
              .put("seat", s.id())
              .put("zone", s.zone())
              .put("row", s.row())
              .put(
                  "official",
                  settings.officialSeats().contains(s.id()) || guestSeats.contains(s.id())));
    }
    JsonObject reasons = new JsonObject();
    for (PauseReason p : seatConfig.pauseReasons()) {
      reasons.put(p.code(), FloorView.names(p.name().zh(), p.name().en()));
    }
    return new JsonObject()
        .put("type", "whole")
        .put("at", board.at().toEpochMilli())
        .put("day", LocalDate.ofInstant(board.at(), seatConfig.zone()).toString())
        .put(
            "settings",
            new JsonObject()
                .put("serviceLevelTarget", settings.serviceLevelTarget())
                .put("waitingAlert", settings.waitingAlert())
                .put("oldestWaitAlertSeconds", settings.oldestWaitAlert().toSeconds())
                .put("pausedAlertSeconds", settings.pausedAlert().toSeconds())
                .put("talkAlertSeconds", settings.talkAlert().toSeconds())
                .put("offerTimeoutSeconds", seatConfig.offerTimeout().toSeconds()))
        .put("layout", layout)
        .put("pauseReasons", reasons)
        .put("queues", Sections.whole(board.queues()))
        .put("seats", Sections.whole(board.seats()))
        .put("places", Sections.whole(board.places()))
        .put("alerts", Sections.whole(board.alerts()))
        .put("trend", Sections.whole(board.trend()));
  }

  private void readPlaces() {
    if (clients.isEmpty() || places.isEmpty()) {
      return;
    }
    Instant midnight =
        LocalDate.now(clock.withZone(seatConfig.zone()))
            .atStartOfDay(seatConfig.zone())
            .toInstant();
    places
        .get()
        .since(midnight)
        .onSuccess(p -> placesNow = p)
        .onFailure(e -> LOG.warn("wallboard: today's places could not be read: {}", e.toString()));
  }

  private void readTrends() {
    if (clients.isEmpty() || trends.isEmpty()) {
      return;
    }
    trends
        .get()
        .today(clock.instant())
        .onSuccess(t -> trendNow = Map.of("today", t))
        .onFailure(e -> LOG.warn("wallboard: the trends could not be read: {}", e.toString()));
  }

  private void readCaseAlerts() {
    if (clients.isEmpty() || caseAlerts.isEmpty()) {
      return;
    }
    caseAlerts
        .get()
        .refresh(clock.instant())
        .onSuccess(a -> caseAlertsNow = a)
        .onFailure(e -> LOG.warn("wallboard: case alerts could not be read: {}", e.toString()));
  }
}
