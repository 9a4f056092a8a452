package org.hotline.cases.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.cases.signature.Hmac;

/**
 * A real HTTP server on a loopback port playing the dispatch system: it records every request,
 * de-duplicates by idempotency key as a well-behaved receiver must, and answers as the test says
 * (status, delay).
 */
public final class Receiver implements AutoCloseable {

  /** What a request gets. */
  public record Answer(int status, String body, long delayMillis) {
    public static Answer ok() {
      return new Answer(200, "{\"reference\":\"R-1\"}", 0);
    }

    public static Answer status(int status) {
      return new Answer(status, "", 0);
    }
  }

  /** One request as received. */
  public record Request(
      String path,
      Map<String, String> headers,
      String body,
      String idempotencyKey,
      boolean taken) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> keys = Collections.synchronizedSet(new LinkedHashSet<>());
  private final AtomicReference<java.util.function.Function<Request, Answer>> behaviour =
      new AtomicReference<>(r -> Answer.ok());

  public Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** How to answer from now on; the request is recorded before the answer is chosen. */
  public void answer(java.util.function.Function<Request, Answer> how) {
    behaviour.set(how);
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    String key = headers.getOrDefault(Hmac.IDEMPOTENCY_HEADER.toLowerCase(), "");
    Request probe =
        new Request(
            ex.getRequestURI().getPath(),
            headers,
            new String(body, StandardCharsets.UTF_8),
            key,
            false);
    Answer a = behaviour.get().apply(probe);
    if (a.delayMillis() > 0) {
      try {
        Thread.sleep(a.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean taken = a.status() / 100 == 2;
    requests.add(
        new Request(probe.path(), probe.headers(), probe.body(), probe.idempotencyKey(), taken));
    if (taken && !key.isEmpty()) {
      keys.add(key);
    }
    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    try {
      ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (IOException e) {
      // the client gave up (timeout): that is the point of a slow answer
    } finally {
      ex.close();
    }
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Requests the receiver took (answered 2xx). */
  public List<Request> taken() {
    return requests().stream().filter(Request::taken).toList();
  }

  /** Distinct idempotency keys taken: what a de-duplicating receiver keeps. */
  public Set<String> keys() {
    synchronized (keys) {
      return new LinkedHashSet<>(keys);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
