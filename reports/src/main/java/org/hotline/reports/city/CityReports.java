package org.hotline.reports.city;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.SqlWork;

/**
 * The city's monthly reports, read from the record. Each method runs on one of the {@link
 * Database}'s threads in one read-only snapshot and returns at once; the stage fails as {@link
 * Database} says (unavailable, or the SQL error). Nothing here writes.
 *
 * <p>Months and weeks are the centre's calendar ({@link CityReportsConfig#zone()}); a month's
 * figures are over the cases created in it, as they stand when the method runs.
 */
public final class CityReports {

  private final Database db;
  private final Clock clock;
  private final AreaRatesQuery rates;
  private final UnitQuery units;
  private final ClassificationQuery classification;
  private final ReviewQuery review;
  private final HotIssuesQuery hotIssues;
  private final LivelihoodQuery livelihood;

  public CityReports(
      Database db, CityReportsConfig config, Places places, Categories categories, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rates = new AreaRatesQuery(config, places);
    this.units = new UnitQuery(config);
    this.classification = new ClassificationQuery(config, places);
    this.review = new ReviewQuery(config, places, categories);
    this.hotIssues = new HotIssuesQuery(config, places, categories);
    this.livelihood = new LivelihoodQuery(config, places);
  }

  /** Per district and street: cases, the three rates, overdue, the ranking. */
  public CompletionStage<MonthlyRates> monthlyRates(YearMonth month) {
    return read(now -> c -> rates.report(c, month, now));
  }

  /** Per unit: times to response and resolution, the share solved within 3 days, praise. */
  public CompletionStage<UnitReport> units(YearMonth month) {
    return read(now -> c -> units.report(c, month, now));
  }

  /** Every street's class (先进类, 进步类, 整改类, 管理类) and the focus list. */
  public CompletionStage<StreetClassification> classification(YearMonth month) {
    return read(now -> c -> classification.report(c, month, now));
  }

  /**
   * The printable review of one district. Fails with {@link java.util.NoSuchElementException} for a
   * district neither the gazetteer nor the month's record knows.
   */
  public CompletionStage<DistrictReview> districtReview(YearMonth month, String districtId) {
    return read(now -> c -> review.report(c, month, districtId, now));
  }

  /** 未诉先办 for a month: top categories, jumps, frequent callers and locations. */
  public CompletionStage<HotIssues> hotIssues(YearMonth month) {
    return read(now -> c -> hotIssues.month(c, month, now));
  }

  /** The list of the week (Monday to Sunday) that holds {@code day}. */
  public CompletionStage<WeeklyHotList> weeklyHotList(LocalDate day) {
    return read(now -> c -> hotIssues.week(c, day, now));
  }

  /** 七有五性 per district. */
  public CompletionStage<LivelihoodIndex> livelihood(YearMonth month) {
    return read(now -> c -> livelihood.report(c, month, now));
  }

  private interface Work<T> {
    SqlWork<T> at(Instant now);
  }

  private <T> CompletionStage<T> read(Work<T> work) {
    Instant now = clock.instant();
    SqlWork<T> sql = work.at(now);
    return db.transaction(
        c -> {
          Sql.readOnlySnapshot(c);
          return sql.apply(c);
        });
  }
}
