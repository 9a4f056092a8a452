package org.hotline.gateway.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LeanSocketTest {

  @Test
  void linesEndInCrLfABareLfOrCrStaysInsideAndTooLongALineIsCut() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread peer =
          new Thread(
              () -> {
                try (Socket s = server.accept()) {
                  OutputStream out = s.getOutputStream();
                  out.write(
                      ("Asterisk Call Manager/11.0.0\r\nOutput: a\nb\r\nName: 王小明\r\nx\ry\r\n\r\n")
                          .getBytes(StandardCharsets.UTF_8));
                  out.write("L".repeat(LeanSocket.MAX_LINE + 10).getBytes(StandardCharsets.UTF_8));
                  out.write("\r\nafter\r\ntail".getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      peer.start();
      java.util.concurrent.atomic.AtomicInteger waits =
          new java.util.concurrent.atomic.AtomicInteger();
      LeanSocket socket =
          new LeanSocket("127.0.0.1", server.getLocalPort(), 1000, 5000, waits::incrementAndGet);
      assertEquals("Asterisk Call Manager/11.0.0", socket.readLine());
      assertEquals("Output: a\nb", socket.readLine());
      assertEquals("Name: 王小明", socket.readLine());
      assertEquals("x\ry", socket.readLine());
      assertEquals("", socket.readLine());
      assertEquals(LeanSocket.MAX_LINE, socket.readLine().length(), "cut, and the rest skipped");
      assertEquals("after", socket.readLine());
      assertEquals("tail", socket.readLine(), "the last line, cut off by the end of the stream");
      assertNull(socket.readLine());
      assertTrue(waits.get() >= 1, "it said when it had read all there was");
      socket.close();
      peer.join();
    }
  }

  @Test
  void aSilentPeerEndsTheReadAfterTheReadTimeOut() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LeanSocket socket = new LeanSocket("127.0.0.1", server.getLocalPort(), 1000, 200, () -> {});
      try (Socket accepted = server.accept()) {
        assertThrows(SocketTimeoutException.class, socket::readLine, "peer " + accepted.getPort());
      }
      socket.close();
    }
  }
}
