package org.hotline.support.database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code DATABASE_URL} turned into what the JDBC driver takes: a JDBC URL without credentials,
 * and the user and password apart from it (so the URL can be logged and the secret cannot).
 *
 * <p>Accepted forms:
 *
 * <ul>
 *   <li>{@code postgresql://user:password@host:port/database?sslmode=require} (libpq's URI; also
 *       {@code postgres://}); user and password percent-encoded, several hosts as {@code
 *       h1:5432,h2:5432}, IPv6 as {@code [::1]}; other parameters are passed to the driver as they
 *       are.
 *   <li>{@code jdbc:postgresql://host:port/database?user=u&password=p&...}.
 * </ul>
 *
 * <p>When the URL carries no user or password, {@code DATABASE_USER} and {@code DATABASE_PASSWORD}
 * supply them. Messages never repeat the URL: it may hold a password.
 *
 * <p>Here rather than in pg-support because local-postgres reads {@code DATABASE_URL} too, and
 * pg-support's tests use local-postgres.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

  private static final Pattern LIBPQ =
      Pattern.compile(
          "^(?:postgresql|postgres)://(?:([^@/?]*)@)?([^/?]*)(?:/([^?]*))?(?:\\?(.*))?$");
  private static final Pattern JDBC =
      Pattern.compile("^jdbc:postgresql://([^/?]*)(?:/([^?]*))?(?:\\?(.*))?$");

  /** Parses {@code url}, taking user and password from {@code env} where the URL has none. */
  public static DatabaseUrl parse(String url, Map<String, String> env) {
    String trimmed = url.trim();
    Matcher libpq = LIBPQ.matcher(trimmed);
    Matcher jdbc = JDBC.matcher(trimmed);
    String hosts;
    String database;
    String query;
    String user = null;
    String password = null;
    if (libpq.matches()) {
      String userInfo = libpq.group(1);
      if (userInfo != null && !userInfo.isEmpty()) {
        int colon = userInfo.indexOf(':');
        user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
      }
      hosts = libpq.group(2).isEmpty() ? "localhost" : libpq.group(2);
      database = libpq.group(3);
      query = libpq.group(4);
    } else if (jdbc.matches()) {
      hosts = jdbc.group(1);
      database = jdbc.group(2);
      query = jdbc.group(3);
    } else {
      throw new IllegalArgumentException(
          "a database URL must start with postgresql://, postgres:// or jdbc:postgresql://");
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("the database URL names no host");
    }
    List<String> kept = new ArrayList<>();
    if (query != null && !query.isEmpty()) {
      for (String parameter : query.split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int eq = parameter.indexOf('=');
        String key = eq < 0 ? parameter : parameter.substring(0, eq);
        String value = eq < 0 ? "" : decode(parameter.substring(eq + 1));
        if (key.equals("user")) {
          user = user == null ? value : user;
        } else if (key.equals("password")) {
          password = password == null ? value : password;
        } else {
          kept.add(parameter);
        }
      }
    }
    if (user == null || user.isEmpty()) {
      user = blankToNull(env.get("DATABASE_USER"));
    }
    if (password == null) {
      password = blankToNull(env.get("DATABASE_PASSWORD"));
    }
    StringBuilder jdbcUrl = new StringBuilder("jdbc:postgresql://").append(hosts).append('/');
    if (database != null) {
      jdbcUrl.append(database);
    }
    if (!kept.isEmpty()) {
      jdbcUrl.append('?').append(String.join("&", kept));
    }
    return new DatabaseUrl(jdbcUrl.toString(), user, password);
  }

  /** The same server and parameters, another database. */
  public static String withDatabase(String jdbcUrl, String database) {
    Matcher jdbc = JDBC.matcher(jdbcUrl);
    if (!jdbc.matches()) {
      throw new IllegalArgumentException("not a jdbc:postgresql:// URL");
    }
    String query = jdbc.group(3);
    return "jdbc:postgresql://"
        + jdbc.group(1)
        + "/"
        + database
        + (query == null || query.isEmpty() ? "" : "?" + query);
  }

  /** Never the password. */
  @Override
  public String toString() {
    return jdbcUrl + " as " + user;
  }

  private static String decode(String s) {
    // percent-decoding as in a URI: a '+' is a plus sign, not a space
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
