package org.hotline.reports.city;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalInt;
import org.hotline.cityrecord.CityRecord;
import org.hotline.cityrecord.MonthlyPartitions;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.hotline.support.text.LocalizedName;

/**
 * The fixed record the city's reports are checked against: a small city of three districts and
 * eight streets, October 2026 in full, and what the rules compare it with (September for the trend,
 * July to September for the jumps, October 2025 for the year). Every figure the tests expect is
 * worked out by hand in {@link CityReportsTest} from the comments here.
 *
 * <pre>
 * October 2026 (Asia/Shanghai), all general urgency (deadline = dispatch + 7 d), dispatch (S) five
 * minutes after the call; "now" is 2026-11-03 12:00 local, past every October deadline.
 *
 * street   unit    dispatched responded visited said-resolved satisfied overdue  received
 * east.a   unit-a  10         10        8       8             7         1        12 (+2 direct)
 * east.b   unit-b  10          9        5       4             5         4        10
 * east.c   unit-c  10          9        5       5             4         5        10
 * west.d   unit-d   4          4        0       0             0         4         4
 * west.e   unit-e  10          9        4       2             4         7        10
 * west.g   unit-g  10          9       10       9             9         1        11 (+1 direct)
 * west.h   unit-h  10          9        5       5             4         5        11 (+1 direct)
 * north.f  -        0          0        0       0             0         0         2 (direct)
 * east, no street: 1 direct answer; no district: 1 incomplete draft.
 * </pre>
 */
final class OctoberRecord {

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final YearMonth OCTOBER = YearMonth.of(2026, 10);
  static final Instant NOW = Instant.parse("2026-11-03T04:00:00Z");
  static final String FREQUENT_CALLER = "13912345678";

  /** Oct 5 (a Monday) 10:00 local, and the days after. */
  static final Instant OCT_5 = Instant.parse("2026-10-05T02:00:00Z");

  static final Instant OCT_6 = Instant.parse("2026-10-06T02:00:00Z");
  static final Instant OCT_7 = Instant.parse("2026-10-07T02:00:00Z");
  static final Instant OCT_20 = Instant.parse("2026-10-20T02:00:00Z");

  private OctoberRecord() {}

  /**
   * east: a (250,000 residents), b (90,000), c (none given); west: d (exactly 200,000), e, g, h;
   * north: f (300,000, only two direct answers).
   */
  static Places places() {
    return new Places(
        List.of(
            new Places.District(
                "east",
                new LocalizedName("东区", "East"),
                List.of(
                    street("east", "a", 250_000),
                    street("east", "b", 90_000),
                    new Places.Street(
                        "east", "c", new LocalizedName("丙街道", "C"), OptionalInt.empty()))),
            new Places.District(
                "west",
                new LocalizedName("西区", "West"),
                List.of(
                    street("west", "d", 200_000),
                    street("west", "e", 50_000),
                    street("west", "g", 60_000),
                    street("west", "h", 70_000))),
            new Places.District(
                "north",
                new LocalizedName("北区", "North"),
                List.of(street("north", "f", 300_000)))));
  }

  private static Places.Street street(String district, String id, int population) {
    return new Places.Street(
        district, id, new LocalizedName(id + "街道", id.toUpperCase()), OptionalInt.of(population));
  }

  /** A new migrated database holding the record; its JDBC URL. */
  static String load() throws SQLException {
    LocalPostgres pg = LocalPostgres.shared();
    String url =
        pg.createDatabase(
            "city_reports", "city_record", u -> CityRecord.migrate(u, pg.user(), pg.password()));
    try (Database db =
        Database.connect(DatabaseSettings.of(url, pg.user(), pg.password(), "city-reports-load"))) {
      // the months of the data have their partitions, as the bridge's tick makes them
      new MonthlyPartitions(db, ZONE)
          .create(YearMonth.of(2025, 10), YearMonth.of(2026, 12))
          .toCompletableFuture()
          .join();
    }
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
      rows().insert(c);
    }
    return url;
  }

  static CaseRows rows() {
    CaseRows r = new CaseRows();
    october(r);
    baselines(r);
    return r;
  }

  private static void october(CaseRows r) {
    // east.a, Oct 5, property.fees. a-i accepted after i hours.
    // a-1..a-6 resolved after 48 h, a-7 after 72 h, a-8 after 96 h, each visited: all said
    // resolved, a-1..a-7 satisfied, a-8 unsatisfied (reopened). a-9 resolved after 24 h, not
    // visited yet. a-10 accepted, never resolved: the one overdue.
    r.addMany(
        "a", 10, OCT_5, row -> row.in("east", "a").category("property.fees").dispatched("unit-a"));
    for (int i = 1; i <= 10; i++) {
      CaseRows.Row a = find(r, "a-" + i);
      a.acceptedAfter(ofHours(i));
      if (i <= 6) {
        a.resolvedAfter(ofHours(48)).visited(true, "satisfied");
      } else if (i == 7) {
        a.resolvedAfter(ofHours(72)).visited(true, "satisfied");
      } else if (i == 8) {
        a.resolvedAfter(ofHours(96)).visited(true, "unsatisfied");
      } else if (i == 9) {
        a.resolvedAfter(ofHours(24));
      }
    }
    // a-11: praise answered on the call (no unit); a-12: a policy enquiry answered on the call
    r.add("a-11", OCT_5.plusSeconds(3600))
        .in("east", "a")
        .category("general.praise")
        .directAnswer()
        .requestType("praise");
    r.add("a-12", OCT_5.plusSeconds(3660))
        .in("east", "a")
        .category("general.policy_inquiry")
        .directAnswer();

    // east.b, Oct 6, noise.construction (new in b: nothing before). b-1..b-5 accepted after 2 h,
    // resolved after 48 h, visited: b-1..b-4 said resolved, b-5 not (reopened); b-1, b-2
    // satisfied, b-3..b-5 basically satisfied. b-6 is praise passed to the unit, which reported it
    // resolved after 30 h without accepting it first. b-7..b-9 accepted after 3 h, open. b-10
    // accepted after 8 days, past its deadline, open.
    r.addMany(
        "b",
        10,
        OCT_6,
        row -> row.in("east", "b").category("noise.construction").dispatched("unit-b"));
    for (int i = 1; i <= 5; i++) {
      find(r, "b-" + i)
          .acceptedAfter(ofHours(2))
          .resolvedAfter(ofHours(48))
          .visited(i <= 4, i <= 2 ? "satisfied" : "basically_satisfied");
    }
    find(r, "b-6").category("general.praise").requestType("praise").resolvedAfter(ofHours(30));
    for (int i = 7; i <= 9; i++) {
      find(r, "b-" + i).acceptedAfter(ofHours(3));
    }
    find(r, "b-10").acceptedAfter(ofDays(8));

    // east.c, Oct 7, parking.illegal. c-1..c-5 accepted after 1 h, resolved after 24 h, visited,
    // all said resolved, c-1..c-4 satisfied, c-5 unsatisfied (reopened). c-6..c-9 accepted, open.
    // c-10 never accepted.
    r.addMany(
        "c",
        10,
        OCT_7,
        row -> row.in("east", "c").category("parking.illegal").dispatched("unit-c"));
    for (int i = 1; i <= 9; i++) {
      find(r, "c-" + i).acceptedAfter(ofHours(1));
    }
    for (int i = 1; i <= 5; i++) {
      find(r, "c-" + i)
          .resolvedAfter(ofHours(24))
          .visited(true, i <= 4 ? "satisfied" : "unsatisfied");
    }

    // the frequent caller: a-1, a-10, b-1, b-7, c-1, c-6 (three of them open)
    for (String id : List.of("a-1", "a-10", "b-1", "b-7", "c-1", "c-6")) {
      find(r, id).caller(FREQUENT_CALLER);
    }

    // east with no street yet, and a draft whose form never came (no jurisdiction)
    r.add("east-1", Instant.parse("2026-10-08T02:00:00Z"))
        .in("east", null)
        .category("general.policy_inquiry")
        .directAnswer();
    r.add("draft-1", Instant.parse("2026-10-09T02:00:00Z"));

    // west.d, Oct 20, sanitation.rubbish: 4 cases accepted after 1 h, open; one caller
    r.addMany(
        "d",
        4,
        OCT_20,
        row ->
            row.in("west", "d")
                .category("sanitation.rubbish")
                .dispatched("unit-d")
                .acceptedAfter(ofHours(1))
                .caller("13800000004")
                .location("和平里"));

    // west.e, Oct 20, heating.not_warm. e-1..e-4 accepted after 1 h and visited: e-1..e-3
    // resolved after 24 h, e-4 after 8 days (late: overdue though resolved); e-1, e-2 said
    // resolved, e-3, e-4 not (reopened); all basically satisfied. e-5..e-9 accepted, open. e-10
    // never accepted. e-1..e-6 at the same block (e-3 written with spaces around).
    r.addMany(
        "e",
        10,
        OCT_20,
        row -> row.in("west", "e").category("heating.not_warm").dispatched("unit-e"));
    for (int i = 1; i <= 9; i++) {
      find(r, "e-" + i).acceptedAfter(ofHours(1));
    }
    for (int i = 1; i <= 4; i++) {
      find(r, "e-" + i)
          .resolvedAfter(i <= 3 ? ofHours(24) : ofDays(8))
          .visited(i <= 2, "basically_satisfied");
    }
    for (int i = 1; i <= 6; i++) {
      find(r, "e-" + i).location(i == 3 ? "  望京西园三区5号楼 " : "望京西园三区5号楼");
    }

    // west.g, Oct 20, utilities.water_outage. g-1..g-9 accepted after 1 h, resolved after 24 h,
    // visited, said resolved, satisfied. g-10 accepted and resolved after 8 days (late), visited:
    // not resolved, unsatisfied. And one direct answer.
    r.addMany(
        "g",
        10,
        OCT_20,
        row -> row.in("west", "g").category("utilities.water_outage").dispatched("unit-g"));
    for (int i = 1; i <= 9; i++) {
      find(r, "g-" + i)
          .acceptedAfter(ofHours(1))
          .resolvedAfter(ofHours(24))
          .visited(true, "satisfied");
    }
    find(r, "g-10")
        .acceptedAfter(ofDays(8))
        .resolvedAfter(ofDays(8).plusHours(1))
        .visited(false, "unsatisfied");
    r.add("g-11", OCT_20.plusSeconds(7200))
        .in("west", "g")
        .category("general.policy_inquiry")
        .directAnswer();

    // west.h: street c's figures again (a tie in everything), lift.out_of_service; one direct
    r.addMany(
        "h",
        10,
        OCT_20,
        row -> row.in("west", "h").category("lift.out_of_service").dispatched("unit-h"));
    for (int i = 1; i <= 9; i++) {
      find(r, "h-" + i).acceptedAfter(ofHours(1));
    }
    for (int i = 1; i <= 5; i++) {
      find(r, "h-" + i)
          .resolvedAfter(ofHours(24))
          .visited(true, i <= 4 ? "satisfied" : "unsatisfied");
    }
    r.add("h-11", OCT_20.plusSeconds(7200))
        .in("west", "h")
        .category("general.policy_inquiry")
        .directAnswer();

    // north.f: two school-place enquiries answered on the call (childcare and education)
    r.addMany(
        "f",
        2,
        Instant.parse("2026-10-21T02:00:00Z"),
        row -> row.in("north", "f").category("education.enrolment").directAnswer());
  }

  /** What October is compared with. */
  private static void baselines(CaseRows r) {
    Instant jul = Instant.parse("2026-07-10T02:00:00Z");
    Instant aug = Instant.parse("2026-08-10T02:00:00Z");
    Instant sep = Instant.parse("2026-09-10T02:00:00Z");
    // a property.fees: 4, 4, 4 (λ = 4); c parking.illegal: 4, 4, 5 (λ = 13/3);
    // e heating, h lift: 10 each month; g water: 10 in July and August as direct answers
    for (Instant month : List.of(jul, aug, sep)) {
      String m = month.toString().substring(0, 7);
      r.addMany(
          m + "-a", 4, month, x -> x.in("east", "a").category("property.fees").directAnswer());
      r.addMany(
          m + "-c",
          month == sep ? 5 : 4,
          month,
          x -> x.in("east", "c").category("parking.illegal").directAnswer());
      r.addMany(
          m + "-e", 10, month, x -> x.in("west", "e").category("heating.not_warm").directAnswer());
      r.addMany(
          m + "-h",
          10,
          month,
          x -> x.in("west", "h").category("lift.out_of_service").directAnswer());
      if (month != sep) {
        r.addMany(
            m + "-g",
            10,
            month,
            x -> x.in("west", "g").category("utilities.water_outage").directAnswer());
      }
    }
    // September's rates (no return visit yet anywhere):
    // b: 5 dispatched (noise.neighbour), 4 accepted after 1 h, 1 never: response 4/5 = 0.8
    r.addMany(
        "sep-b", 5, sep, x -> x.in("east", "b").category("noise.neighbour").dispatched("unit-b"));
    for (int i = 1; i <= 4; i++) {
      find(r, "sep-b-" + i).acceptedAfter(ofHours(1));
    }
    // g: 10 dispatched (water), all accepted after 1 h and resolved after 24 h: response 10/10
    r.addMany(
        "sep-g",
        10,
        sep,
        x ->
            x.in("west", "g")
                .category("utilities.water_outage")
                .dispatched("unit-g")
                .acceptedAfter(ofHours(1))
                .resolvedAfter(ofHours(24)));
    // f: one school-place enquiry
    r.add("sep-f-1", sep).in("north", "f").category("education.enrolment").directAnswer();

    // an open heating case in east.a from August (the oldest open problem of east)
    r.add("aug-open", aug.plusSeconds(3600))
        .in("east", "a")
        .category("heating.not_warm")
        .dispatched("unit-a");
    // an open case from March, before the review's six months: not listed
    r.add("mar-open", Instant.parse("2026-03-10T02:00:00Z"))
        .in("east", "a")
        .category("rental.deposit")
        .dispatched("unit-a");
    // October 2025: 8 parking cases in east.c
    r.addMany(
        "2025-10-c",
        8,
        Instant.parse("2025-10-15T02:00:00Z"),
        x -> x.in("east", "c").category("parking.illegal").directAnswer());
  }

  private static CaseRows.Row find(CaseRows r, String id) {
    return r.row(id);
  }
}
