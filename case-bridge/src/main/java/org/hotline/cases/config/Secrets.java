package org.hotline.cases.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Secrets by reference: configuration names an environment variable (and optionally a file outside
 * git); the value itself is never in a file of the repository or in the code. A missing secret is
 * an error at start-up of the part that needs it.
 */
public final class Secrets {

  private final Function<String, String> environment;

  /**
   * @param environment usually {@code System::getenv}; tests pass a map's {@code get}
   */
  public Secrets(Function<String, String> environment) {
    this.environment = environment;
  }

  public static Secrets fromSystem() {
    return new Secrets(System::getenv);
  }

  /** The secret in variable {@code envName}, else in {@code file}; surrounding blanks removed. */
  public byte[] require(String envName, Optional<String> file) {
    String value = environment.apply(envName);
    if (value != null && !value.isBlank()) {
      return value.strip().getBytes(StandardCharsets.UTF_8);
    }
    if (file.isPresent()) {
      try {
        String text = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip();
        if (!text.isEmpty()) {
          return text.getBytes(StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the secret file named for " + envName, e);
      }
    }
    throw new IllegalStateException(
        "secret missing: set the environment variable "
            + envName
            + file.map(f -> " or write it to " + f).orElse(""));
  }
}
