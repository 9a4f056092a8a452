package org.hotline.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path in a JVM of its own, its output in a log file under {@code
 * target/}: it can be killed with SIGKILL like a real process, and its CPU time read from {@code
 * /proc}.
 */
public final class JavaProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private JavaProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code mainClass} with {@code args}; {@code env} is added to this JVM's environment. */
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
    pb.environment().putAll(env);
    Path log = Path.of("target", name + "-" + System.nanoTime() + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "# "
            + String.join(" ", command.subList(0, command.size() - args.size()))
                .replace(classPath(), "<class path>")
            + "\n");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new JavaProcess(pb.start(), log);
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hook runs, no connection is closed politely. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** User + system CPU time of the process so far, in milliseconds (from /proc). */
  public long cpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    return ticks * 1000 / 100; // USER_HZ is 100 on Linux
  }

  /**
   * CPU time so far per kind of thread (the thread's name with its digits folded to N: all
   * "vert.x-eventloop-thread-N" together), in milliseconds.
   */
  public java.util.Map<String, Long> threadCpuMillis() throws IOException {
    java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> tasks =
        Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "N");
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
          byKind.merge(name, ms, Long::sum);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    }
    return byKind;
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
