package org.hotline.demo;

import org.hotline.cityrecord.CityRecord;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;

/**
 * The demo's city record: the database of {@code DATABASE_URL} when set (its rows stay there), else
 * a PostgreSQL started for the demo in a temporary directory and removed when it stops.
 */
final class DemoDatabase implements AutoCloseable {

  private final LocalPostgres server;
  private final String jdbcUrl;
  final Database db;

  private DemoDatabase(LocalPostgres server, String jdbcUrl, Database db) {
    this.server = server;
    this.jdbcUrl = jdbcUrl;
    this.db = db;
  }

  static DemoDatabase open() {
    LocalPostgres server = LocalPostgres.fromEnvironment();
    String jdbcUrl = server.owned() ? server.createDatabase("hotline") : server.jdbcUrl();
    Database db =
        Database.connect(DatabaseSettings.of(jdbcUrl, server.user(), server.password(), "demo"));
    CityRecord.migrate(db);
    return new DemoDatabase(server, jdbcUrl, db);
  }

  /** Where the rows are, and a psql command line a manager could paste. */
  String describe() {
    if (!server.owned()) {
      return "PostgreSQL: " + server + " (DATABASE_URL); rows stay there after the demo";
    }
    String name = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    return "PostgreSQL: started for the demo on port "
        + server.port()
        + " (removed when it stops); query it with\n    PGPASSWORD="
        + server.password()
        + " psql -h 127.0.0.1 -p "
        + server.port()
        + " -U "
        + server.user()
        + " "
        + name;
  }

  @Override
  public void close() {
    db.close();
    server.close();
  }
}
