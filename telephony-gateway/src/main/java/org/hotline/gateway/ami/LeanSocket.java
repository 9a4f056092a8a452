package org.hotline.gateway.ami;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The AMI socket Asterisk-Java reads through, without its regular-expression scanner: lines end in
 * CRLF (a bare LF stays inside the line, as the library treats it), decoded as UTF-8, at most
 * {@link #MAX_LINE} bytes (the rest of a longer line is read and dropped, so a hostile peer cannot
 * exhaust memory). A read time-out ends the connection, which makes the library reconnect. Before
 * it waits for more bytes it says so, so that what was read can be handed on in one batch.
 */
final class LeanSocket implements org.asteriskjava.util.SocketConnectionFacade {

  static final int MAX_LINE = 64 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final Writer out;
  private final byte[] line = new byte[MAX_LINE];
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private final Runnable beforeWaiting;

  /**
   * @param beforeWaiting runs on the reading thread whenever everything received so far has been
   *     read and the next read would wait for the peer: the moment to hand on a batch
   */
  LeanSocket(
      String host,
      int port,
      int connectTimeoutMillis,
      int readTimeoutMillis,
      Runnable beforeWaiting)
      throws IOException {
    this.beforeWaiting = beforeWaiting;
    socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      socket.setSoTimeout(readTimeoutMillis);
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      out =
          new BufferedWriter(
              new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public String readLine() throws IOException {
    int length = 0;
    boolean cr = false;
    while (true) {
      if (position == limit) {
        if (in.available() == 0) {
          beforeWaiting.run();
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
          return length == 0 && !cr ? null : text(length, cr);
        }
        position = 0;
        limit = n;
      }
      int b = buffer[position++] & 0xff;
      if (b == '\n' && cr) {
        return text(length, false);
      }
      if (cr) {
        put(length++, '\r'); // a CR not followed by LF belongs to the line
      }
      cr = b == '\r';
      if (!cr) {
        put(length++, b);
      }
    }
  }

  private void put(int at, int b) {
    if (at < MAX_LINE) {
      line[at] = (byte) b;
    }
  }

  private String text(int length, boolean trailingCr) {
    int n = Math.min(length, MAX_LINE);
    String s = new String(line, 0, n, StandardCharsets.UTF_8);
    return trailingCr ? s + "\r" : s;
  }

  @Override
  public void write(String s) throws IOException {
    out.write(s);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public boolean isConnected() {
    return socket.isConnected() && !socket.isClosed();
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
    return socket.getInetAddress();
  }

  @Override
  public int getRemotePort() {
    return socket.getPort();
  }
}
