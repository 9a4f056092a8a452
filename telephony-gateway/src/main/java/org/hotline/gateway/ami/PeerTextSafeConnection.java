package org.hotline.gateway.ami;

import java.io.IOException;
import java.net.InetAddress;
import org.asteriskjava.manager.internal.ManagerConnectionImpl;
import org.asteriskjava.util.SocketConnectionFacade;
import org.hotline.gateway.logging.LogSafe;

/**
 * Asterisk-Java's manager connection, reading through a socket that escapes control characters in
 * every line it reads ({@code \x00}, {@link LogSafe#controls}) before the library sees it.
 *
 * <p>Why: Asterisk-Java 3.41.0 logs what the peer sent verbatim in several places, and a peer that
 * sends NUL, terminal escapes or a bare line feed inside a header gets them into our log as they
 * are (found by {@code AmiPeerBytesTest}): an unknown header ({@code EventAttributesHelper} WARN
 * "Unable to set property 'name' to 'value'"), a value that does not parse (ERROR, same text and a
 * stack trace), an unknown event type ({@code EventBuilderImpl} INFO with all attributes), a
 * response with an unknown ActionID and the protocol banner ({@code ManagerConnectionImpl} ERROR,
 * INFO "Connected via ..." and WARN "Unsupported protocol version ..."), and, at DEBUG, every
 * event. Turning those loggers off would also hide the library's reconnect and login failures, and
 * a log format cannot escape what is already in the message; so the bytes are made safe where they
 * enter. Real Asterisk never sends control characters in AMI (lines end in CRLF, which the library
 * strips), so nothing legitimate changes. Tabs are kept. Bidi and other format characters are not
 * control characters and pass: whoever shows a value from AMI cleans it for its purpose.
 *
 * <p>{@code createSocket} is a protected method of an internal class: pinned to Asterisk-Java
 * 3.41.0 (see PITFALLS.md), checked by the test.
 */
final class PeerTextSafeConnection extends ManagerConnectionImpl {

  PeerTextSafeConnection(AmiServerConfig config) {
    setHostname(config.host());
    setPort(config.port());
    setUsername(config.username());
    setPassword(config.secret());
  }

  @Override
  protected SocketConnectionFacade createSocket() throws IOException {
    return new EscapingSocket(super.createSocket());
  }

  /** Every line read has its control characters escaped; everything else is passed through. */
  private record EscapingSocket(SocketConnectionFacade socket) implements SocketConnectionFacade {

    @Override
    public String readLine() throws IOException {
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
