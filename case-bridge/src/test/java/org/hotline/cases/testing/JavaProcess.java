package org.hotline.cases.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path in a JVM of its own (after the telephony gateway's test
 * helper of that name; case-bridge must not depend on the gateway): it can be killed with SIGKILL
 * like a real process. Its standard output is a pipe the test reads; its standard error goes to a
 * log file under {@code target/}.
 */
public final class JavaProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private JavaProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args}; {@code env} is added to this JVM's environment, and
   * a key mapped to {@code null} is removed from it.
   */
  public static JavaProcess start(
      String name,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classPath());
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    env.forEach(
        (k, v) -> {
          if (v == null) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    Path log = Path.of("target", name + "-" + System.nanoTime() + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "# "
            + String.join(" ", command.subList(0, command.size() - args.size()))
                .replace(classPath(), "<class path>")
            + "\n");
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    return new JavaProcess(pb.start(), log);
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** What the process writes to its standard output. */
  public InputStream stdout() {
    return process.getInputStream();
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hook runs, no connection is closed politely. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Surefire keeps the real test class path here; a plain JVM has it in java.class.path. */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
