package org.hotline.cityrecord;

import java.util.List;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;

/**
 * The city's record in PostgreSQL: one schema, {@value #SCHEMA}, for cases and their history, the
 * dispatch outbox, call detail records and agent time, so that a report may join any of them. Its
 * tables change only by the versioned scripts under {@value #MIGRATIONS}.
 */
public final class CityRecord {

  public static final String SCHEMA = "hotline";
  public static final String MIGRATIONS = "db/city-record";

  /** The tables partitioned by month. */
  public static final List<String> MONTHLY_TABLES =
      List.of(
          "case_record",
          "case_status_change",
          "call_detail",
          "call_offer",
          "agent_state_change",
          "audit_event");

  private CityRecord() {}

  /** Brings the schema up to date; blocking, at start-up, before anything reads or writes it. */
  public static void migrate(Database db) {
    db.migrate(SCHEMA, MIGRATIONS);
  }

  /** The same for the database at {@code jdbcUrl}, leaving no connection open. */
  public static void migrate(String jdbcUrl, String user, String password) {
    try (Database db = Database.connect(DatabaseSettings.of(jdbcUrl, user, password, "migrate"))) {
      migrate(db);
    }
  }
}
