package org.hotline.cases.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One {@code COPY ... FROM STDIN} (text format) on a connection of its own, fed row by row. Rows
 * are buffered and sent in chunks; the server parses one chunk while the generator builds the next,
 * and several streams on separate connections load their tables at once.
 */
final class CopyStream implements AutoCloseable {

  private static final int CHUNK = 1 << 19;

  private final Connection connection;
  private final CopyIn in;
  private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);
  private boolean first = true;
  private long rows;

  CopyStream(String url, String user, String password, String copySql) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("ApplicationName", "record-bench-load");
    this.connection = DriverManager.getConnection(url, p);
    this.in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
  }

  /** A value in COPY text format: backslash, tab and line breaks escaped. */
  static String escape(String value) {
    return value
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r");
  }

  /** The next field of the current row (text format: the caller's values hold no tab). */
  CopyStream f(String value) {
    if (!first) {
      buffer.append('\t');
    }
    first = false;
    buffer.append(value == null ? "\\N" : value);
    return this;
  }

  CopyStream f(long value) {
    return f(Long.toString(value));
  }

  CopyStream f(Instant value) {
    return f(value == null ? null : value.toString());
  }

  CopyStream f(boolean value) {
    return f(value ? "t" : "f");
  }

  /** Ends the current row. */
  void end() throws SQLException {
    buffer.append('\n');
    first = true;
    rows++;
    if (buffer.length() >= CHUNK) {
      flush();
    }
  }

  /** A whole row already in COPY text format, without its newline. */
  void line(String row) throws SQLException {
    buffer.append(row);
    end();
  }

  private void flush() throws SQLException {
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
  }

  /** Sends the rest and ends the COPY; returns the rows the server took. */
  long finish() throws SQLException {
    flush();
    long taken = in.endCopy();
    if (taken != rows) {
      throw new IllegalStateException("COPY took " + taken + " rows of " + rows);
    }
    return taken;
  }

  @Override
  public void close() throws SQLException {
    if (in.isActive()) {
      in.cancelCopy();
    }
    connection.close();
  }
}
