package org.hotline.gateway.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What is logged while it is open. slf4j-simple writes each line to whatever {@code System.err} is
 * at that moment, so swapping it captures every logger, ours and libraries'. On close the text is
 * restored and echoed to the real stderr, so a failing test still shows its log.
 */
public final class CapturedLog implements AutoCloseable {

  private final PrintStream original;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private CapturedLog() {
    original = System.err;
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  public static CapturedLog start() {
    return new CapturedLog();
  }

  public String text() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  public List<String> lines() {
    return text().lines().toList();
  }

  /** Lines that contain {@code part}. */
  public List<String> lines(String part) {
    return lines().stream().filter(l -> l.contains(part)).toList();
  }

  /** The control characters in the log other than the line ends and tabs slf4j writes itself. */
  public List<String> rawControls() {
    return text()
        .codePoints()
        .filter(cp -> Character.isISOControl(cp) && cp != '\n' && cp != '\t')
        .mapToObj(cp -> String.format("U+%04X", cp))
        .toList();
  }

  @Override
  public void close() {
    System.setErr(original);
    text()
        .lines()
        .forEach(line -> original.println(LogSafe.controls(line))); // stays readable if it fails
  }
}
