package org.hotline.asterisk.sim.dialplan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The extensions.conf text a simulator runs: a built-in profile, a file, or text.
 *
 * @param name names the dialplan in logs
 * @param text the extensions.conf text
 */
public record DialplanSource(String name, String text) {
  /** Where the build puts the project's config/asterisk/extensions.conf. */
  public static final String SHIPPED_RESOURCE =
      "/org/hotline/asterisk/sim/dialplan/extensions.conf";

  /** The lab's dialplan of the 2026-11-27 recordings. */
  public static final String RECORDED_RESOURCE =
      "/org/hotline/asterisk/sim/dialplan/dialplan-used.conf";

  /** Handset contexts the lab used for originated calls, added when a dialplan lacks them. */
  public static final String LAB_CONTEXTS_RESOURCE =
      "/org/hotline/asterisk/sim/dialplan/lab-contexts.conf";

  public DialplanSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
  }

  public static DialplanSource of(DialplanProfile profile) {
    return switch (profile) {
      case GATEWAY -> resource(SHIPPED_RESOURCE);
      case RECORDED ->
          // the lab ran its FastAGI server on 127.0.0.1:4573; the simulator's goes where
          // GATEWAY_AGI says
          new DialplanSource(
              "dialplan-used.conf",
              resource(RECORDED_RESOURCE)
                  .text()
                  .replace("agi://127.0.0.1:4573/", "agi://${GATEWAY_AGI}/"));
    };
  }

  public static DialplanSource file(Path path) {
    try {
      return new DialplanSource(path.getFileName().toString(), Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dialplan " + path, e);
    }
  }

  public static DialplanSource text(String name, String text) {
    return new DialplanSource(name, text);
  }

  /** A classpath resource. */
  public static DialplanSource resource(String path) {
    try (InputStream in = DialplanSource.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("dialplan resource " + path + " is missing");
      }
      String name = path.substring(path.lastIndexOf('/') + 1);
      return new DialplanSource(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This text plus more (e.g. a test's far-end contexts), as one file. */
  public DialplanSource plus(String more) {
    return new DialplanSource(name, text + "\n" + more);
  }

  public Dialplan parse() {
    return Dialplan.parse(name, text);
  }

  @Override
  public String toString() {
    return "DialplanSource[" + name + ", " + text.length() + " chars]";
  }
}
