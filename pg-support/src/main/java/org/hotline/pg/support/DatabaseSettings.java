package org.hotline.pg.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.hotline.support.database.DatabaseUrl;

/**
 * How to reach PostgreSQL, and how much of it one process may take.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database[?parameters]}, without credentials
 * @param user the user to connect as
 * @param password that user's password; never logged, never in {@link #toString()}
 * @param poolSize connections in the pool, and threads that run JDBC work (the same number)
 * @param connectionTimeout how long work may wait for a database thread and a connection before it
 *     fails with {@link DatabaseUnavailableException}
 * @param applicationName shown in {@code pg_stat_activity}, and names the pool and its threads
 * @param maxWaiting work queued beyond what the threads run; more fails at once with {@link
 *     DatabaseUnavailableException}
 */
public record DatabaseSettings(
    String jdbcUrl,
    String user,
    String password,
    int poolSize,
    Duration connectionTimeout,
    String applicationName,
    int maxWaiting) {

  /** {@code postgresql://user:password@host:port/db}, {@code postgres://…} or a JDBC URL. */
  public static final String DATABASE_URL = "DATABASE_URL";

  /** {@code jdbc:postgresql://host:port/db}, with DATABASE_USER and DATABASE_PASSWORD. */
  public static final String DATABASE_JDBC_URL = "DATABASE_JDBC_URL";

  public static final String DATABASE_USER = "DATABASE_USER";
  public static final String DATABASE_PASSWORD = "DATABASE_PASSWORD";

  /** A file that holds the password (a mounted secret); a trailing line break is not part of it. */
  public static final String DATABASE_PASSWORD_FILE = "DATABASE_PASSWORD_FILE";

  /** Optional: the pool size (default 10). */
  public static final String DATABASE_POOL_SIZE = "DATABASE_POOL_SIZE";

  /** Optional: the connection time-out in milliseconds (default 5000, at least 250). */
  public static final String DATABASE_CONNECTION_TIMEOUT_MS = "DATABASE_CONNECTION_TIMEOUT_MS";

  /** Optional: how much work may wait for a thread (default 1000). */
  public static final String DATABASE_MAX_WAITING = "DATABASE_MAX_WAITING";

  static final int DEFAULT_POOL_SIZE = 10;
  static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
  static final int DEFAULT_MAX_WAITING = 1000;

  public DatabaseSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1, not " + poolSize);
    }
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectionTimeout must be at least 250 ms");
    }
    if (applicationName == null || applicationName.isBlank()) {
      throw new IllegalArgumentException("applicationName is required");
    }
    if (maxWaiting < 0) {
      throw new IllegalArgumentException("maxWaiting must not be negative");
    }
  }

  /** These, with the default pool size (10), connection time-out (5 s) and queue (1000). */
  public static DatabaseSettings of(
      String jdbcUrl, String user, String password, String applicationName) {
    return new DatabaseSettings(
        jdbcUrl,
        user,
        password,
        DEFAULT_POOL_SIZE,
        DEFAULT_CONNECTION_TIMEOUT,
        applicationName,
        DEFAULT_MAX_WAITING);
  }

  /**
   * From the environment: {@code DATABASE_URL} (any form {@link #DATABASE_URL} names), or {@code
   * DATABASE_JDBC_URL}; {@code DATABASE_USER} and {@code DATABASE_PASSWORD} (or {@code
   * DATABASE_PASSWORD_FILE}) where the URL carries no credentials; optionally {@code
   * DATABASE_POOL_SIZE}, {@code DATABASE_CONNECTION_TIMEOUT_MS}, {@code DATABASE_MAX_WAITING}.
   * Secrets come only from there: no configuration file holds them.
   *
   * @throws IllegalStateException when neither URL is set, or both are, or both password sources
   */
  public static DatabaseSettings fromEnvironment(String applicationName) {
    return fromEnvironment(applicationName, System.getenv());
  }

  /** The same from {@code env} (a test's, or a tool's that was handed one). */
  public static DatabaseSettings fromEnvironment(String applicationName, Map<String, String> env) {
    String url = blankToNull(env.get(DATABASE_URL));
    String jdbcUrl = blankToNull(env.get(DATABASE_JDBC_URL));
    if (url != null && jdbcUrl != null) {
      throw new IllegalStateException(
          "set " + DATABASE_URL + " or " + DATABASE_JDBC_URL + ", not both");
    }
    if (url == null && jdbcUrl == null) {
      throw new IllegalStateException(
          "no database: set "
              + DATABASE_URL
              + " (or "
              + DATABASE_JDBC_URL
              + " with "
              + DATABASE_USER
              + " and "
              + DATABASE_PASSWORD
              + ")");
    }
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(DATABASE_JDBC_URL + " must start with jdbc:postgresql://");
    }
    String passwordFile = blankToNull(env.get(DATABASE_PASSWORD_FILE));
    if (passwordFile != null && blankToNull(env.get(DATABASE_PASSWORD)) != null) {
      throw new IllegalStateException(
          "set " + DATABASE_PASSWORD + " or " + DATABASE_PASSWORD_FILE + ", not both");
    }
    DatabaseUrl parsed = DatabaseUrl.parse(url != null ? url : jdbcUrl, env);
    String password = parsed.password();
    if (password == null && passwordFile != null) {
      password = readPassword(Path.of(passwordFile));
    }
    return new DatabaseSettings(
        parsed.jdbcUrl(),
        parsed.user(),
        password,
        intFrom(env, DATABASE_POOL_SIZE, DEFAULT_POOL_SIZE),
        Duration.ofMillis(
            intFrom(
                env, DATABASE_CONNECTION_TIMEOUT_MS, (int) DEFAULT_CONNECTION_TIMEOUT.toMillis())),
        applicationName,
        intFrom(env, DATABASE_MAX_WAITING, DEFAULT_MAX_WAITING));
  }

  public DatabaseSettings withPoolSize(int size) {
    return new DatabaseSettings(
        jdbcUrl, user, password, size, connectionTimeout, applicationName, maxWaiting);
  }

  public DatabaseSettings withConnectionTimeout(Duration timeout) {
    return new DatabaseSettings(
        jdbcUrl, user, password, poolSize, timeout, applicationName, maxWaiting);
  }

  public DatabaseSettings withMaxWaiting(int waiting) {
    return new DatabaseSettings(
        jdbcUrl, user, password, poolSize, connectionTimeout, applicationName, waiting);
  }

  /** Everything but the password. */
  @Override
  public String toString() {
    return "DatabaseSettings[jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + ", poolSize="
        + poolSize
        + ", connectionTimeout="
        + connectionTimeout
        + ", applicationName="
        + applicationName
        + ", maxWaiting="
        + maxWaiting
        + "]";
  }

  private static String readPassword(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.length();
      while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
        end--;
      }
      return text.substring(0, end);
    } catch (IOException e) {
      // the path is no secret; the file's content is
      throw new UncheckedIOException(
          "cannot read " + DATABASE_PASSWORD_FILE + " " + file + ": " + e.getMessage(), e);
    }
  }

  private static int intFrom(Map<String, String> env, String name, int fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not " + value, e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
