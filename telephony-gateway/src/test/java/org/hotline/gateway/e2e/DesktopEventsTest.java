package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The desktop's WebSocket: a person gets their own events and nobody else's; the screen pop, with
 * the caller's history from the case record, arrives while the call still rings; a caller's name
 * travels as data; a socket without a live session of this site is refused, and one whose session
 * ends is closed.
 */
class DesktopEventsTest {

  private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
  private static Harness h;
  // kept referenced: Vert.x shuts an unreferenced client down when it is garbage collected, even
  // mid-handshake (eclipse-vertx/vert.x#5839): that was this test's "closed while handshake" flake
  private static io.vertx.core.http.WebSocketClient sockets;

  /** An open socket and what it received. */
  private record Socket(WebSocket ws, BlockingQueue<JsonObject> received, List<Short> closed) {

    JsonObject next(String what, Predicate<JsonObject> wanted) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < end) {
        JsonObject m = received.poll(100, TimeUnit.MILLISECONDS);
        if (m != null && wanted.test(m)) {
          return m;
        }
      }
      throw new AssertionError("no " + what + " arrived");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start(o -> o.withSeed(81), Duration.ofSeconds(10));
    sockets = h.vertx.createWebSocketClient();
    TestStaff.add(h.gateway, "desk1", StaffRole.AGENT);
    TestStaff.add(h.gateway, "desk2", StaffRole.AGENT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (sockets != null) {
      sockets.close().await(5, TimeUnit.SECONDS);
    }
    if (h != null) {
      h.close();
    }
  }

  private static Socket connect(String cookie, String origin) throws Exception {
    WebSocketConnectOptions o =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(h.gateway.httpPort())
            .setURI("/api/desktop/events");
    if (cookie != null) {
      o.addHeader("Cookie", "hotline_session=" + cookie);
    }
    if (origin != null) {
      o.addHeader("Origin", origin);
    }
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    List<Short> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
    // handlers set as the socket opens, on its event loop: nothing sent meanwhile is missed
    WebSocket ws =
        sockets
            .connect(o)
            .map(
                w -> {
                  w.textMessageHandler(t -> received.add(new JsonObject(t)));
                  w.closeHandler(v -> closed.add(w.closeStatusCode()));
                  return w;
                })
            .await(10, TimeUnit.SECONDS);
    return new Socket(ws, received, closed);
  }

  private static String own() {
    return "http://127.0.0.1:" + h.gateway.httpPort();
  }

  private static boolean refused(String cookie, String origin) {
    try {
      connect(cookie, origin).ws().close();
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  @Test
  void theScreenPopWithTheCallersHistoryArrivesBeforeAnswerAndOnlyAtTheOwnSeat() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "desk1");
    StaffClient colleague = TestStaff.signIn(h.gateway, "desk2");
    h.sim.seat("seat001").behave(SeatBehaviour.answering(1.5, 1.0));
    assertEquals(200, agent.post("/api/agents/desk1/login", "{\"seat\":\"001\"}").status());
    // a first call leaves a case: the caller has history by the second
    CallSpec caller = new CallSpec("13700001234", HOSTILE_NAME, "10000", 600, Keypad.silent());
    h.sim.placeCall(caller).await(5, TimeUnit.SECONDS);
    h.await(
        "the first call's case",
        Duration.ofSeconds(30),
        () ->
            !h.cases
                .callerHistory("13700001234")
                .toCompletableFuture()
                .join()
                .lastCases()
                .isEmpty());
    h.await(
        "desk1 free again",
        Duration.ofSeconds(30),
        () -> {
          var s = h.gateway.seats().status("desk1").toCompletableFuture().join().state();
          if (s == org.hotline.seat.api.AgentState.WRAP_UP) {
            agent.post("/api/agents/desk1/wrap-up-done", "");
          }
          return s == org.hotline.seat.api.AgentState.AVAILABLE;
        });

    Socket mine = connect(agent.cookie("hotline_session").orElseThrow(), own());
    Socket theirs = connect(colleague.cookie("hotline_session").orElseThrow(), own());
    assertEquals(
        "desk1", mine.next("hello", m -> m.getString("type").equals("hello")).getString("staffId"));
    JsonObject status = mine.next("status", m -> m.getString("type").equals("status"));
    assertEquals("available", status.getJsonObject("status").getString("state"), status.encode());

    // the second time through the hotline's menu, pressing 1 (普通话)
    boolean[] pressed = {false};
    CallSpec viaMenu =
        new CallSpec(
            "13700001234",
            HOSTILE_NAME,
            "12345",
            600,
            () -> {
              if (pressed[0]) {
                return java.util.Optional.empty();
              }
              pressed[0] = true;
              return java.util.Optional.of(new Keypad.Press('1', 0.5));
            });
    h.sim.placeCall(viaMenu).await(5, TimeUnit.SECONDS);
    List<String> order = new ArrayList<>();
    JsonObject pop = null;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < end && !order.contains("answered")) {
      JsonObject m = mine.received().poll(100, TimeUnit.MILLISECONDS);
      if (m == null) {
        continue;
      }
      if (m.getString("type").equals("pop")) {
        pop = m;
        order.add("pop");
      } else if (m.getString("type").equals("event")) {
        order.add(m.getJsonObject("event").getString("kind"));
      }
    }
    assertTrue(
        order.contains("offer") && order.contains("pop") && order.contains("answered"),
        order.toString());
    assertTrue(
        order.indexOf("pop") < order.indexOf("answered"), "the pop comes while it rings: " + order);
    JsonObject call = pop.getJsonObject("call");
    assertEquals("13700001234", call.getString("callerNumber"));
    // caller-id text travels as a JSON string, whatever it holds (the exchange's caller-id
    // parsing trims the angle brackets); the page renders it as text
    assertTrue(
        call.getString("callerName").contains("img src=x onerror=alert(1)"),
        "a name is data, never markup: " + call.getString("callerName"));
    assertEquals("general", call.getString("queue"));
    assertEquals("1", call.getString("ivrChoice"), "the key pressed at the menu");
    assertEquals(0, call.getInteger("priority"));
    assertFalse(pop.getJsonObject("history").getJsonArray("lastCases").isEmpty(), pop.encode());

    // the colleague's socket heard nothing of it
    Thread.sleep(300);
    for (JsonObject m : theirs.received()) {
      assertFalse(m.encode().contains("13700001234"), m.encode());
      assertFalse(
          m.getString("type").equals("event")
              && "desk1".equals(m.getJsonObject("event").getString("agent")),
          m.encode());
    }

    // a page opened again in the middle of the call (a reload, a reconnect) gets its pop again,
    // and the status bar's count of calls handled today
    Socket again = connect(agent.cookie("hotline_session").orElseThrow(), own());
    JsonObject againStatus = null;
    JsonObject popAgain = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until && (againStatus == null || popAgain == null)) {
      // the two come in either order: the count is read from the record meanwhile
      JsonObject m = again.received().poll(100, TimeUnit.MILLISECONDS);
      if (m != null && m.getString("type").equals("status")) {
        againStatus = m;
      } else if (m != null && m.getString("type").equals("pop")) {
        popAgain = m;
      }
    }
    assertTrue(againStatus != null && popAgain != null, "status and pop on reopening");
    assertTrue(againStatus.getInteger("handledToday", -1) >= 1, againStatus.encode());
    assertEquals(call.getString("callId"), popAgain.getJsonObject("call").getString("callId"));
    assertFalse(popAgain.getJsonObject("history").getJsonArray("lastCases").isEmpty());
    again.ws().close();
    mine.ws().close();
    theirs.ws().close();
  }

  @Test
  void theFormsCatalogueCarriesTheTaxonomyTimeLimitsAndPlacesInBothLanguages() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "desk2");
    var r = agent.get("/api/cases/catalogue");
    assertEquals(200, r.status());
    JsonObject c = r.json();
    JsonObject utility =
        c.getJsonArray("urgencies").stream()
            .map(JsonObject.class::cast)
            .filter(u -> u.getString("code").equals("utility"))
            .findFirst()
            .orElseThrow();
    assertEquals(24 * 60, utility.getLong("limitMinutes"), "cases.yaml's 24h");
    JsonObject leaf =
        c.getJsonArray("categories").stream()
            .map(JsonObject.class::cast)
            .flatMap(g -> g.getJsonArray("leaves").stream().map(JsonObject.class::cast))
            .filter(l -> l.getString("code").equals("heating.not_warm"))
            .findFirst()
            .orElseThrow();
    assertEquals("utility", leaf.getString("urgency"));
    assertEquals("heating_utility", leaf.getString("owner"));
    assertEquals("室温不达标", leaf.getJsonObject("name").getString("zh"));
    assertEquals(
        "Heating company",
        c.getJsonObject("ownerTypes").getJsonObject("heating_utility").getString("en"));
    JsonObject chaoyang =
        c.getJsonArray("districts").stream()
            .map(JsonObject.class::cast)
            .filter(d -> d.getString("id").equals("chaoyang"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        chaoyang.getJsonArray("streets").stream()
            .map(JsonObject.class::cast)
            .anyMatch(st -> st.getString("id").equals("wangjing")));
    assertEquals(6, c.getJsonArray("requestTypes").size());
  }

  @Test
  void aSocketWithoutALiveSessionOfThisSiteIsRefusedAndOneWhoseSessionEndsIsClosed()
      throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "desk2");
    String cookie = agent.cookie("hotline_session").orElseThrow();
    assertTrue(refused(null, own()), "no session");
    assertTrue(refused("F".repeat(43), own()), "a forged session");
    assertTrue(refused(cookie, "http://evil.example"), "another site's page");
    Socket s = connect(cookie, own());
    s.next("hello", m -> m.getString("type").equals("hello"));
    assertEquals(204, agent.delete("/api/session").status());
    s.ws().writeTextMessage("{\"type\":\"ping\"}");
    h.await("closed", Duration.ofSeconds(10), () -> !s.closed().isEmpty());
    assertEquals((short) 4401, s.closed().get(0));
    assertTrue(refused(cookie, own()), "an ended session");
  }
}
