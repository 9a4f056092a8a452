package org.hotline.redis.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalRedisTest {

  @Test
  void embeddedBinaryServesAndKeepsWritesAcrossAKillWhenPersistent() throws IOException {
    try (LocalRedis redis = LocalRedis.start(LocalRedis.embeddedBinary(), true)) {
      assertEquals("+OK", command(redis.port(), "SET", "k", "v"));
      redis.kill();
      assertThrows(IOException.class, () -> command(redis.port(), "PING"));
      redis.restart();
      assertEquals("$1", command(redis.port(), "GET", "k"), "the fsynced write survives SIGKILL");
    }
  }

  @Test
  void serverOnThePathOrEmbeddedStartsOnAFreePort() throws IOException {
    try (LocalRedis redis = LocalRedis.start(false)) {
      assertTrue(redis.owned());
      assertTrue(redis.uri().endsWith(":" + redis.port()));
      assertEquals("+PONG", command(redis.port(), "PING"));
    }
  }

  /** Sends one command in RESP and returns the first line of the reply. */
  private static String command(int port, String... args) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2000);
      StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        out.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
      }
      OutputStream os = socket.getOutputStream();
      os.write(out.toString().getBytes(StandardCharsets.UTF_8));
      os.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\r') {
        line.append((char) c);
      }
      if (c == -1) {
        throw new IOException("connection closed");
      }
      return line.toString();
    }
  }
}
