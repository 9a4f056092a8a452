package org.hotline.asterisk.sim.replay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.List;
import org.hotline.asterisk.sim.ami.AmiFrameDecoder;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.AmiServer;

/**
 * An AMI port that accepts any login and then sends the transcript's events, paced at a fixed gap
 * (zero for as fast as the socket takes them, respecting back-pressure), optionally several times.
 * Challenge, Ping and other actions are answered so ordinary clients stay happy.
 */
public final class ReplayServer {
  private final Vertx vertx;
  private final Transcript transcript;
  private final long gapMillis;
  private final int repeat;
  private NetServer server;

  /**
   * @param gapMillis delay between frames; 0 sends in bulk
   * @param repeat how many times the events are sent
   */
  public ReplayServer(Vertx vertx, Transcript transcript, long gapMillis, int repeat) {
    if (gapMillis < 0 || repeat < 1) {
      throw new IllegalArgumentException("gapMillis >= 0 and repeat >= 1");
    }
    this.vertx = vertx;
    this.transcript = transcript;
    this.gapMillis = gapMillis;
    this.repeat = repeat;
  }

  public Future<Integer> listen(String host, int port) {
    return vertx
        .createNetServer(new NetServerOptions().setHost(host).setPort(port))
        .connectHandler(this::accept)
        .listen()
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void accept(NetSocket socket) {
    socket.write(transcript.banner());
    boolean[] started = {false};
    AmiFrameDecoder decoder =
        new AmiFrameDecoder(
            8192,
            128,
            action -> {
              String name = action.value("Action");
              if (name.equalsIgnoreCase("Challenge")) {
                socket.write(
                    AmiMessage.builder()
                        .add("Response", "Success")
                        .actionId(action)
                        .add("Challenge", "123456789")
                        .build()
                        .toWire());
              } else if (name.equalsIgnoreCase("CoreSettings")) {
                // Asterisk-Java asks this right after login to learn the version; an answer
                // without AsteriskVersion kills its reader thread
                socket.write(
                    AmiMessage.builder()
                        .add("Response", "Success")
                        .actionId(action)
                        .add("AMIversion", "11.0.0")
                        .add("AsteriskVersion", "22.10.1")
                        .add("SystemName", "")
                        .build()
                        .toWire());
              } else if (name.equalsIgnoreCase("Login")) {
                socket.write(AmiServer.success(action, "Authentication accepted").toWire());
                if (!started[0]) {
                  started[0] = true;
                  send(socket, transcript.events(), 0, 0);
                }
              } else if (name.equalsIgnoreCase("Logoff")) {
                socket.write(
                    AmiMessage.builder()
                        .add("Response", "Goodbye")
                        .actionId(action)
                        .add("Message", "Thanks for all the fish.")
                        .build()
                        .toWire());
                socket.end();
              } else {
                socket.write(AmiServer.success(action, "Replay").toWire());
              }
            });
    socket.handler(decoder::feed);
  }

  private void send(NetSocket socket, List<String> events, int index, int round) {
    int i = index;
    int r = round;
    while (r < repeat) {
      if (i >= events.size()) {
        i = 0;
        r++;
        continue;
      }
      socket.write(Buffer.buffer(events.get(i++)));
      if (gapMillis > 0) {
        int ni = i;
        int nr = r;
        vertx.setTimer(gapMillis, id -> send(socket, events, ni, nr));
        return;
      }
      if (socket.writeQueueFull()) {
        int ni = i;
        int nr = r;
        socket.drainHandler(v -> send(socket, events, ni, nr));
        return;
      }
    }
  }
}
