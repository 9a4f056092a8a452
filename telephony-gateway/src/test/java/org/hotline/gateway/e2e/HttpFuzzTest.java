package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 random and malformed requests at every route (hostile path parameters, broken, wrong-typed
 * and oversized bodies, odd methods and content types): no 500, no request left unanswered, the
 * process keeps serving, and nothing is written to disk.
 */
class HttpFuzzTest {

  private static final String[] ROUTES = {
    "GET /health",
    "GET /metrics",
    "GET /wallboard/",
    "GET /wallboard/{x}",
    "GET /reports/{x}",
    "GET /webjars/{x}",
    "GET /api/statistics",
    "GET /api/agents/{x}",
    "POST /api/agents/{x}/login",
    "POST /api/agents/{x}/logout",
    "POST /api/agents/{x}/pause",
    "POST /api/agents/{x}/ready",
    "POST /api/agents/{x}/wrap-up-done",
    "GET /api/calls/{x}",
    "POST /api/calls/{x}/offer",
    "GET /api/callers/{x}/history",
    "POST /api/calls/{x}/case",
    "POST /api/cases/validate",
    "GET /api/locations?text={x}",
    "GET /api/cases/incomplete",
    "GET /api/callbacks",
    "POST /api/callbacks/{x}/claim",
    "POST /api/callbacks/{x}/dial",
    "POST /api/callbacks/{x}/outcome",
    "GET /api/visits",
    "POST /api/visits/{x}/claim",
    "POST /api/visits/{x}/dial",
    "POST /api/visits/{x}/answers",
    "POST /api/visits/{x}/outcome",
    "GET /api/do-not-call",
    "POST /api/do-not-call",
    "DELETE /api/do-not-call/{x}",
    "POST /api/calls/{x}/transfer",
    "POST /api/calls/{x}/conference",
    "POST /api/calls/{x}/conference/leave",
    "GET /api/directory",
    "GET /api/cases/catalogue",
    "GET /api/desktop/config",
    "GET /api/desktop/supervisors",
    "GET /api/wallboard/events",
    "GET /api/wallboard/seats/{x}",
    "POST /api/seats/{x}/monitor",
    "POST /api/monitor/{x}/stop",
    "GET /api/monitor",
    "GET /api/monitor/{x}",
    "GET /api/reports/centre/{x}?from={x}&to={x}&format={x}&table={x}",
    "GET /api/reports/centre/distributions?from={x}&format=csv&table={x}",
    "GET /api/reports/city/{x}?month={x}&format={x}&table={x}&district={x}&day={x}",
    "GET /api/reports/city/review?district={x}&format=csv",
    "GET /api/outbox",
    "GET /api/outbox/dead-letters",
    "POST /api/outbox/dead-letters/{x}/redrive",
    "GET /api/cases/{x}",
    "POST /api/cases/{x}/complete",
    "GET /api/cases/extensions",
    "POST /api/cases/{x}/extensions/{x}/grant",
    "POST /api/cases/{x}/extensions/{x}/refuse",
    "POST /api/dispatch/status",
    "GET /api/calls/{x}/history",
    "POST /api/session",
    "GET /api/session",
    "DELETE /api/session",
    "POST /api/session/password",
    "GET /api/audit?from={x}&limit={x}",
    "GET /api/staff",
    "GET /api/staff/{x}",
    "POST /api/staff",
    "PUT /api/staff/{x}",
    "POST /api/staff/{x}/deactivate",
    "POST /api/staff/{x}/activate",
    "POST /api/staff/{x}/password",
    "POST /api/staff/import",
    "{m} /api/{x}",
  };

  private static final String[] PARAMS = {
    "a1", "001", "ast1:1796600000.1", "13912345678", "20261207-000001", "..", "%2e%2e%2f%2e%2e",
    "..%2f..%2fetc%2fpasswd", "%00", "%ff%fe", "' OR 1=1 --", "%3Cscript%3E", "a%20b", "北京",
    "%E5%8C%97", "x".repeat(300), "-1", "9999999999999999999999", "%25", "",
  };

  private static final String[] BODIES = {
    "{}",
    "{\"seat\": \"001\"}",
    "{\"seat\": 1}",
    "{\"reason\": null}",
    "[]",
    "null",
    "\"x\"",
    "{",
    "{\"a\":",
    "{\"requestType\":\"complaint\",\"category\":{\"x\":1}}",
    "{\"agent\": [1,2,3]}",
    "{\"seat\": \"\\u0000\"}",
    "\u0000\u0001\u0002",
    "not json at all",
    "{\"summary\": \"" + "长".repeat(5000) + "\"}",
    "{\"note\": 7}",
    "{\"coUnits\": [\"housing\", {}]}",
  };

  private static final String[] TYPES = {
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    "text/csv",
    null,
  };

  private Harness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void tenThousandHostileRequestsGetNoServerErrorAndTheGatewayKeepsServing() throws Exception {
    h = Harness.start(o -> o.withSeed(31), Duration.ofSeconds(5));
    // most requests come from a signed-in supervisor and admin with the CSRF token, so they reach
    // the routes' own checks; the rest from nobody
    TestStaff.add(h.gateway, "fuzzer", StaffRole.SUPERVISOR, StaffRole.ADMIN, StaffRole.AGENT);
    StaffClient fuzzer = TestStaff.signIn(h.gateway, "fuzzer");
    fuzzer.get("/api/session");
    String session = fuzzer.cookie("hotline_session").orElseThrow();
    String csrf = fuzzer.cookie("XSRF-TOKEN").orElseThrow();
    Path uploads = Path.of("file-uploads");
    boolean uploadsBefore = Files.exists(uploads);
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    Random random = new Random(20261207);
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> serverErrors = new ArrayList<>();
    String base = "http://127.0.0.1:" + h.gateway.httpPort();
    int sent = 0;
    for (int batch = 0; batch < 200; batch++) {
      List<CompletableFuture<String>> inFlight = new ArrayList<>();
      for (int i = 0; i < 50; i++, sent++) {
        String route = ROUTES[random.nextInt(ROUTES.length)];
        String method = route.substring(0, route.indexOf(' '));
        if (method.equals("{m}")) {
          method =
              new String[] {"PUT", "DELETE", "PATCH", "OPTIONS", "GET", "POST"}[random.nextInt(6)];
        }
        String path =
            route
                .substring(route.indexOf(' ') + 1)
                .replace("{x}", PARAMS[random.nextInt(PARAMS.length)]);
        byte[] body;
        int kind = random.nextInt(10);
        if (kind == 0) {
          body = new byte[70_000 + random.nextInt(100_000)]; // over the 64 KB limit
          random.nextBytes(body);
        } else if (kind == 1) {
          body = new byte[random.nextInt(2000)];
          random.nextBytes(body);
        } else {
          body = BODIES[random.nextInt(BODIES.length)].getBytes(StandardCharsets.UTF_8);
        }
        URI uri;
        try {
          uri = URI.create(base + path);
        } catch (IllegalArgumentException notAUri) {
          continue; // the client cannot send it; the server never sees it
        }
        HttpRequest.Builder b =
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        String type = TYPES[random.nextInt(TYPES.length)];
        if (type != null) {
          b.header("content-type", type);
        }
        // its own sign-in and sign-out would end the session the rest use
        boolean ownSession = path.startsWith("/api/session");
        if (!ownSession && random.nextInt(4) > 0) {
          b.header("Cookie", "hotline_session=" + session + "; XSRF-TOKEN=" + csrf);
          b.header("X-XSRF-TOKEN", csrf);
        }
        String what = method + " " + path + " (" + type + ", " + body.length + " bytes)";
        inFlight.add(
            http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
                .handle(
                    (r, e) -> {
                      if (e != null) {
                        // a connection the server closed on an oversized body is an answer too
                        return e.getClass().getSimpleName() + ": " + what;
                      }
                      synchronized (statuses) {
                        statuses.merge(r.statusCode(), 1, Integer::sum);
                        if (r.statusCode() >= 500 && !path.startsWith("/health")) {
                          serverErrors.add(r.statusCode() + " " + what);
                        }
                      }
                      return null;
                    }));
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
    assertTrue(sent >= 10_000, "sent " + sent);
    int reachedRoutes =
        statuses.entrySet().stream()
            .filter(e -> e.getKey() != 401 && e.getKey() != 403 && e.getKey() != 415)
            .mapToInt(Map.Entry::getValue)
            .sum();
    assertTrue(reachedRoutes > 2_000, "the routes' own checks were reached: " + statuses);
    assertEquals(
        List.of(),
        serverErrors.subList(0, Math.min(20, serverErrors.size())),
        "statuses " + statuses);
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), "still serving: " + health.body());
    assertFalse(!uploadsBefore && Files.exists(uploads), "nothing written to disk");
  }
}
