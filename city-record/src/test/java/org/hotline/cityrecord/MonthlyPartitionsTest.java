package org.hotline.cityrecord;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.junit.jupiter.api.Test;

class MonthlyPartitionsTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /**
   * Two instances starting in the same moment both create next month's partitions: one creates
   * each, the other finds it, and neither fails (it did with "relation already exists": the second
   * transaction waited for the first one's lock but looked the table up in a stale catalog cache).
   */
  @Test
  void instancesCreatingTheSameMonthsTogetherAllSucceedAndEachPartitionIsMadeOnce() {
    LocalPostgres pg = LocalPostgres.shared();
    String url = pg.createDatabase("partitions");
    CityRecord.migrate(url, pg.user(), pg.password());
    List<Database> pools = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        pools.add(
            Database.connect(
                DatabaseSettings.of(url, pg.user(), pg.password(), "parts-" + i).withPoolSize(4)));
      }
      for (int round = 0; round < 10; round++) {
        YearMonth month = YearMonth.of(2031, 1).plusMonths(round);
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          runs.add(
              new MonthlyPartitions(pools.get(i % 2), ZONE)
                  .create(month, month)
                  .toCompletableFuture());
        }
        int created = 0;
        for (CompletableFuture<Integer> r : runs) {
          created += r.join();
        }
        assertEquals(CityRecord.MONTHLY_TABLES.size(), created, "each partition once: " + month);
      }
    } finally {
      pools.forEach(Database::close);
    }
  }
}
