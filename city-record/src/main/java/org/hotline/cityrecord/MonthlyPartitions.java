package org.hotline.cityrecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.pg.support.Database;

/**
 * Creates each month's partitions of the {@link CityRecord#MONTHLY_TABLES} ahead of time: the month
 * before now, this one and the next {@value #AHEAD} (months in the centre's zone). Rows outside
 * them still land in each table's default partition, and move to their month's partition when it is
 * created, so a late partition costs a little time and never a row.
 */
public final class MonthlyPartitions {

  static final int AHEAD = 2;
  private static final String DUPLICATE_TABLE = "42P07";
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMM");

  private final Database db;
  private final ZoneId zone;
  private final AtomicReference<YearMonth> done = new AtomicReference<>();

  public MonthlyPartitions(Database db, ZoneId zone) {
    this.db = db;
    this.zone = zone;
  }

  /**
   * Makes sure the months around {@code now} have their partitions; after the first success of a
   * month this costs nothing until the month changes. Safe from several instances at once.
   */
  public CompletionStage<Void> ensure(Instant now) {
    YearMonth month = YearMonth.from(now.atZone(zone));
    if (month.equals(done.get())) {
      return CompletableFuture.completedFuture(null);
    }
    return create(month.minusMonths(1), month.plusMonths(AHEAD)).thenRun(() -> done.set(month));
  }

  /** Creates the partitions of every month from {@code first} to {@code last}, both included. */
  public CompletionStage<Integer> create(YearMonth first, YearMonth last) {
    int partitions =
        (int) (first.until(last, ChronoUnit.MONTHS) + 1) * CityRecord.MONTHLY_TABLES.size();
    return create(first, last, partitions);
  }

  /**
   * ensure_partition waits for another instance's creation (an advisory lock) and then looks the
   * partition up in a catalog cache that such a lock does not refresh: the partition made meanwhile
   * is not seen, and CREATE TABLE fails with 42P07. A new transaction sees it; each such failure
   * means one more partition exists, so {@code retries} = the number of partitions always ends.
   */
  private CompletionStage<Integer> create(YearMonth first, YearMonth last, int retries) {
    return db.transaction(c -> createAll(c, first, last))
        .toCompletableFuture()
        .exceptionallyCompose(
            failure ->
                retries > 0 && createdMeanwhile(failure)
                    ? create(first, last, retries - 1)
                    : CompletableFuture.failedFuture(failure));
  }

  private int createAll(Connection c, YearMonth first, YearMonth last) throws SQLException {
    int created = 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT hotline.ensure_partition(?, ?, ?, ?)")) {
      for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
        for (String table : CityRecord.MONTHLY_TABLES) {
          ps.setString(1, table);
          ps.setString(2, m.format(SUFFIX));
          ps.setObject(3, start(m));
          ps.setObject(4, start(m.plusMonths(1)));
          try (var rs = ps.executeQuery()) {
            rs.next();
            created += rs.getBoolean(1) ? 1 : 0;
          }
        }
      }
    }
    return created;
  }

  private static boolean createdMeanwhile(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException e && DUPLICATE_TABLE.equals(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private OffsetDateTime start(YearMonth m) {
    return m.atDay(1).atStartOfDay(zone).toInstant().atOffset(ZoneOffset.UTC);
  }
}
