package org.hotline.gateway.testing;

import java.util.HashMap;
import java.util.Map;
import org.hotline.cityrecord.CityRecord;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;

/**
 * The city's record for a gateway test: a database of its own on the shared test PostgreSQL ({@code
 * DATABASE_URL} or an embedded server), migrated, so no test sees another's rows.
 */
public final class TestDatabases {

  private static final Map<String, String> BY_CENTRE = new HashMap<>();

  private TestDatabases() {}

  /** The database of a centre: every gateway of one centre in a test shares it. */
  public static synchronized String forCentre(String centre) {
    return BY_CENTRE.computeIfAbsent(centre, TestDatabases::fresh);
  }

  /** A fresh migrated database's JDBC URL (user and password are {@link LocalPostgres}'s). */
  public static String fresh(String prefix) {
    LocalPostgres pg = LocalPostgres.shared();
    return pg.createDatabase(
        prefix, "city_record", url -> CityRecord.migrate(url, pg.user(), pg.password()));
  }

  /** A small pool on {@code jdbcUrl}; the caller closes it. */
  public static Database connect(String jdbcUrl) {
    LocalPostgres pg = LocalPostgres.shared();
    return Database.connect(
        DatabaseSettings.of(jdbcUrl, pg.user(), pg.password(), "gateway-test").withPoolSize(4));
  }

  /** The environment a child gateway JVM needs to reach {@code jdbcUrl}. */
  public static Map<String, String> environment(String jdbcUrl) {
    LocalPostgres pg = LocalPostgres.shared();
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_JDBC_URL", jdbcUrl);
    if (pg.user() != null) {
      env.put("DATABASE_USER", pg.user());
    }
    if (pg.password() != null) {
      env.put("DATABASE_PASSWORD", pg.password());
    }
    return env;
  }
}
