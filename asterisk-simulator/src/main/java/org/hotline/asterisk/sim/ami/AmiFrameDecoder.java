package org.hotline.asterisk.sim.ami;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a byte stream into AMI frames. Lines end in CRLF but a bare LF is accepted too (Asterisk's
 * get_input does the same); a blank line ends a frame. A line longer than the limit is dropped
 * whole, as Asterisk's "Dumping long line" does, so a garbage flood cannot grow memory.
 */
public final class AmiFrameDecoder {
  private final int maxLineBytes;
  private final int maxHeaders;
  private final Consumer<AmiMessage> sink;
  private Buffer pending = Buffer.buffer();
  private boolean discardingLongLine;
  private final List<AmiMessage.Header> headers = new ArrayList<>();

  public AmiFrameDecoder(int maxLineBytes, int maxHeaders, Consumer<AmiMessage> sink) {
    this.maxLineBytes = maxLineBytes;
    this.maxHeaders = maxHeaders;
    this.sink = sink;
  }

  /** Feeds bytes; complete frames go to the sink in order. */
  public void feed(Buffer data) {
    pending.appendBuffer(data);
    int start = 0;
    int len = pending.length();
    for (int i = 0; i < len; i++) {
      if (pending.getByte(i) == '\n') {
        int end = i;
        if (end > start && pending.getByte(end - 1) == '\r') {
          end--;
        }
        if (discardingLongLine) {
          discardingLongLine = false;
        } else {
          line(pending.getString(start, end, StandardCharsets.UTF_8.name()));
        }
        start = i + 1;
      }
    }
    Buffer rest = pending.getBuffer(start, len);
    if (rest.length() > maxLineBytes) {
      discardingLongLine = true;
      rest = Buffer.buffer();
    }
    pending = rest;
  }

  private void line(String line) {
    if (line.isEmpty()) {
      if (!headers.isEmpty()) {
        AmiMessage frame = new AmiMessage(headers);
        headers.clear();
        sink.accept(frame);
      }
      return;
    }
    if (headers.size() >= maxHeaders) {
      return;
    }
    int colon = line.indexOf(':');
    if (colon < 0) {
      headers.add(new AmiMessage.Header(line.trim(), ""));
      return;
    }
    String name = line.substring(0, colon).trim();
    String value = line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    headers.add(new AmiMessage.Header(name, value));
  }
}
