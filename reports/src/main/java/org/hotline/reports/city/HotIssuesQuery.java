package org.hotline.reports.city;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hotline.reports.city.CityReportsConfig.CategoryLevel;
import org.hotline.reports.city.CityReportsConfig.HotIssueRules;
import org.hotline.reports.city.CityReportsConfig.JumpRule;
import org.hotline.support.phone.PhoneMask;
import org.hotline.support.text.LocalizedName;

/**
 * Hot issues for a month or a week. Each list is one statement that aggregates in the database
 * (GROUP BY with FILTER, a window function for the top categories) over the partitions of the
 * periods it compares, and returns only the rows that qualify.
 */
final class HotIssuesQuery {

  private final CityReportsConfig config;
  private final Places places;
  private final Categories categories;

  HotIssuesQuery(CityReportsConfig config, Places places, Categories categories) {
    this.config = config;
    this.places = places;
    this.categories = categories;
  }

  private String category() {
    return config.hotIssues().categoryLevel() == CategoryLevel.GROUP
        ? "split_part(category, '.', 1)"
        : "category";
  }

  HotIssues month(Connection c, YearMonth month, Instant now) throws SQLException {
    HotIssueRules rules = config.hotIssues();
    Period p = Period.month(month, config.zone());
    List<Period> baseline = new ArrayList<>();
    for (int i = 1; i <= rules.monthlyJump().baselinePeriods(); i++) {
      baseline.add(Period.month(month.minusMonths(i), config.zone()));
    }
    return new HotIssues(
        month,
        config.zone().getId(),
        now,
        rules.categoryLevel().name().toLowerCase(Locale.ROOT),
        topCategories(c, month),
        rules.monthlyJump().describe(new LocalizedName("月", "month")),
        jumps(c, p, baseline, rules.monthlyJump()),
        rules.frequentCallerCases(),
        callers(c, p, rules.frequentCallerCases()),
        rules.frequentLocationCases(),
        locations(c, p, rules.frequentLocationCases()));
  }

  WeeklyHotList week(Connection c, LocalDate day, Instant now) throws SQLException {
    HotIssueRules rules = config.hotIssues();
    LocalDate monday = Period.monday(day);
    Period p = Period.week(monday, config.zone());
    List<Period> baseline = new ArrayList<>();
    for (int i = 1; i <= rules.weeklyJump().baselinePeriods(); i++) {
      baseline.add(Period.week(monday.minusWeeks(i), config.zone()));
    }
    return new WeeklyHotList(
        monday,
        monday.plusDays(6),
        config.zone().getId(),
        now,
        rules.weeklyJump().describe(new LocalizedName("周", "week")),
        jumps(c, p, baseline, rules.weeklyJump()),
        rules.weeklyFrequentCallerCases(),
        callers(c, p, rules.weeklyFrequentCallerCases()),
        rules.weeklyFrequentLocationCases(),
        locations(c, p, rules.weeklyFrequentLocationCases()));
  }

  private List<CategoryTrend> topCategories(Connection c, YearMonth month) throws SQLException {
    Period now = Period.month(month, config.zone());
    Period before = Period.month(month.minusMonths(1), config.zone());
    Period lastYear = Period.month(month.minusYears(1), config.zone());
    String sql =
        "WITH counts AS (SELECT district, "
            + category()
            + " AS category,"
            + " count(*) FILTER (WHERE created_at >= ? AND created_at < ?) AS now,"
            + " count(*) FILTER (WHERE created_at >= ? AND created_at < ?) AS before,"
            + " count(*) FILTER (WHERE created_at >= ? AND created_at < ?) AS last_year"
            + " FROM hotline.case_record"
            // the previous month and this one are adjacent: one range, two partitions
            + " WHERE ((created_at >= ? AND created_at < ?) OR (created_at >= ? AND created_at < ?))"
            + " AND district IS NOT NULL AND category IS NOT NULL"
            + " GROUP BY 1, 2)"
            + " SELECT * FROM (SELECT *, row_number() OVER"
            + " (PARTITION BY district ORDER BY now DESC, category) AS place"
            + " FROM counts WHERE now > 0) ranked"
            + " WHERE place <= ? ORDER BY district, place";
    List<CategoryTrend> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (Period p : List.of(now, before, lastYear)) {
        Sql.time(ps, i++, p.start());
        Sql.time(ps, i++, p.end());
      }
      Sql.time(ps, i++, before.start());
      Sql.time(ps, i++, now.end());
      Sql.time(ps, i++, lastYear.start());
      Sql.time(ps, i++, lastYear.end());
      ps.setInt(i, config.hotIssues().topCategories());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long count = rs.getLong("now");
          long previous = rs.getLong("before");
          long year = rs.getLong("last_year");
          String category = rs.getString("category");
          out.add(
              new CategoryTrend(
                  rs.getString("district"),
                  rs.getInt("place"),
                  category,
                  categories.name(category),
                  count,
                  previous,
                  year,
                  CategoryTrend.change(count, previous),
                  CategoryTrend.change(count, year)));
        }
      }
    }
    return out;
  }

  /** Baseline periods in which the record holds any case at all: one probe of each partition. */
  private static int periodsWithCases(Connection c, List<Period> periods) throws SQLException {
    int n = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM hotline.case_record"
                + " WHERE created_at >= ? AND created_at < ?)")) {
      for (Period p : periods) {
        Sql.time(ps, 1, p.start());
        Sql.time(ps, 2, p.end());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          n += rs.getBoolean(1) ? 1 : 0;
        }
      }
    }
    return n;
  }

  private List<VolumeJump> jumps(Connection c, Period p, List<Period> baseline, JumpRule rule)
      throws SQLException {
    int periods = periodsWithCases(c, baseline);
    Instant from = baseline.get(baseline.size() - 1).start();
    String sql =
        "SELECT district, street, "
            + category()
            + " AS category,"
            + " count(*) FILTER (WHERE created_at >= ?) AS now,"
            + " count(*) FILTER (WHERE created_at < ?) AS before,"
            + " count(*) FILTER (WHERE created_at >= ? AND status = ANY (?)) AS open"
            + " FROM hotline.case_record"
            + " WHERE created_at >= ? AND created_at < ?"
            + " AND district IS NOT NULL AND street IS NOT NULL AND category IS NOT NULL"
            + " GROUP BY 1, 2, 3"
            + " HAVING count(*) FILTER (WHERE created_at >= ?) >= ?";
    List<VolumeJump> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      Sql.time(ps, i++, p.start());
      Sql.time(ps, i++, p.start());
      Sql.time(ps, i++, p.start());
      ps.setArray(i++, Sql.texts(c, Sql.OPEN_STATUSES));
      Sql.time(ps, i++, from);
      Sql.time(ps, i++, p.end());
      Sql.time(ps, i++, p.start());
      ps.setLong(i, rule.minimumCount());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long count = rs.getLong("now");
          double lambda = rule.baseline(rs.getLong("before"), periods);
          double z = rule.z(count, lambda);
          if (periods == 0 || !rule.jumped(count, z)) {
            continue; // no baseline at all: nothing to call a jump against
          }
          String d = rs.getString("district");
          String s = rs.getString("street");
          String category = rs.getString("category");
          out.add(
              new VolumeJump(
                  d,
                  s,
                  places.streetName(d, s),
                  category,
                  categories.name(category),
                  count,
                  Sql.round(lambda, 4),
                  periods,
                  Sql.round(z, 4),
                  rs.getLong("open"),
                  List.of()));
        }
      }
    }
    out.sort(
        Comparator.comparingDouble(VolumeJump::z)
            .reversed()
            .thenComparing(j -> j.districtId() + "." + j.streetId() + "/" + j.category()));
    List<VolumeJump> listed = new ArrayList<>();
    for (VolumeJump j : out.subList(0, Math.min(out.size(), config.hotIssues().listTop()))) {
      listed.add(
          new VolumeJump(
              j.districtId(),
              j.streetId(),
              j.streetName(),
              j.category(),
              j.categoryName(),
              j.count(),
              j.baseline(),
              j.baselinePeriods(),
              j.z(),
              j.open(),
              examples(c, p, j)));
    }
    return listed;
  }

  /** The newest three cases of a listed jump: one short scan of case_record_district each. */
  private List<String> examples(Connection c, Period p, VolumeJump j) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT case_id FROM hotline.case_record WHERE district = ? AND street = ?"
                + " AND created_at >= ? AND created_at < ? AND "
                + category()
                + " = ? ORDER BY created_at DESC, case_id LIMIT 3")) {
      ps.setString(1, j.districtId());
      ps.setString(2, j.streetId());
      Sql.time(ps, 3, p.start());
      Sql.time(ps, 4, p.end());
      ps.setString(5, j.category());
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  /**
   * First the numbers with enough cases (a hashed GROUP BY that keeps a count per number), then
   * their cases' details: the arrays are built for the few dozen numbers listed, not for every
   * caller of the month.
   */
  private List<FrequentCaller> callers(Connection c, Period p, int minimum) throws SQLException {
    String sql =
        "WITH frequent AS (SELECT caller, count(*) AS cases, min(created_at) AS first"
            + " FROM hotline.case_record"
            + " WHERE created_at >= ? AND created_at < ? AND caller IS NOT NULL"
            + " GROUP BY caller HAVING count(*) >= ? ORDER BY cases DESC, first LIMIT ?),"
            + " theirs AS (SELECT r.caller, r.case_id, r.created_at, r.status, r.category,"
            + " r.district, r.street FROM hotline.case_record r JOIN frequent f USING (caller)"
            + " WHERE r.created_at >= ? AND r.created_at < ?)"
            + " SELECT f.caller, f.cases,"
            + " (SELECT count(*) FROM theirs t WHERE t.caller = f.caller"
            + " AND t.status = ANY (?)) AS open,"
            + " (SELECT array_agg(DISTINCT t.district || '.' || t.street) FROM theirs t"
            + " WHERE t.caller = f.caller AND t.street IS NOT NULL) AS streets,"
            + " (SELECT array_agg(t.case_id ORDER BY t.created_at DESC, t.case_id) FROM theirs t"
            + " WHERE t.caller = f.caller) AS examples,"
            + " (SELECT array_agg(category ORDER BY n DESC, category) FROM"
            + " (SELECT t.category, count(*) AS n FROM theirs t WHERE t.caller = f.caller"
            + " AND t.category IS NOT NULL GROUP BY t.category) per_category) AS categories"
            + " FROM frequent f ORDER BY f.cases DESC, f.first";
    List<FrequentCaller> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindFrequent(c, ps, p, minimum);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> examples = Sql.texts(rs, "examples");
          out.add(
              new FrequentCaller(
                  PhoneMask.mask(rs.getString("caller")),
                  rs.getLong("cases"),
                  rs.getLong("open"),
                  Sql.texts(rs, "categories"),
                  Sql.texts(rs, "streets"),
                  examples.subList(0, Math.min(3, examples.size()))));
        }
      }
    }
    return out;
  }

  /** The same two phases for locations: counts first, details for those listed. */
  private List<FrequentLocation> locations(Connection c, Period p, int minimum)
      throws SQLException {
    String sql =
        "WITH frequent AS (SELECT district, street, btrim(location) AS place, count(*) AS cases"
            + " FROM hotline.case_record"
            + " WHERE created_at >= ? AND created_at < ? AND btrim(location) <> ''"
            + " GROUP BY 1, 2, 3 HAVING count(*) >= ? ORDER BY cases DESC, place LIMIT ?),"
            + " theirs AS (SELECT f.district, f.street, f.place, r.case_id, r.created_at,"
            + " r.status, r.category FROM hotline.case_record r JOIN frequent f"
            + " ON btrim(r.location) = f.place AND r.district IS NOT DISTINCT FROM f.district"
            + " AND r.street IS NOT DISTINCT FROM f.street"
            + " WHERE r.created_at >= ? AND r.created_at < ?)"
            + " SELECT district, street, place, count(*) AS cases,"
            + " count(*) FILTER (WHERE status = ANY (?)) AS open,"
            + " array_agg(DISTINCT category) FILTER (WHERE category IS NOT NULL) AS categories,"
            + " (array_agg(case_id ORDER BY created_at DESC, case_id))[1:3] AS examples"
            + " FROM theirs GROUP BY 1, 2, 3 ORDER BY cases DESC, place";
    List<FrequentLocation> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindFrequent(c, ps, p, minimum);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new FrequentLocation(
                  Optional.ofNullable(rs.getString("district")),
                  Optional.ofNullable(rs.getString("street")),
                  rs.getString("place"),
                  rs.getLong("cases"),
                  rs.getLong("open"),
                  Sql.texts(rs, "categories"),
                  Sql.texts(rs, "examples")));
        }
      }
    }
    return out;
  }

  /**
   * The parameters both frequent lists take: the period, the minimum and the list's length, the
   * period again for the details, and the open statuses.
   */
  private void bindFrequent(Connection c, PreparedStatement ps, Period p, int minimum)
      throws SQLException {
    Sql.time(ps, 1, p.start());
    Sql.time(ps, 2, p.end());
    ps.setInt(3, minimum);
    ps.setInt(4, config.hotIssues().listTop());
    Sql.time(ps, 5, p.start());
    Sql.time(ps, 6, p.end());
    ps.setArray(7, Sql.texts(c, Sql.OPEN_STATUSES));
  }
}
