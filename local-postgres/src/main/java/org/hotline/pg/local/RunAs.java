package org.hotline.pg.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How {@code initdb} and {@code postgres} are run, given that both refuse to run as root ({@code
 * geteuid() == 0}) and that this project's machines and CI run everything as root.
 */
enum RunAs {
  /** Not root: the binaries run as the JVM's own user. */
  DIRECT,

  /**
   * Root: {@code unshare --user --} runs the binary in a new user namespace in which no user is
   * mapped. There its uid and gid read as the overflow ids (65534, nobody), so PostgreSQL's root
   * checks pass, and so does its check that the data directory belongs to the server's user (root's
   * files read as 65534 too). For the kernel the process is still uid 0 outside that namespace: it
   * reads and writes the JVM's root-owned 0700 directories, and has no capability over anything
   * else. This is what zonky's EmbeddedPostgres does as root too. Needs util-linux's {@code
   * unshare} (essential on Debian) and a kernel that lets root make user namespaces (a container
   * under a default seccomp profile may not).
   */
  USER_NAMESPACE,

  /**
   * Root where user namespaces are not allowed: {@code setpriv} (util-linux) drops to uid and gid
   * 65534 (nobody) and execs the binary; the instance's directory is handed to that uid and the
   * binaries are world-readable.
   */
  NOBODY;

  /**
   * The system property that overrides the choice: {@code direct}, {@code user-namespace}, {@code
   * nobody}.
   */
  static final String PROPERTY = "hotline.pg.run-as";

  static final int NOBODY_ID = 65534;

  /** The words put before a binary's path. */
  List<String> prefix() {
    switch (this) {
      case USER_NAMESPACE:
        return List.of("unshare", "--user", "--");
      case NOBODY:
        return List.of(
            "setpriv",
            "--reuid=" + NOBODY_ID,
            "--regid=" + NOBODY_ID,
            "--clear-groups",
            "--inh-caps=-all",
            "--");
      default:
        return List.of();
    }
  }

  /** The command that runs {@code binary} with {@code args} this way. */
  List<String> command(Path binary, List<String> args) {
    List<String> command = new ArrayList<>(prefix());
    command.add(binary.toString());
    command.addAll(args);
    return command;
  }

  /**
   * The property's choice if set; else {@link #DIRECT} unless the JVM runs as root; as root {@link
   * #USER_NAMESPACE} if {@code unshare --user} works here, else {@link #NOBODY} if {@code setpriv}
   * works.
   */
  static RunAs detect() {
    String chosen = System.getProperty(PROPERTY);
    if (chosen != null && !chosen.isBlank()) {
      return valueOf(chosen.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
    if (currentUid() != 0) {
      return DIRECT;
    }
    if (works(USER_NAMESPACE)) {
      return USER_NAMESPACE;
    }
    if (works(NOBODY)) {
      return NOBODY;
    }
    throw new IllegalStateException(
        "running as root, where initdb and postgres refuse to run, and neither `unshare --user` nor"
            + " `setpriv` (util-linux) works here: set DATABASE_URL to a PostgreSQL server instead");
  }

  /** Whether {@code true} runs this way. */
  static boolean works(RunAs runAs) {
    List<String> command = new ArrayList<>(runAs.prefix());
    command.add("true");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The JVM's effective uid (the owner of {@code /proc/self}), or -1 where there is no /proc. */
  static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }
}
