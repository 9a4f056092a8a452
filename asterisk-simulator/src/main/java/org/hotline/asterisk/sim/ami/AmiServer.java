package org.hotline.asterisk.sim.ami;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager port. It speaks the protocol as recorded from Asterisk 22.10.1: banner, plain and MD5
 * login, event masks, error texts, security events, and routes every other action to handlers that
 * the exchange registers. Must be used from one Vert.x context (the simulator's).
 */
public final class AmiServer {
  private static final Logger LOG = LoggerFactory.getLogger(AmiServer.class);
  private static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";
  private static final int MAX_LINE = 8192;
  private static final int MAX_HEADERS = 128;

  private final Vertx vertx;
  private final AmiConfig config;
  private final Set<AmiSession> sessions = new LinkedHashSet<>();
  private final Map<String, AmiActionHandler> actions =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final AtomicLong sessionIds = new AtomicLong();
  private final long startedAtMillis = System.currentTimeMillis();
  private Function<String, Optional<List<String>>> commandHandler = c -> Optional.empty();
  private IntSupplier currentCalls = () -> 0;
  private final List<Consumer<AmiMessage>> actionListeners = new ArrayList<>();
  private NetServer server;
  private int boundPort;
  private long eventsPublished;
  private long eventLagNanos;
  private long lagTimer = -1;
  private final java.util.ArrayDeque<Lagging> lagging = new java.util.ArrayDeque<>();

  public AmiServer(Vertx vertx, AmiConfig config) {
    this.vertx = vertx;
    this.config = config;
    registerCoreActions();
  }

  /** Starts listening; the future carries the bound port. */
  public Future<Integer> listen() {
    return bind(config.port());
  }

  private Future<Integer> bind(int port) {
    NetServer s =
        vertx.createNetServer(
            new NetServerOptions().setHost(config.host()).setPort(port).setTcpNoDelay(true));
    s.connectHandler(this::accept);
    return s.listen()
        .map(
            bound -> {
              server = bound;
              boundPort = bound.actualPort();
              return boundPort;
            });
  }

  public int port() {
    return boundPort;
  }

  /** Adds or replaces the handler of an action (case-insensitive name). */
  public void registerAction(String name, AmiActionHandler handler) {
    actions.put(name, handler);
  }

  /** Lets the exchange answer CLI commands beyond {@code core show version}. */
  public void commandHandler(Function<String, Optional<List<String>>> handler) {
    this.commandHandler = handler;
  }

  /**
   * Hears every action frame a client sends, logged in or not, known or not, before it is answered
   * (tests check what a client did, or did not, ask of the exchange).
   */
  public void onAction(Consumer<AmiMessage> listener) {
    actionListeners.add(listener);
  }

  /** Source of CoreStatus's CoreCurrentCalls. */
  public void currentCalls(IntSupplier supplier) {
    this.currentCalls = supplier;
  }

  /** One event on its way to the sessions: its wire form and text, made once, when needed. */
  static final class Delivery {
    private final AmiMessage message;
    private String text;
    private Buffer wire;

    Delivery(AmiMessage message) {
      this.message = message;
    }

    AmiMessage message() {
      return message;
    }

    String text() {
      if (text == null) {
        text = message.toWire();
      }
      return text;
    }

    Buffer wire() {
      if (wire == null) {
        wire = Buffer.buffer(text().getBytes(StandardCharsets.UTF_8));
      }
      return wire;
    }
  }

  /**
   * Sends an event to every logged-in session whose account may read its class, whose event mask
   * includes it and whose event filters let it through.
   */
  public void publish(EventClass eventClass, AmiMessage event) {
    eventsPublished++;
    if (sessions.isEmpty()) {
      return;
    }
    Delivery d = new Delivery(event);
    if (eventLagNanos > 0) {
      lagging.add(new Lagging(eventClass, d, System.nanoTime() + eventLagNanos));
      if (lagTimer < 0) {
        lagTimer = vertx.setTimer(Math.max(1, eventLagNanos / 1_000_000), id -> deliverDue());
      }
      return;
    }
    deliver(eventClass, d);
  }

  private void deliver(EventClass eventClass, Delivery d) {
    for (AmiSession s : sessions.toArray(new AmiSession[0])) {
      s.deliver(eventClass, d);
    }
  }

  /**
   * Holds every event back this long before it is written, in order; action responses are not held.
   * A busy Asterisk's manager interface runs behind its channels like this (events queue per
   * session), while FastAGI sessions, on their own connections, are not held back: tests show the
   * gateway acting on AGI news that AMI has not told yet.
   */
  public void eventLag(java.time.Duration lag) {
    eventLagNanos = lag.toNanos();
  }

  private void deliverDue() {
    lagTimer = -1;
    long now = System.nanoTime();
    while (!lagging.isEmpty() && lagging.peek().dueNanos() <= now) {
      Lagging l = lagging.poll();
      deliver(l.eventClass(), l.delivery());
    }
    if (!lagging.isEmpty()) {
      long wait = Math.max(1, (lagging.peek().dueNanos() - now) / 1_000_000);
      lagTimer = vertx.setTimer(wait, id -> deliverDue());
    }
  }

  private record Lagging(EventClass eventClass, Delivery delivery, long dueNanos) {}

  public long eventsPublished() {
    return eventsPublished;
  }

  public int sessionCount() {
    return sessions.size();
  }

  /** Failure hook: writes bytes as they are to every connected client, logged in or not. */
  public void sendRawToAll(Buffer bytes) {
    for (AmiSession s : List.copyOf(sessions)) {
      s.sendRaw(bytes);
    }
  }

  /** Failure hook: closes every manager connection at once, without Goodbye. */
  public void dropAll() {
    for (AmiSession s : List.copyOf(sessions)) {
      s.abort();
    }
  }

  /**
   * Failure hook: stops listening (new connections are refused by the OS, as when Asterisk is down)
   * and listens again on the same port after the given time. Existing sessions stay.
   */
  public Future<Void> refuseConnectionsFor(Duration duration) {
    if (server == null) {
      return Future.succeededFuture();
    }
    int port = boundPort;
    return server
        .close()
        .onSuccess(
            v ->
                vertx.setTimer(
                    Math.max(1, duration.toMillis()),
                    id ->
                        bind(port)
                            .onFailure(
                                e -> LOG.error("AMI could not listen again on {}", port, e))));
  }

  public Future<Void> close() {
    dropAll();
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void accept(NetSocket socket) {
    AmiSession session = new AmiSession(socket, config, sessionIds.incrementAndGet());
    sessions.add(session);
    session.onAbort(() -> sessions.remove(session));
    AmiFrameDecoder decoder =
        new AmiFrameDecoder(MAX_LINE, MAX_HEADERS, frame -> onFrame(session, frame));
    socket.handler(
        data -> {
          try {
            decoder.feed(data);
          } catch (RuntimeException e) {
            LOG.warn("AMI session {}: bad input dropped: {}", session.id(), e.toString());
          }
        });
    socket.closeHandler(v -> sessions.remove(session));
    socket.exceptionHandler(e -> LOG.debug("AMI session {}: {}", session.id(), e.toString()));
    session.sendRaw(Buffer.buffer(BANNER));
  }

  private void onFrame(AmiSession session, AmiMessage action) {
    if (session.isClosing()) {
      return;
    }
    actionListeners.forEach(l -> l.accept(action));
    String name = action.value("Action").trim();
    if (name.isEmpty()) {
      session.send(error(action, "Missing action in request"));
      publish(EventClass.SECURITY, SecurityEvents.requestBadFormat(session, "NONE"));
      return;
    }
    boolean preLogin =
        name.equalsIgnoreCase("Login")
            || name.equalsIgnoreCase("Logoff")
            || name.equalsIgnoreCase("Challenge");
    if (!session.isAuthenticated() && !preLogin) {
      session.send(error(action, "Permission denied"));
      publish(EventClass.SECURITY, SecurityEvents.requestNotAllowed(session, name));
      return;
    }
    AmiActionHandler handler = actions.get(name);
    if (handler == null) {
      session.send(
          error(
              action,
              "Invalid/unknown command: "
                  + name
                  + ". Use Action: ListCommands to show available commands."));
      publish(EventClass.SECURITY, SecurityEvents.requestBadFormat(session, name));
      return;
    }
    if (!preLogin && !ActionAuthority.allows(session.writePermission(), name)) {
      session.send(error(action, "Permission denied"));
      publish(EventClass.SECURITY, SecurityEvents.requestNotAllowed(session, name));
      return;
    }
    try {
      handler.handle(session, action);
    } catch (RuntimeException e) {
      LOG.error("AMI action {} failed", name, e);
      session.send(error(action, "Internal error: " + e.getMessage()));
    }
  }

  /** {@code Response: Success}, the ActionID when given, and a Message. */
  public static AmiMessage success(AmiMessage action, String message) {
    return AmiMessage.builder()
        .add("Response", "Success")
        .actionId(action)
        .add("Message", message)
        .build();
  }

  /** {@code Response: Error}, the ActionID when given, and a Message. */
  public static AmiMessage error(AmiMessage action, String message) {
    return AmiMessage.builder()
        .add("Response", "Error")
        .actionId(action)
        .add("Message", message)
        .build();
  }

  private void registerCoreActions() {
    registerAction("Challenge", this::challenge);
    registerAction("Login", this::login);
    registerAction("Logoff", this::logoff);
    registerAction("Ping", this::ping);
    registerAction("Events", this::events);
    registerAction("UserEvent", this::userEvent);
    registerAction("Command", this::command);
    registerAction("CoreSettings", this::coreSettings);
    registerAction("CoreStatus", this::coreStatus);
    registerAction("Filter", this::filter);
  }

  /**
   * Filter: {@code Operation: Add}, {@code Filter:} an expression, optional {@code MatchCriteria:}
   * (the advanced criteria); the filter applies to this session only.
   */
  private void filter(AmiSession session, AmiMessage action) {
    if (!action.value("Operation").equalsIgnoreCase("Add")) {
      session.send(error(action, "Unknown operation"));
      return;
    }
    String criteria = action.value("MatchCriteria").trim();
    String key = criteria.isEmpty() ? "eventfilter" : "eventfilter(" + criteria + ")";
    try {
      session.filters().add(EventFilter.parse(key, action.value("Filter")));
    } catch (EventFilter.Invalid e) {
      session.send(
          error(
              action,
              e.compileError()
                  ? "Filter did not compile.  Check the syntax of the filter given."
                  : "Internal Error. Failed adding filter."));
      return;
    }
    session.send(success(action, "Success"));
  }

  private void challenge(AmiSession session, AmiMessage action) {
    if (!action.value("AuthType").equalsIgnoreCase("MD5")) {
      session.send(error(action, "Must specify AuthType"));
      return;
    }
    if (session.challenge().isEmpty()) {
      session.challenge(
          Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L)));
    }
    session.send(
        AmiMessage.builder()
            .add("Response", "Success")
            .actionId(action)
            .add("Challenge", session.challenge())
            .build());
  }

  private void login(AmiSession session, AmiMessage action) {
    if (session.isAuthenticated()) {
      session.send(success(action, "Already authenticated"));
      return;
    }
    String user = action.value("Username");
    boolean ok = user.equals(config.username()) && credentialsMatch(session, action);
    if (!ok) {
      publish(EventClass.SECURITY, SecurityEvents.invalidPassword(session, user));
      vertx.setTimer(
          Math.max(1, config.authFailureDelay().toMillis()),
          id -> {
            session.send(error(action, "Authentication failed"));
            session.closeAfterFlush();
          });
      return;
    }
    session.authenticate(config.account());
    action.get("Events").ifPresent(v -> session.mask(EventClass.parseMask(v)));
    session.send(success(action, "Authentication accepted"));
    if (!session.wants(EventClass.SYSTEM)) {
      publish(EventClass.SECURITY, SecurityEvents.successfulAuth(session));
      return;
    }
    long uptime = (System.currentTimeMillis() - startedAtMillis) / 1000;
    session.send(
        AmiMessage.builder()
            .add("Event", "FullyBooted")
            .add("Privilege", EventClass.SYSTEM.privilege())
            .add("Uptime", uptime)
            .add("LastReload", uptime)
            .add("Status", "Fully Booted")
            .build());
    publish(EventClass.SECURITY, SecurityEvents.successfulAuth(session));
  }

  private boolean credentialsMatch(AmiSession session, AmiMessage action) {
    if (action.value("AuthType").equalsIgnoreCase("MD5")) {
      if (session.challenge().isEmpty()) {
        return false;
      }
      String expected = md5Hex(session.challenge() + config.secret());
      return expected.equalsIgnoreCase(action.value("Key"));
    }
    return MessageDigest.isEqual(
        config.secret().getBytes(StandardCharsets.UTF_8),
        action.value("Secret").getBytes(StandardCharsets.UTF_8));
  }

  /** md5 as lower-case hex, the Key of an MD5 login. */
  public static String md5Hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void logoff(AmiSession session, AmiMessage action) {
    session.send(
        AmiMessage.builder()
            .add("Response", "Goodbye")
            .actionId(action)
            .add("Message", "Thanks for all the fish.")
            .build());
    session.closeAfterFlush();
  }

  private void ping(AmiSession session, AmiMessage action) {
    long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
    session.send(
        AmiMessage.builder()
            .add("Response", "Success")
            .actionId(action)
            .add("Ping", "Pong")
            .add(
                "Timestamp",
                String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000))
            .build());
  }

  private void events(AmiSession session, AmiMessage action) {
    session.mask(EventClass.parseMask(action.value("EventMask")));
    session.send(
        AmiMessage.builder()
            .add("Response", "Success")
            .actionId(action)
            .add("Events", session.mask().isEmpty() ? "Off" : "On")
            .build());
  }

  private void userEvent(AmiSession session, AmiMessage action) {
    String type = action.value("UserEvent");
    if (type.isEmpty()) {
      session.send(error(action, "Missing UserEvent"));
      return;
    }
    session.send(success(action, "Event Sent"));
    AmiMessage.Builder ev =
        AmiMessage.builder()
            .add("Event", "UserEvent")
            .add("Privilege", EventClass.USER.privilege())
            .add("UserEvent", type);
    for (AmiMessage.Header h : action.headers()) {
      if (!h.name().equalsIgnoreCase("Action") && !h.name().equalsIgnoreCase("UserEvent")) {
        ev.add(h.name(), h.value());
      }
    }
    publish(EventClass.USER, ev.build());
  }

  private void command(AmiSession session, AmiMessage action) {
    String cmd = action.value("Command").trim();
    List<String> output = new ArrayList<>();
    boolean known = true;
    if (cmd.equalsIgnoreCase("core show version")) {
      output.add(
          "Asterisk "
              + config.asteriskVersion()
              + " built by hotline @ simulator on a x86_64 running Linux on 2026-01-01 00:00:00 UTC");
    } else {
      Optional<List<String>> out = commandHandler.apply(cmd);
      if (out.isPresent()) {
        output.addAll(out.get());
      } else {
        known = false;
        output.add(
            "No such command '"
                + cmd
                + "' (see 'core show help "
                + cmd
                + "' for more information)");
      }
    }
    AmiMessage.Builder b =
        AmiMessage.builder()
            .add("Response", known ? "Success" : "Error")
            .actionId(action)
            .add("Message", "Command output follows");
    output.forEach(line -> b.add("Output", line));
    session.send(b.build());
  }

  private void coreSettings(AmiSession session, AmiMessage action) {
    session.send(
        AmiMessage.builder()
            .add("Response", "Success")
            .actionId(action)
            .add("AMIversion", "11.0.0")
            .add("AsteriskVersion", config.asteriskVersion())
            .add("SystemName", config.systemName())
            .add("CoreMaxCalls", 0)
            .add("CoreMaxLoadAvg", "0.000000")
            .add("CoreRunUser", "asterisk")
            .add("CoreRunGroup", "asterisk")
            .add("CoreMaxFilehandles", 0)
            .add("CoreRealTimeEnabled", "No")
            .add("CoreCDRenabled", "Yes")
            .add("CoreHTTPenabled", "No")
            .build());
  }

  private void coreStatus(AmiSession session, AmiMessage action) {
    String tv = SecurityEvents.tv(startedAtMillis);
    String date = tv.substring(0, 10);
    String time = tv.substring(11, 19);
    session.send(
        AmiMessage.builder()
            .add("Response", "Success")
            .actionId(action)
            .add("CoreStartupDate", date)
            .add("CoreStartupTime", time)
            .add("CoreReloadDate", date)
            .add("CoreReloadTime", time)
            .add("CoreCurrentCalls", currentCalls.getAsInt())
            .build());
  }
}
