package org.hotline.gateway.ami;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.asteriskjava.manager.internal.ManagerConnectionImpl;
import org.asteriskjava.util.SocketConnectionFacade;
import org.hotline.gateway.logging.LogSafe;

/**
 * Asterisk-Java's manager connection (login, actions and their responses, reconnecting) with a lean
 * read path underneath. The library reads through a socket ({@link LeanSocket}, no regular
 * expressions) that routes every event frame ({@link EventFrames}): the events the gateway uses go
 * straight to {@code events} on the library's reader thread, never built into the library's event
 * objects nor queued through its event pump; only answers to actions and the library's own events
 * reach it; the rest is dropped. Every line has its control characters escaped first ({@code \x00},
 * {@link LogSafe#controls}).
 *
 * <p>Why: on a real exchange's stream (about 117 events per call) the library's reflective event
 * building and its pump were half of the gateway's CPU (BENCHMARKS.md, CPU per call). And
 * Asterisk-Java 3.41.0 logs what the peer sent verbatim in several places, so a peer that sends NUL
 * or terminal escapes would get them into our log: unknown headers, values that do not parse,
 * unknown event types, responses with an unknown ActionID, the protocol banner (found by {@code
 * AmiPeerBytesTest}). Real Asterisk never sends control characters in AMI, so nothing legitimate
 * changes; tabs are kept.
 *
 * <p>{@code createSocket} is a protected method of an internal class: pinned to Asterisk-Java
 * 3.41.0 (see PITFALLS.md), checked by the tests. SSL, which the gateway does not use, keeps the
 * library's own socket.
 */
final class LeanManagerConnection extends ManagerConnectionImpl {

  private static final int CONNECT_TIMEOUT_MILLIS = 5000;

  private final AmiServerConfig config;
  private final EventFrames frames;
  private final Consumer<AmiFrame> events;
  private final Runnable caughtUp;
  private final AtomicLong dropped;

  /**
   * @param events receives the frames of the events the gateway uses, on the reader thread
   * @param caughtUp runs on the reader thread when all that was received has been read (after each
   *     frame when the library's own socket is used)
   * @param dropped counts the event frames dropped unparsed
   */
  LeanManagerConnection(
      AmiServerConfig config,
      EventFrames frames,
      Consumer<AmiFrame> events,
      Runnable caughtUp,
      AtomicLong dropped) {
    this.config = config;
    this.frames = frames;
    this.events = events;
    this.caughtUp = caughtUp;
    this.dropped = dropped;
    setHostname(config.host());
    setPort(config.port());
    setUsername(config.username());
    setPassword(config.secret());
  }

  @Override
  protected SocketConnectionFacade createSocket() throws IOException {
    if (isSsl()) {
      Consumer<AmiFrame> oneByOne =
          frame -> {
            events.accept(frame);
            caughtUp.run();
          };
      return new RoutingSocket(super.createSocket(), frames, oneByOne, dropped);
    }
    SocketConnectionFacade socket =
        new LeanSocket(
            config.host(),
            config.port(),
            CONNECT_TIMEOUT_MILLIS,
            (int) config.pingInterval().toMillis() * 3,
            caughtUp);
    return new RoutingSocket(socket, frames, events, dropped);
  }

  /**
   * Lines pass one by one with their control characters escaped, except event frames: those are
   * read whole and routed. Used by the library's one reader thread only.
   */
  static final class RoutingSocket implements SocketConnectionFacade {

    private final SocketConnectionFacade socket;
    private final EventFrames frames;
    private final Consumer<AmiFrame> events;
    private final AtomicLong dropped;
    private final ArrayDeque<String> pending = new ArrayDeque<>();

    RoutingSocket(
        SocketConnectionFacade socket,
        EventFrames frames,
        Consumer<AmiFrame> events,
        AtomicLong dropped) {
      this.socket = socket;
      this.frames = frames;
      this.events = events;
      this.dropped = dropped;
    }

    @Override
    public String readLine() throws IOException {
      if (!pending.isEmpty()) {
        return pending.poll();
      }
      while (true) {
        String first = next();
        if (first == null || !first.startsWith("Event:")) {
          return first; // responses, the banner, blank lines
        }
        List<String> frame = new ArrayList<>(24);
        frame.add(first);
        String line;
        while ((line = next()) != null) {
          frame.add(line);
          if (line.isEmpty()) {
            break;
          }
        }
        EventFrames.Route route = line == null ? EventFrames.Route.LIBRARY : frames.route(frame);
        switch (route) {
          case LIBRARY -> {
            pending.addAll(frame.subList(1, frame.size()));
            return first; // a cut-off frame goes to the library as it is, then the end
          }
          case GATEWAY -> events.accept(AmiFrame.of(frame));
          case DROP -> dropped.incrementAndGet();
        }
      }
    }

    private String next() throws IOException {
      String line = socket.readLine();
      return line == null ? null : LogSafe.controls(line);
    }

    @Override
    public void write(String s) throws IOException {
      socket.write(s);
    }

    @Override
    public void flush() throws IOException {
      socket.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    @Override
    public boolean isConnected() {
      return socket.isConnected();
    }

    @Override
    public InetAddress getLocalAddress() {
      return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
      return socket.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
      return socket.getRemoteAddress();
    }

    @Override
    public int getRemotePort() {
      return socket.getRemotePort();
    }
  }
}
