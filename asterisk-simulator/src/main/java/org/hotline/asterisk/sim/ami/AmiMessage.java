package org.hotline.asterisk.sim.ami;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One AMI frame: an ordered list of {@code Name: value} headers. Order matters because clients and
 * our recordings compare it, and a name may repeat ({@code Output:} lines), so this is a list and
 * not a map.
 */
public record AmiMessage(List<Header> headers) {

  /** A single {@code Name: value} line. */
  public record Header(String name, String value) {}

  public AmiMessage {
    headers = List.copyOf(headers);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The first value of a header, matched case-insensitively as Asterisk does. */
  public Optional<String> get(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /** The first value of a header or {@code ""} when absent, like Asterisk's astman_get_header. */
  public String value(String name) {
    return get(name).orElse("");
  }

  /** All values of a repeated header, in order. */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        out.add(h.value());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Header names in order, for field-order comparisons. */
  public List<String> names() {
    return headers.stream().map(Header::name).toList();
  }

  public boolean isEvent() {
    return !headers.isEmpty() && headers.get(0).name().equals("Event");
  }

  /** The event type, or {@code ""} when this frame is not an event. */
  public String eventType() {
    return isEvent() ? headers.get(0).value() : "";
  }

  /** The frame as it goes on the wire: CRLF after each line, a blank line at the end. */
  public String toWire() {
    StringBuilder sb = new StringBuilder(32 * headers.size() + 2);
    for (Header h : headers) {
      sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  public Buffer toBuffer() {
    return Buffer.buffer(toWire().getBytes(StandardCharsets.UTF_8));
  }

  /** Copies this frame with one header appended, for list items that carry the ActionID last. */
  public AmiMessage with(String name, String value) {
    List<Header> copy = new ArrayList<>(headers);
    copy.add(new Header(name, value));
    return new AmiMessage(copy);
  }

  @Override
  public String toString() {
    return toWire();
  }

  /** Collects headers in order. */
  public static final class Builder {
    private final List<Header> headers = new ArrayList<>(24);

    public Builder add(String name, String value) {
      headers.add(new Header(name, value == null ? "" : value));
      return this;
    }

    public Builder add(String name, long value) {
      return add(name, Long.toString(value));
    }

    /** Adds ActionID only when the action carried one, as Asterisk does. */
    public Builder actionId(AmiMessage action) {
      String id = action == null ? "" : action.value("ActionID");
      if (!id.isEmpty()) {
        add("ActionID", id);
      }
      return this;
    }

    public Builder addAll(List<Header> more) {
      headers.addAll(more);
      return this;
    }

    public AmiMessage build() {
      return new AmiMessage(headers);
    }
  }
}
