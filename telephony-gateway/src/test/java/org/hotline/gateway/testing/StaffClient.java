package org.hotline.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A person's HTTP client, as a browser would be: it keeps cookies (the session's among them) and
 * echoes the CSRF cookie in the {@code X-XSRF-TOKEN} header on every request that changes
 * something, fetching one first when it has none.
 */
public final class StaffClient {

  /** An answer: status, the body as JSON (empty when it is not an object), headers, raw text. */
  public record Answer(int status, JsonObject json, HttpHeaders headers, String body) {
    public String error() {
      return json.getString("error", "");
    }
  }

  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;
  private final String base;
  private boolean echoCsrf = true;

  public StaffClient(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** A client that signed in, or fails the test. */
  public static StaffClient signedIn(int port, String user, String password) {
    StaffClient c = new StaffClient(port);
    Answer a = c.signIn(user, password);
    if (a.status() != 200) {
      throw new AssertionError("sign-in of " + user + ": " + a.status() + " " + a.body());
    }
    return c;
  }

  public Answer signIn(String user, String password) {
    return post(
        "/api/session", new JsonObject().put("username", user).put("password", password).encode());
  }

  /** Stops (or resumes) echoing the CSRF token: what a forged cross-site request looks like. */
  public StaffClient echoCsrf(boolean echo) {
    this.echoCsrf = echo;
    return this;
  }

  public Answer get(String path) {
    return send("GET", path, null, new byte[0]);
  }

  public Answer post(String path, String json) {
    return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  public Answer put(String path, String json) {
    return send("PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  public Answer delete(String path) {
    return send("DELETE", path, null, new byte[0]);
  }

  public Answer send(String method, String path, String contentType, byte[] body) {
    boolean changes = !method.equals("GET") && !method.equals("HEAD");
    if (changes && echoCsrf && cookie("XSRF-TOKEN").isEmpty()) {
      get("/api/session");
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("content-type", contentType);
    }
    if (changes && echoCsrf) {
      cookie("XSRF-TOKEN").ifPresent(t -> b.header("X-XSRF-TOKEN", t));
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      String text = r.body();
      JsonObject json = new JsonObject();
      if (text.startsWith("{")) {
        try {
          json = new JsonObject(text);
        } catch (RuntimeException e) {
          // not JSON after all: the raw text is in the answer
        }
      }
      return new Answer(r.statusCode(), json, r.headers(), text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Optional<String> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .filter(v -> !v.isEmpty())
        .findFirst();
  }

  /** Plants a cookie, as an attacker fixing a session id would. */
  public void plantCookie(String name, String value) {
    HttpCookie c = new HttpCookie(name, value);
    c.setPath("/");
    c.setDomain("127.0.0.1"); // as the server's own cookie of that name: it replaces this one
    c.setVersion(0);
    cookies.getCookieStore().add(URI.create(base), c);
  }
}
