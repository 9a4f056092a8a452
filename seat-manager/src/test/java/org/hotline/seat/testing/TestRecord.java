package org.hotline.seat.testing;

import io.lettuce.core.RedisClient;
import org.hotline.cityrecord.CityRecord;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.hotline.seat.record.SeatEventRecorder;

/** The city's record for a seat-manager test: a migrated database of its own. */
public final class TestRecord {

  private TestRecord() {}

  public static Database freshDatabase(String prefix) {
    LocalPostgres pg = LocalPostgres.shared();
    String url =
        pg.createDatabase(
            prefix, "city_record", u -> CityRecord.migrate(u, pg.user(), pg.password()));
    return Database.connect(
        DatabaseSettings.of(url, pg.user(), pg.password(), "seat-test").withPoolSize(4));
  }

  /** A recorder on its own Redis connection (not started). */
  public static SeatEventRecorder recorder(
      Database db, RedisClient client, String centreId, java.time.Clock clock) {
    return new SeatEventRecorder(db, client.connect(), centreId, clock);
  }
}
