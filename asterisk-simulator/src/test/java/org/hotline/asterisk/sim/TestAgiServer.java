package org.hotline.asterisk.sim;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A tiny FastAGI server on a raw Vert.x NetServer: collects each session's environment, then runs a
 * per-script handler that may send commands and close.
 */
final class TestAgiServer implements AutoCloseable {
  /** One FastAGI session as the server sees it. */
  static final class Session {
    final NetSocket socket;
    final List<String> env = new CopyOnWriteArrayList<>();
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final StringBuilder buf = new StringBuilder();
    volatile boolean envDone;
    volatile boolean closed;
    volatile Runnable pendingReply;
    volatile java.util.function.Consumer<String> lineListener;

    Session(NetSocket socket) {
      this.socket = socket;
    }

    String script() {
      return env.stream()
          .filter(l -> l.startsWith("agi_network_script: "))
          .map(l -> l.substring("agi_network_script: ".length()))
          .findFirst()
          .orElse("");
    }

    String envValue(String key) {
      return env.stream()
          .filter(l -> l.startsWith(key + ": "))
          .map(l -> l.substring(key.length() + 2))
          .findFirst()
          .orElse(null);
    }

    /** Hears every line Asterisk sends after the environment (on the event loop). */
    void onLine(java.util.function.Consumer<String> listener) {
      lineListener = listener;
    }

    /** Runs the action when the next 200 reply arrives (on the event loop). */
    void onReply(Runnable action) {
      pendingReply = action;
    }

    void send(String command) {
      socket.write(command + "\n");
    }

    String next() throws InterruptedException {
      String l = lines.poll(10, TimeUnit.SECONDS);
      if (l == null) {
        throw new AssertionError("no line from Asterisk within 10 s");
      }
      return l;
    }
  }

  final Vertx vertx;
  final NetServer server;
  final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
  final Map<String, BiConsumer<Session, TestAgiServer>> scripts = new ConcurrentHashMap<>();
  volatile BiConsumer<Session, TestAgiServer> fallback = (s, t) -> {};

  TestAgiServer(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.server =
        vertx
            .createNetServer()
            .connectHandler(this::accept)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  /** Scripted replies for a script name, run on the event loop when the env is complete. */
  void on(String script, BiConsumer<Session, TestAgiServer> handler) {
    scripts.put(script, handler);
  }

  /** The usual /incoming: set a call id and close; /dialresult: VERBOSE, HOTLINE_NEXT=hold. */
  void gatewayDefaults() {
    int[] n = {0};
    on(
        "incoming",
        (s, t) -> {
          n[0]++;
          s.send("SET VARIABLE HOTLINE_CALL_ID \"HC-" + String.format("%04d", n[0]) + "\"");
          s.onReply(() -> s.socket.close());
        });
    on(
        "dialresult",
        (s, t) -> {
          s.send("VERBOSE \"dialresult " + s.envValue("agi_arg_1") + "\" 1");
          s.onReply(
              () -> {
                s.send("SET VARIABLE HOTLINE_NEXT \"hold\"");
                s.onReply(() -> s.socket.close());
              });
        });
  }

  private void accept(NetSocket socket) {
    Session s = new Session(socket);
    socket.handler(
        data -> {
          s.buf.append(data.toString());
          int nl;
          while ((nl = s.buf.indexOf("\n")) >= 0) {
            String line = s.buf.substring(0, nl);
            s.buf.delete(0, nl + 1);
            if (!s.envDone) {
              if (line.isEmpty()) {
                s.envDone = true;
                sessions.add(s);
                scripts.getOrDefault(s.script(), fallback).accept(s, this);
              } else {
                s.env.add(line);
              }
            } else {
              s.lines.add(line);
              java.util.function.Consumer<String> l = s.lineListener;
              if (l != null) {
                l.accept(line);
              }
              Runnable r = s.pendingReply;
              if (r != null && line.startsWith("200")) {
                s.pendingReply = null;
                r.run();
              }
            }
          }
        });
    socket.closeHandler(v -> s.closed = true);
  }

  Session nextSession() throws InterruptedException {
    Session s = sessions.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("no FastAGI session within 10 s");
    }
    return s;
  }

  /** True when no FastAGI session starts within {@code wait}. */
  boolean noSession(java.time.Duration wait) throws InterruptedException {
    return sessions.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
  }

  @Override
  public void close() {
    server.close();
  }
}
