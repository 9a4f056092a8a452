package org.hotline.asterisk.sim.replay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded AMI stream split into its banner and frames (each kept as its exact bytes, CRLF and
 * the closing blank line included). Only events are replayed: the recorded responses answered
 * someone else's actions.
 */
public record Transcript(String banner, List<String> frames) {

  public Transcript {
    frames = List.copyOf(frames);
  }

  /** Asterisk 22's banner, for recordings that hold only the frames of one call. */
  public static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";

  /**
   * Parses the exact bytes of a {@code .ami} file: a whole connection (banner first), or only the
   * frames of one call as some recordings keep them (then the banner is Asterisk 22's).
   */
  public static Transcript parse(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.UTF_8);
    if (!all.startsWith("Asterisk Call Manager/")) {
      all = BANNER + all;
    }
    int first = all.indexOf("\r\n");
    String banner = first < 0 ? all : all.substring(0, first + 2);
    String rest = first < 0 ? "" : all.substring(first + 2);
    List<String> frames = new ArrayList<>();
    for (String f : rest.split("\r\n\r\n")) {
      if (!f.isBlank()) {
        frames.add(f + "\r\n\r\n");
      }
    }
    return new Transcript(banner, frames);
  }

  /** The frames that are events. */
  public List<String> events() {
    return frames.stream().filter(f -> f.startsWith("Event:")).toList();
  }
}
