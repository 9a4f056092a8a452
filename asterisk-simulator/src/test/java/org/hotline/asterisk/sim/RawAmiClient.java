package org.hotline.asterisk.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.hotline.asterisk.sim.ami.AmiFrameDecoder;
import org.hotline.asterisk.sim.ami.AmiMessage;

/** A plain-socket AMI client for tests: keeps the exact bytes and the parsed frames. */
final class RawAmiClient implements AutoCloseable {
  final Socket socket;
  final ByteArrayOutputStream raw = new ByteArrayOutputStream();
  final BlockingQueue<AmiMessage> frames = new LinkedBlockingQueue<>();
  final List<AmiMessage> seen = new ArrayList<>();
  volatile boolean eof;
  String banner = "";

  RawAmiClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    InputStream in = socket.getInputStream();
    StringBuilder bannerLine = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      raw.write(b);
      bannerLine.append((char) b);
      if (b == '\n') {
        break;
      }
    }
    banner = bannerLine.toString();
    AmiFrameDecoder decoder = new AmiFrameDecoder(1 << 20, 4096, frames::add);
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  synchronized (raw) {
                    raw.write(buf, 0, n);
                  }
                  decoder.feed(io.vertx.core.buffer.Buffer.buffer(java.util.Arrays.copyOf(buf, n)));
                }
              } catch (IOException e) {
                // closed
              }
              eof = true;
            },
            "raw-ami-reader");
    t.setDaemon(true);
    t.start();
  }

  void send(String... lines) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append("\r\n");
    }
    sb.append("\r\n");
    sendRaw(sb.toString());
  }

  synchronized void sendRaw(String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void login(String secret) throws Exception {
    send("Action: Login", "ActionID: login-1", "Username: hotline", "Secret: " + secret);
    AmiMessage r = await(m -> m.value("ActionID").equals("login-1"), Duration.ofSeconds(5));
    if (!r.value("Response").equals("Success")) {
      throw new IllegalStateException("login failed: " + r);
    }
  }

  /** Waits for the first frame (seen before or arriving) that matches. */
  AmiMessage await(Predicate<AmiMessage> p, Duration timeout) throws InterruptedException {
    synchronized (seen) {
      for (AmiMessage m : seen) {
        if (p.test(m)) {
          seen.remove(m);
          return m;
        }
      }
    }
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      AmiMessage m = frames.poll(50, TimeUnit.MILLISECONDS);
      if (m == null) {
        continue;
      }
      if (p.test(m)) {
        return m;
      }
      synchronized (seen) {
        seen.add(m);
      }
    }
    throw new AssertionError("no matching frame within " + timeout + "; seen " + seen.size());
  }

  AmiMessage awaitEvent(String type, String field, String value) throws InterruptedException {
    return await(
        m -> m.eventType().equals(type) && (field == null || m.value(field).equals(value)),
        Duration.ofSeconds(10));
  }

  /** Drains everything received so far (after a short settle time). */
  List<AmiMessage> drain(Duration settle) throws InterruptedException {
    Thread.sleep(settle.toMillis());
    List<AmiMessage> out;
    synchronized (seen) {
      out = new ArrayList<>(seen);
      seen.clear();
    }
    frames.drainTo(out);
    return out;
  }

  String rawText() {
    synchronized (raw) {
      return raw.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
