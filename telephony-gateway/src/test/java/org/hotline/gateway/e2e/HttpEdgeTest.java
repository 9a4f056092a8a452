package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.AgentState;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge over real HTTP: JSON bodies are read (they were all refused), failures keep their
 * pinned codes instead of becoming 500s, the system's own pause reason cannot be chosen, oversized
 * and multipart bodies are refused without leaving anything behind, and {@code /health} tells the
 * truth about Redis.
 */
class HttpEdgeTest {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Harness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private StaffClient sup;

  /** A supervisor's session: the edge is about bodies and codes, not about who may. */
  private Answer post(String path, String json) {
    return supervisor().post(path, json);
  }

  private Answer send(String method, String path, String contentType, byte[] body) {
    return supervisor().send(method, path, contentType, body);
  }

  private StaffClient supervisor() {
    if (sup == null) {
      TestStaff.add(h.gateway, "sup", StaffRole.SUPERVISOR);
      sup = TestStaff.signIn(h.gateway, "sup");
    }
    return sup;
  }

  private void register(String id) {
    TestStaff.add(h.gateway, id, StaffRole.AGENT);
  }

  private AgentState state(String id) {
    return h.gateway.seats().status(id).toCompletableFuture().join().state();
  }

  @Test
  void jsonBodiesAreReadAndFailuresKeepTheirPinnedCodes() throws Exception {
    h = Harness.start(o -> o.withSeed(11), Duration.ofSeconds(5));
    register("a1");

    Answer login = post("/api/agents/a1/login", "{\"seat\": \"001\"}");
    assertEquals(200, login.status(), login.json().encode());
    assertEquals(AgentState.AVAILABLE, state("a1"));

    Answer pause = post("/api/agents/a1/pause", "{\"reason\": \"break\"}");
    assertEquals(200, pause.status(), pause.json().encode());
    assertEquals(AgentState.PAUSED, state("a1"));

    // the seat manager's refusals: 404 for unknown names, 409 otherwise, never 500
    Answer unknown = post("/api/agents/nobody/login", "{\"seat\": \"002\"}");
    assertEquals(404, unknown.status());
    assertEquals("AGENT_UNKNOWN", unknown.json().getString("error"));
    register("a2");
    Answer taken = post("/api/agents/a2/login", "{\"seat\": \"001\"}");
    assertEquals(409, taken.status(), taken.json().encode());
    assertEquals("SEAT_TAKEN", taken.json().getString("error"));
    Answer badReason = post("/api/agents/a1/pause", "{\"reason\": \"karaoke\"}");
    assertEquals(409, badReason.status(), badReason.json().encode());
    assertEquals("PAUSE_REASON_UNKNOWN", badReason.json().getString("error"));
  }

  @Test
  void theSystemsOwnPauseReasonCannotBeChosen() throws Exception {
    h = Harness.start(o -> o.withSeed(12), Duration.ofSeconds(5));
    register("a1");
    assertEquals(200, post("/api/agents/a1/login", "{\"seat\": \"001\"}").status());
    Answer pause = post("/api/agents/a1/pause", "{\"reason\": \"no-answer\"}");
    assertEquals(400, pause.status());
    assertEquals("REASON_NOT_SELECTABLE", pause.json().getString("error"));
    assertEquals(AgentState.AVAILABLE, state("a1"));
    register("a2");
    Answer login =
        post("/api/agents/a2/login", "{\"seat\": \"002\", \"pauseReason\": \"no-answer\"}");
    assertEquals(400, login.status());
    assertEquals(AgentState.LOGGED_OUT, state("a2"));
  }

  @Test
  void brokenOversizedAndMultipartBodiesAreRefusedAndLeaveNothingBehind() throws Exception {
    h = Harness.start(o -> o.withSeed(13), Duration.ofSeconds(5));
    register("a1");
    Answer broken = post("/api/agents/a1/login", "{\"seat\": ");
    assertEquals(400, broken.status());
    assertEquals("INVALID_JSON", broken.json().getString("error"));
    Answer array = post("/api/agents/a1/login", "[\"001\"]");
    assertEquals(400, array.status());
    assertEquals(AgentState.LOGGED_OUT, state("a1"));

    byte[] huge = new byte[200 * 1024];
    java.util.Arrays.fill(huge, (byte) 'x');
    Answer tooLarge = send("POST", "/api/agents/a1/login", "application/json", huge);
    assertEquals(413, tooLarge.status());
    assertEquals("BODY_TOO_LARGE", tooLarge.json().getString("error"));

    Path uploads = Path.of("file-uploads");
    boolean existedBefore = Files.exists(uploads);
    String boundary = "----hotline";
    String multipart =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"evil.sh\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\nrm -rf /\r\n--"
            + boundary
            + "--\r\n";
    Answer upload =
        send(
            "POST",
            "/api/agents/a1/login",
            "multipart/form-data; boundary=" + boundary,
            multipart.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(upload.status() >= 400 && upload.status() < 500, "status " + upload.status());
    assertEquals(AgentState.LOGGED_OUT, state("a1"));
    assertFalse(!existedBefore && Files.exists(uploads), "no upload directory was made");
  }

  @Test
  void healthSaysRedisIsDownWhenItIs() throws Exception {
    LocalRedis own = LocalRedis.start(false);
    try {
      h = Harness.start(o -> o.withSeed(14), Duration.ofSeconds(5), own.uri());
      StaffClient anyone = new StaffClient(h.gateway.httpPort());
      Answer up = anyone.get("/health");
      assertEquals(200, up.status(), up.json().encode());
      assertEquals(true, up.json().getBoolean("redis"));
      assertEquals(true, up.json().getBoolean("postgresql"));
      own.kill();
      Answer down = anyone.get("/health");
      assertEquals(503, down.status(), down.json().encode());
      assertEquals(false, down.json().getBoolean("redis"));
      assertEquals(true, down.json().getBoolean("postgresql"));
      assertEquals("DOWN", down.json().getString("status"));
    } finally {
      own.close();
    }
  }

  @Test
  void everyAnswerCarriesTheSecurityHeadersAndTheWallboardRunsNoInlineCode() throws Exception {
    h = Harness.start(o -> o.withSeed(15), Duration.ofSeconds(5));
    for (String path :
        new String[] {"/wallboard/", "/wallboard/wallboard.js", "/api/statistics", "/health"}) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String csp = r.headers().firstValue("content-security-policy").orElse("");
      assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), path);
      assertFalse(csp.contains("unsafe-inline"), path);
      assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElse(""), path);
      if (path.equals("/wallboard/")) {
        assertEquals(200, r.statusCode());
        assertFalse(r.body().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script");
        assertFalse(r.body().contains("<style"), "no inline style");
        assertFalse(r.body().contains("onclick") || r.body().contains("onload="), "no handlers");
      }
      if (path.endsWith(".js")) {
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains("innerHTML"), "server text never becomes markup");
      }
    }
  }

  @Test
  void aChangeMustSayItIsJsonSoNoOtherSiteCanMakeABrowserSendIt() throws Exception {
    h = Harness.start(o -> o.withSeed(16), Duration.ofSeconds(5));
    register("a1");
    byte[] login = "{\"seat\": \"001\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // what a form on another site can send without the browser asking first
    Answer plain = send("POST", "/api/agents/a1/login", "text/plain", login);
    assertEquals(415, plain.status());
    assertEquals("UNSUPPORTED_MEDIA_TYPE", plain.json().getString("error"));
    Answer untyped = send("POST", "/api/agents/a1/login", null, login);
    assertEquals(415, untyped.status());
    assertEquals(AgentState.LOGGED_OUT, state("a1"));
    assertEquals(
        200,
        send("POST", "/api/agents/a1/login", "application/json; charset=utf-8", login).status());
    assertEquals(AgentState.AVAILABLE, state("a1"));
    // a body without a type is refused; a change without a body needs no type (it has nothing a
    // form could forge), but still the session and the CSRF token
    StaffClient forged = new StaffClient(h.gateway.httpPort()).echoCsrf(false);
    Answer noToken = forged.send("POST", "/api/agents/a1/logout", null, new byte[0]);
    assertEquals(403, noToken.status(), noToken.body());
    assertEquals("CSRF_TOKEN_INVALID", noToken.error());
    assertEquals(AgentState.AVAILABLE, state("a1"));
    assertEquals(200, send("POST", "/api/agents/a1/logout", null, new byte[0]).status());
    assertEquals(AgentState.LOGGED_OUT, state("a1"));
  }
}
