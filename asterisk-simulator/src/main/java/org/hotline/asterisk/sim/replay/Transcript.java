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
   * Parses the exact bytes of a {@code .ami} file. The banner is the first line when it is not a
   * header; the 2026-11-30 extracts start with their first frame and have none, so a replay of them
   * greets with Asterisk 22's.
   */
  public static Transcript parse(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.UTF_8);
    int first = all.indexOf("\r\n");
    boolean hasBanner = first >= 0 && all.substring(0, first).indexOf(':') < 0;
    String banner = hasBanner ? all.substring(0, first + 2) : BANNER;
    String rest = hasBanner ? all.substring(first + 2) : all;
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
