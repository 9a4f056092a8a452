package org.hotline.reports.city;

import static org.hotline.reports.city.OctoberRecord.NOW;
import static org.hotline.reports.city.OctoberRecord.OCTOBER;
import static org.hotline.reports.city.OctoberRecord.OCT_5;
import static org.hotline.reports.city.OctoberRecord.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.hotline.reports.city.CityReportsConfig.HotIssueRules;
import org.hotline.reports.city.CityReportsConfig.JumpRule;
import org.hotline.reports.city.CityReportsConfig.NoDataRule;
import org.hotline.reports.city.CityReportsConfig.RankingRules;
import org.hotline.reports.city.CityReportsConfig.RateRules;
import org.hotline.reports.city.CityReportsConfig.RespondedBy;
import org.hotline.reports.format.ReportJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The city's reports over {@link OctoberRecord}, every figure worked out by hand from the table
 * there. Rates are checked as numerator / denominator; composites and times to 1e-6.
 */
class CityReportsTest {

  private static final double EXACT = 1e-6;

  private static Database db;
  private static CityReportsConfig config;
  private static CityReports reports;

  @BeforeAll
  static void load() throws Exception {
    String url = OctoberRecord.load();
    LocalPostgres pg = LocalPostgres.shared();
    db =
        Database.connect(
            DatabaseSettings.of(url, pg.user(), pg.password(), "city-reports-test")
                .withPoolSize(2));
    HotIssueRules shipped = ConfigFiles.shipped().hotIssues();
    config =
        ConfigFiles.shipped()
            // the focus list's "most cases" part, small enough for eight streets
            .withFocus(new CityReportsConfig.FocusRules(2, 200_000))
            // the shipped rule with a minimum count of 5, so that a small record can jump
            .withHotIssues(
                new HotIssueRules(
                    3,
                    shipped.categoryLevel(),
                    new JumpRule(3, 5, 3.0, 1.0),
                    shipped.weeklyJump(),
                    shipped.frequentCallerCases(),
                    shipped.weeklyFrequentCallerCases(),
                    shipped.frequentLocationCases(),
                    shipped.weeklyFrequentLocationCases(),
                    shipped.listTop()));
    reports = reports(config);
  }

  private static CityReports reports(CityReportsConfig c) {
    return new CityReports(
        db, c, OctoberRecord.places(), ConfigFiles.categories(), Clock.fixed(NOW, ZONE));
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static <T> T join(CompletionStage<T> s) {
    return s.toCompletableFuture().join();
  }

  private static void rate(long numerator, long denominator, Rate actual, String what) {
    assertEquals(new Rate(numerator, denominator), actual, what);
  }

  private static void approx(double expected, Optional<Double> actual, String what) {
    assertTrue(actual.isPresent(), what + " has a value");
    assertEquals(expected, actual.get(), EXACT, what);
  }

  // ---- the three rates, overdue, ranking ----

  @Test
  void theCityAndEachDistrictHaveTheirCasesRatesAndOverdueFromTheMonthsCases() {
    MonthlyRates m = join(reports.monthlyRates(OCTOBER));
    assertEquals(OCTOBER, m.month());

    // city: 33 (east) + 36 (west) + 2 (north) + 1 draft = 72 received; 30 + 34 = 64 dispatched;
    // responded 28 + 31 = 59; visited 18 + 19 = 37, said resolved 17 + 16 = 33, satisfied 16 + 17
    // = 33; overdue 10 + 17 = 27
    AreaRates city = m.city();
    assertEquals(72, city.received());
    assertEquals(64, city.dispatched());
    assertEquals(27, city.overdue());
    rate(59, 64, city.rates().response(), "city response");
    rate(33, 37, city.rates().resolution(), "city resolution");
    rate(33, 37, city.rates().satisfaction(), "city satisfaction");

    // east: a 12 + b 10 + c 10 + 1 with no street = 33 received, 30 dispatched;
    // responded a 10 + b 9 + c 9 = 28; visited 8 + 5 + 5 = 18; said resolved 8 + 4 + 5 = 17;
    // satisfied 7 + 5 + 4 = 16; overdue a 1 + b 4 + c 5 = 10
    AreaRates east = m.district("east").orElseThrow();
    assertEquals(33, east.received());
    assertEquals(30, east.dispatched());
    assertEquals(10, east.overdue());
    rate(28, 30, east.rates().response(), "east response");
    rate(17, 18, east.rates().resolution(), "east resolution");
    rate(16, 18, east.rates().satisfaction(), "east satisfaction");
    // (28/30 + 17/18 + 16/18) / 3 = (0.933333 + 0.944444 + 0.888889) / 3 = 0.922222
    approx((28.0 / 30 + 17.0 / 18 + 16.0 / 18) / 3, east.composite(), "east composite");

    // west: d 4 + e 10 + g 11 + h 11 = 36 received, 34 dispatched; responded 4 + 9 + 9 + 9 = 31;
    // visited 0 + 4 + 10 + 5 = 19; said resolved 0 + 2 + 9 + 5 = 16; satisfied 0 + 4 + 9 + 4 = 17;
    // overdue d 4 + e 7 (e-4 resolved late, e-5..e-10 open) + g 1 (g-10 late) + h 5 = 17
    AreaRates west = m.district("west").orElseThrow();
    assertEquals(36, west.received());
    assertEquals(34, west.dispatched());
    assertEquals(17, west.overdue());
    rate(31, 34, west.rates().response(), "west response");
    rate(16, 19, west.rates().resolution(), "west resolution");
    rate(17, 19, west.rates().satisfaction(), "west satisfaction");
    // (0.911765 + 0.842105 + 0.894737) / 3 = 0.882869
    approx((31.0 / 34 + 16.0 / 19 + 17.0 / 19) / 3, west.composite(), "west composite");

    // north: two direct answers, nothing dispatched: every rate no data, not ranked
    AreaRates north = m.district("north").orElseThrow();
    assertEquals(2, north.received());
    assertEquals(Rates.NO_DATA, north.rates());
    assertEquals(Optional.empty(), north.composite());

    // 0.922222 > 0.882869; north last, unranked
    assertEquals(
        List.of("east", "west", "north"), m.districts().stream().map(AreaRates::id).toList());
    assertEquals(
        List.of(Optional.of(1), Optional.of(2), Optional.empty()),
        m.districts().stream().map(AreaRates::rank).toList());
  }

  @Test
  void everyStreetHasItsRatesFromItsOwnCases() {
    MonthlyRates m = join(reports.monthlyRates(OCTOBER));
    // a: responded 10/10; said resolved 8/8; satisfied a-1..a-7 = 7/8; overdue a-10 only
    AreaRates a = m.street("east", "a").orElseThrow();
    assertEquals(12, a.received());
    assertEquals(10, a.dispatched());
    assertEquals(1, a.overdue());
    rate(10, 10, a.rates().response(), "a response");
    rate(8, 8, a.rates().resolution(), "a resolution");
    rate(7, 8, a.rates().satisfaction(), "a satisfaction");
    // b: b-6 counts as responded (resolved after 30 h, never accepted), b-10 does not (8 days)
    AreaRates b = m.street("east", "b").orElseThrow();
    rate(9, 10, b.rates().response(), "b response");
    rate(4, 5, b.rates().resolution(), "b resolution");
    rate(5, 5, b.rates().satisfaction(), "b satisfaction: satisfied + basically satisfied");
    assertEquals(4, b.overdue());
    // e: e-4 was resolved after its deadline: overdue though resolved
    AreaRates e = m.street("west", "e").orElseThrow();
    rate(9, 10, e.rates().response(), "e response");
    rate(2, 4, e.rates().resolution(), "e resolution");
    rate(4, 4, e.rates().satisfaction(), "e satisfaction");
    assertEquals(7, e.overdue());
    // d: no return visit yet: resolution and satisfaction say no data, not 0
    AreaRates d = m.street("west", "d").orElseThrow();
    rate(4, 4, d.rates().response(), "d response");
    assertEquals(Optional.empty(), d.rates().resolution().value());
    assertEquals(Optional.empty(), d.rates().satisfaction().value());
    // f: only direct answers
    AreaRates f = m.street("north", "f").orElseThrow();
    assertEquals(2, f.received());
    assertEquals(0, f.dispatched());
    assertEquals(Rates.NO_DATA, f.rates());
  }

  @Test
  void streetsAreRankedByCompositeThenSatisfactionResolutionResponseAndFullTiesShareARank() {
    MonthlyRates m = join(reports.monthlyRates(OCTOBER));
    // composites (mean of the rates with data):
    //   d = 4/4 = 1.0 (response only: the others have no data and are left out)
    //   a = (1 + 1 + 0.875) / 3 = 0.958333
    //   b = (0.9 + 0.8 + 1.0) / 3 = 0.9, g = (0.9 + 0.9 + 0.9) / 3 = 0.9,
    //   c = h = (0.9 + 1.0 + 0.8) / 3 = 0.9: a four-way tie, broken by satisfaction
    //   (b 1.0 > g 0.9 > c = h 0.8), then resolution (c = h 1.0), then response (0.9 both):
    //   c and h share 5th, and the next is 7th
    //   e = (0.9 + 0.5 + 1.0) / 3 = 0.8
    //   f: no rate with data, not ranked, last
    assertEquals(
        List.of("west.d", "east.a", "east.b", "west.g", "east.c", "west.h", "west.e", "north.f"),
        m.streets().stream().map(AreaRates::id).toList());
    assertEquals(
        List.of(
            Optional.of(1),
            Optional.of(2),
            Optional.of(3),
            Optional.of(4),
            Optional.of(5),
            Optional.of(5),
            Optional.of(7),
            Optional.<Integer>empty()),
        m.streets().stream().map(AreaRates::rank).toList());
    approx(1.0, m.street("west", "d").orElseThrow().composite(), "d");
    approx(2.875 / 3, m.street("east", "a").orElseThrow().composite(), "a");
    approx(0.9, m.street("east", "c").orElseThrow().composite(), "c");
    approx(0.8, m.street("west", "e").orElseThrow().composite(), "e");
    // in their districts: east a, b, c; west d, g, h, e
    assertEquals(Optional.of(3), m.street("east", "c").orElseThrow().rankInDistrict());
    assertEquals(Optional.of(2), m.street("west", "g").orElseThrow().rankInDistrict());
    assertEquals(Optional.of(4), m.street("west", "e").orElseThrow().rankInDistrict());
    assertEquals(Optional.empty(), m.street("north", "f").orElseThrow().rankInDistrict());
    assertTrue(m.rankingRule().en().contains("left out of the mean"), m.rankingRule().en());
  }

  @Test
  void rankedAsUnrankedWhenARateHasNoDataAnAreaWithoutVisitsDropsOutOfTheRanking() {
    CityReports strict =
        reports(
            config.withRanking(
                new RankingRules(
                    config.ranking().weights(), NoDataRule.UNRANKED, config.ranking().tieBreak())));
    MonthlyRates m = join(strict.monthlyRates(OCTOBER));
    // d has no visit: no composite; the others keep their order; unranked by id: north.f, west.d
    assertEquals(
        List.of("east.a", "east.b", "west.g", "east.c", "west.h", "west.e", "north.f", "west.d"),
        m.streets().stream().map(AreaRates::id).toList());
    assertEquals(Optional.of(4), m.street("west", "h").orElseThrow().rank());
    assertEquals(Optional.empty(), m.street("west", "d").orElseThrow().rank());
  }

  @Test
  void respondedByAcceptanceOnlyLeavesOutACaseResolvedWithoutBeingAccepted() {
    CityReports acceptedOnly =
        reports(
            config.withRates(
                new RateRules(
                    RespondedBy.ACCEPTED,
                    Optional.empty(),
                    config.rates().resolutionBasis(),
                    config.rates().satisfiedAnswers())));
    MonthlyRates m = join(acceptedOnly.monthlyRates(OCTOBER));
    // b-6 was reported resolved without an acceptance: b 9/10 becomes 8/10, east 28/30 27/30
    rate(8, 10, m.street("east", "b").orElseThrow().rates().response(), "b");
    rate(27, 30, m.district("east").orElseThrow().rates().response(), "east");
    assertTrue(
        m.definitions().get(0).definition().en().startsWith("dispatched cases whose unit accepted"),
        m.definitions().get(0).definition().en());
  }

  @Test
  void beforeReturnVisitsExistResolutionAndSatisfactionSayNoDataNotZero() {
    // September: 15 dispatched (b 5, g 10), 14 responded, no case visited anywhere
    MonthlyRates sep = join(reports.monthlyRates(YearMonth.of(2026, 9)));
    rate(14, 15, sep.city().rates().response(), "city response");
    assertEquals(Rate.NO_DATA, sep.city().rates().resolution());
    assertEquals(Optional.empty(), sep.city().rates().satisfaction().value());
    // b's composite is its response rate alone, 4/5
    approx(0.8, sep.street("east", "b").orElseThrow().composite(), "b in September");
    String json = ReportJson.write(sep);
    assertTrue(
        json.contains("\"resolution\":{\"numerator\":0,\"denominator\":0,\"value\":null}"), json);
    assertTrue(json.contains("\"month\":\"2026-09\""), json);
    String csv = sep.csv();
    // east.b: 5 received, 5 dispatched, all 5 open past their deadline by November: overdue 5;
    // response 4/5 = 0.8000; resolution and satisfaction empty cells; ranked 2nd after g (1.0)
    assertTrue(csv.contains("street,east,b,b街道,B,5,5,5,4,5,0.8000,0,0,,0,0,,0.8000,2,1"), csv);
    assertTrue(csv.startsWith("# month 2026-09 (Asia/Shanghai)\r\n"), csv);
    assertTrue(csv.contains("# response 响应率: 派单工单中承办单位在办理时限内"), csv);
  }

  // ---- units ----

  @Test
  void eachUnitHasMedianAndMeanTimesToResponseAndResolutionTheThreeDayShareAndPraise() {
    UnitReport u = join(reports.units(OCTOBER));
    UnitPerformance a = unit(u, "unit-a");
    // responses after 1, 2, ..., 10 h: mean 55 / 10 = 5.5, median (5 + 6) / 2 = 5.5
    assertEquals(10, a.dispatched());
    assertEquals(10, a.responded());
    approx(5.5, a.meanResponseHours(), "a mean response");
    approx(5.5, a.medianResponseHours(), "a median response");
    // resolved a-1..a-9 after 48 h (six), 72, 96, 24: mean (288 + 72 + 96 + 24) / 9 = 53.33;
    // median of 24, 48 x6, 72, 96 = the fifth, 48
    assertEquals(9, a.resolved());
    approx(53.33, a.meanResolutionHours(), "a mean resolution (hours, two decimals)");
    approx(48.0, a.medianResolutionHours(), "a median resolution");
    // within 3 days (72 h included): all but a-8 (96 h): 8 / 9
    rate(8, 9, a.solvedWithin(), "a solved within 3 days");
    assertEquals(0, a.praise());

    UnitPerformance b = unit(u, "unit-b");
    // responses (at any time): 2 h x5, 30 h (b-6 resolved), 3 h x3, 192 h (b-10, late):
    // mean (10 + 30 + 9 + 192) / 10 = 24.1; median (2 + 3) / 2 = 2.5
    assertEquals(10, b.responded());
    approx(24.1, b.meanResponseHours(), "b mean response");
    approx(2.5, b.medianResponseHours(), "b median response");
    // resolved: 48 h x5 and 30 h: mean 270 / 6 = 45, median 48; all 6 within 3 days
    approx(45.0, b.meanResolutionHours(), "b mean resolution");
    approx(48.0, b.medianResolutionHours(), "b median resolution");
    rate(6, 6, b.solvedWithin(), "b solved within 3 days");
    assertEquals(1, b.praise(), "b-6, praise passed to the unit");

    // praise answered on the call (a-11) names no unit
    UnitPerformance none = u.units().get(u.units().size() - 1);
    assertEquals(Optional.empty(), none.unit());
    assertEquals(0, none.dispatched());
    assertEquals(1, none.praise());
    assertEquals(Optional.empty(), none.meanResponseHours());

    assertEquals(64, u.all().dispatched());
    assertEquals(2, u.all().praise());
    assertTrue(
        u.csv().contains("\r\nunit-a,10,10,5.5000,5.5000,9,53.3300,48.0000,8,9,0.8889,0\r\n"),
        u.csv());
  }

  private static UnitPerformance unit(UnitReport u, String id) {
    return u.units().stream()
        .filter(x -> x.unit().equals(Optional.of(id)))
        .findFirst()
        .orElseThrow();
  }

  // ---- classification, focus, review ----

  @Test
  void streetsAreClassifiedByTheFirstRuleThatHolds() {
    StreetClassification c = join(reports.classification(OCTOBER));
    // d: 4 dispatched < 5: managed (rule 1), though ranked first
    assertClass(c, "west.d", StreetClass.MANAGED, 1);
    // f: nothing dispatched: managed (rule 1)
    assertClass(c, "north.f", StreetClass.MANAGED, 1);
    // e: resolution 2/4 = 0.5 < 0.6 (its composite, 0.8, is not below 0.80): must rectify
    assertClass(c, "west.e", StreetClass.MUST_RECTIFY, 2);
    // g: 0.9 in October after 1.0 (10/10) in September: fell by 0.1, must rectify, although it
    // would be advanced (0.9, every rate 0.9)
    StreetStanding g = assertClass(c, "west.g", StreetClass.MUST_RECTIFY, 2);
    approx(1.0, g.previousComposite(), "g in September");
    approx(-0.1, g.trend(), "g trend");
    // a: 0.958 >= 0.90 and every rate >= 0.85 (1, 1, 0.875): advanced
    assertClass(c, "east.a", StreetClass.ADVANCED, 3);
    // b: 0.9 after 0.8 (4/5) in September: rose by 0.1 >= 0.05, improving (resolution 0.8 keeps
    // it from advanced)
    StreetStanding b = assertClass(c, "east.b", StreetClass.IMPROVING, 4);
    approx(0.1, b.trend(), "b trend");
    // c, h: 0.9, satisfaction 0.8 < 0.85, nothing dispatched in September to compare: managed
    StreetStanding cc = assertClass(c, "east.c", StreetClass.MANAGED, 5);
    assertEquals(Optional.empty(), cc.trend());
    assertClass(c, "west.h", StreetClass.MANAGED, 5);
    assertEquals(5, c.rules().size());
    assertTrue(c.csv().contains("east,a,a街道,A,advanced,先进类,3,10,"), c.csv());
  }

  private static StreetStanding assertClass(
      StreetClassification c, String id, StreetClass expected, int rule) {
    StreetStanding s =
        c.streets().stream().filter(x -> x.rates().id().equals(id)).findFirst().orElseThrow();
    assertEquals(expected, s.streetClass(), id);
    assertEquals(rule, s.rule(), id + " rule");
    return s;
  }

  @Test
  void theFocusListHasTheStreetsWithTheMostCasesTiesIncludedAndEveryStreetOf200000() {
    StreetClassification c = join(reports.classification(OCTOBER));
    // received: a 12 (1st); g, h 11 (2nd, tied: both come in with "top 2"); b, c, e 10 (4th);
    // d 4 (7th); f 2 (8th). Population >= 200,000: a 250,000, d exactly 200,000, f 300,000.
    assertEquals(
        List.of("east.a", "west.g", "west.h", "west.d", "north.f"),
        c.focus().stream().map(f -> f.districtId() + "." + f.streetId()).toList());
    FocusStreet a = c.focus().get(0);
    assertEquals(List.of(FocusStreet.MOST_CASES, FocusStreet.POPULATION), a.reasons());
    assertEquals(1, a.callsRank());
    assertEquals(2, c.focus().get(2).callsRank());
    FocusStreet d = c.focus().get(3);
    assertEquals(List.of(FocusStreet.POPULATION), d.reasons());
    assertEquals(7, d.callsRank());
    assertEquals(OptionalInt.of(200_000), d.population());
    assertTrue(c.focusCsv().contains("north,f,f街道,F,2,8,300000,population"), c.focusCsv());
  }

  @Test
  void aDistrictsReviewHasItsRatesRankStreetClassesAndOpenProblemsOldestFirst() {
    DistrictReview r = join(reports.districtReview(OCTOBER, "east"));
    assertEquals(Optional.of(1), r.district().rank());
    assertEquals(2, r.districtsRanked());
    rate(28, 30, r.district().rates().response(), "east response");
    assertEquals(
        List.of(StreetClass.ADVANCED, StreetClass.IMPROVING, StreetClass.MANAGED),
        r.streets().stream().map(StreetStanding::streetClass).toList());
    // six months: May 1 00:00 local on; the March case is older and not listed
    assertEquals(Instant.parse("2026-04-30T16:00:00Z"), r.problemsSince());
    // open (submitted, dispatched, accepted, returned, reopened), by category, oldest first:
    //   heating.not_warm: the August case
    //   noise.neighbour: September's five in b (four accepted, one never), all still open
    //   property.fees: a-8 (reopened: unsatisfied), a-10 (accepted)
    //   noise.construction: b-5 (reopened: not resolved), b-7, b-8, b-9, b-10
    //   parking.illegal: c-5 (reopened), c-6..c-9 (accepted), c-10 (dispatched)
    // every October deadline (7 days) has passed by 3 November: all overdue
    List<OpenProblem> p = r.problems();
    assertEquals(
        List.of(
            "heating.not_warm",
            "noise.neighbour",
            "property.fees",
            "noise.construction",
            "parking.illegal"),
        p.stream().map(OpenProblem::category).toList());
    assertEquals(List.of(1L, 5L, 2L, 5L, 6L), p.stream().map(OpenProblem::open).toList());
    assertEquals(List.of(1L, 5L, 2L, 5L, 6L), p.stream().map(OpenProblem::overdue).toList());
    assertEquals(OCT_5.plusSeconds(8 * 60), p.get(2).oldest());
    assertEquals(List.of("b-5", "b-7", "b-8"), p.get(3).exampleCases());
    assertEquals("违章停车", p.get(4).categoryName().zh());
    assertTrue(r.problemsCsv().contains("parking.illegal,违章停车,Illegal parking,6,6,"));
  }

  // ---- hot issues ----

  @Test
  void eachDistrictsTopCategoriesComeWithTheirChangeFromLastMonthAndLastYear() {
    HotIssues h = join(reports.hotIssues(OCTOBER));
    List<CategoryTrend> east =
        h.topCategories().stream().filter(t -> t.districtId().equals("east")).toList();
    // parking.illegal 10 and property.fees 10 (tied, by code), noise.construction 9
    assertEquals(
        List.of("parking.illegal", "property.fees", "noise.construction"),
        east.stream().map(CategoryTrend::category).toList());
    CategoryTrend parking = east.get(0);
    // September 5, October 2025 8: (10 - 5) / 5 = 1.0; (10 - 8) / 8 = 0.25
    assertEquals(10, parking.count());
    assertEquals(5, parking.previousMonth());
    assertEquals(8, parking.sameMonthLastYear());
    approx(1.0, parking.changeFromPreviousMonth(), "parking vs September");
    approx(0.25, parking.changeFromLastYear(), "parking vs October 2025");
    // property.fees: September 4: (10 - 4) / 4 = 1.5; none a year before: no change figure
    approx(1.5, east.get(1).changeFromPreviousMonth(), "property vs September");
    assertEquals(Optional.empty(), east.get(1).changeFromLastYear());
    // noise.construction: new this month
    assertEquals(Optional.empty(), east.get(2).changeFromPreviousMonth());
    List<CategoryTrend> north =
        h.topCategories().stream().filter(t -> t.districtId().equals("north")).toList();
    assertEquals("education.enrolment", north.get(0).category());
    approx(1.0, north.get(0).changeFromPreviousMonth(), "2 after 1");
  }

  @Test
  void aJumpIsCountAtLeastTheMinimumAndZAtLeastTheThresholdAgainstTheStreetsOwnPast() {
    HotIssues h = join(reports.hotIssues(OCTOBER));
    // b noise.construction: 9 >= 5, λ = max(0 / 3, 1) = 1, z = (9 - 1) / 1 = 8
    // a property.fees: 10 >= 5, λ = (4 + 4 + 4) / 3 = 4, z = (10 - 4) / 2 = 3.0: exactly the
    //   threshold, a jump
    // c parking.illegal, just below: λ = (4 + 4 + 5) / 3 = 4.333, z = 5.667 / 2.082 = 2.72 < 3
    // e, g, h: 10 against λ = 10, z = 0; d: 4 < 5
    assertEquals(
        List.of("east.b/noise.construction", "east.a/property.fees"),
        h.jumps().stream()
            .map(j -> j.districtId() + "." + j.streetId() + "/" + j.category())
            .toList());
    VolumeJump b = h.jumps().get(0);
    assertEquals(9, b.count());
    assertEquals(1.0, b.baseline(), EXACT);
    assertEquals(8.0, b.z(), EXACT);
    assertEquals(5, b.open(), "b-5 reopened, b-7..b-10");
    assertEquals(List.of("b-10", "b-9", "b-8"), b.exampleCases());
    VolumeJump a = h.jumps().get(1);
    assertEquals(4.0, a.baseline(), EXACT);
    assertEquals(3, a.baselinePeriods());
    assertEquals(3.0, a.z(), EXACT);
    assertTrue(h.jumpRule().en().contains("z = (count − λ) / √λ ≥ 3"), h.jumpRule().en());

    // just below: the same record with 2.72 as the threshold lets c in
    CityReports lower =
        reports(
            config.withHotIssues(
                new HotIssueRules(
                    3,
                    config.hotIssues().categoryLevel(),
                    new JumpRule(3, 5, 2.72, 1.0),
                    config.hotIssues().weeklyJump(),
                    5,
                    3,
                    5,
                    3,
                    20)));
    VolumeJump c =
        join(lower.hotIssues(OCTOBER)).jumps().stream()
            .filter(j -> j.streetId().equals("c"))
            .findFirst()
            .orElseThrow();
    assertEquals(13.0 / 3, c.baseline(), 1e-4);
    assertEquals((10 - 13.0 / 3) / Math.sqrt(13.0 / 3), c.z(), 1e-4);
  }

  @Test
  void frequentCallersAreShownMaskedAndFrequentLocationsTrimmed() {
    HotIssues h = join(reports.hotIssues(OCTOBER));
    // 139 1234 5678: a-1, a-10, b-1, b-7, c-1, c-6 (a-10, b-7, c-6 open); 138...04 has 4 < 5
    assertEquals(1, h.callers().size());
    FrequentCaller c = h.callers().get(0);
    assertEquals("139****5678", c.maskedNumber());
    assertEquals(6, c.cases());
    assertEquals(3, c.open());
    assertEquals(List.of("east.a", "east.b", "east.c"), c.streets());
    assertEquals(List.of("c-6", "c-1", "b-7"), c.exampleCases());
    String json = ReportJson.write(h);
    assertTrue(!json.contains(OctoberRecord.FREQUENT_CALLER), "no whole number in the JSON");
    assertTrue(!h.listsCsv().contains(OctoberRecord.FREQUENT_CALLER), "nor in the CSV");
    // e-1..e-6 at the same block, e-3 with spaces around: 6; open e-3, e-4 (reopened), e-5, e-6
    assertEquals(1, h.locations().size());
    FrequentLocation l = h.locations().get(0);
    assertEquals("望京西园三区5号楼", l.location());
    assertEquals(6, l.cases());
    assertEquals(4, l.open());
    assertEquals(Optional.of("e"), l.streetId());
  }

  @Test
  void theWeeklyListComparesTheWeekWithThePreviousWeeksThatHaveAnyCase() {
    // the week of 7 October: Monday 5 to Sunday 11 (a, b, c). Of the four weeks before, only
    // 7-13 September holds cases (the 10th): λ is over that one week.
    // b noise: 9, λ = max(0, 1) = 1, z = 8; a property: 10, λ = 4 / 1 = 4, z = 3.0;
    // c parking: 10, λ = 5, z = 5 / 2.236 = 2.24 < 3
    WeeklyHotList w = join(reports.weeklyHotList(LocalDate.of(2026, 10, 7)));
    assertEquals(LocalDate.of(2026, 10, 5), w.monday());
    assertEquals(LocalDate.of(2026, 10, 11), w.sunday());
    assertEquals(
        List.of("noise.construction", "property.fees"),
        w.jumps().stream().map(VolumeJump::category).toList());
    assertEquals(1, w.jumps().get(1).baselinePeriods());
    assertEquals(3.0, w.jumps().get(1).z(), EXACT);
    // six cases of one number within the week (>= 3); the block of e is in another week
    assertEquals(
        List.of("139****5678"), w.callers().stream().map(FrequentCaller::maskedNumber).toList());
    assertEquals(List.of(), w.locations());
    assertTrue(w.csv().contains("\r\ncaller,,east.a east.b east.c,139****5678,6,,,3,"), w.csv());
  }

  // ---- livelihood ----

  @Test
  void theLivelihoodIndexSumsTheMappedCategoriesPerDistrictWithTrend() {
    LivelihoodIndex l = join(reports.livelihood(OCTOBER));
    assertEquals(12, l.dimensions().size());
    assertEquals(YearMonth.of(2026, 5), l.months().get(0));
    // east housing (property.*, rental.*, ...): property.fees 4, 4, 4 in July-September, 10 now
    DimensionVolume housing = row(l, "east", "housing");
    assertEquals(List.of(0L, 0L, 4L, 4L, 4L, 10L), housing.trend());
    approx(1.5, housing.changeFromPreviousMonth(), "(10 - 4) / 4");
    // east convenience (parking.illegal, heating.*, ...): parking 4, 4 + the August heating case,
    // 5, 10
    assertEquals(List.of(0L, 0L, 4L, 5L, 5L, 10L), row(l, "east", "convenience").trend());
    // east liveability (noise.*): noise.neighbour 5 in September, noise.construction 9 now
    approx(0.8, row(l, "east", "livability").changeFromPreviousMonth(), "(9 - 5) / 5");
    // west convenience: heating 10 + water 10 + lift.out_of_service 10 every month from July
    DimensionVolume west = row(l, "west", "convenience");
    assertEquals(List.of(0L, 0L, 30L, 30L, 30L, 30L), west.trend());
    approx(0.0, west.changeFromPreviousMonth(), "no change");
    // west liveability: sanitation.rubbish 4, nothing before: no change figure
    assertEquals(4, row(l, "west", "livability").count());
    assertEquals(Optional.empty(), row(l, "west", "livability").changeFromPreviousMonth());
    // education.enrolment counts for both childcare and education; general.* counts nowhere
    assertEquals(2, row(l, "north", "childcare").count());
    assertEquals(2, row(l, "north", "education").count());
    assertEquals(1, row(l, "north", "education").previousMonth());
    assertEquals(0, row(l, "east", "safety").count());
    assertEquals(3 * 12, l.rows().size());
    assertTrue(l.csv().contains("east,housing,住有所居,Housing,10,4,1.5000,0,0,4,4,4,10"), l.csv());
  }

  private static DimensionVolume row(LivelihoodIndex l, String district, String dimension) {
    return l.rows().stream()
        .filter(r -> r.districtId().equals(district) && r.dimension().equals(dimension))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aMonthWithNoCaseAtAllIsAReportOfNoData() {
    MonthlyRates empty = join(reports.monthlyRates(YearMonth.of(2026, 12)));
    assertEquals(0, empty.city().received());
    assertTrue(empty.streets().stream().allMatch(s -> s.rank().isEmpty()));
    UnitReport units = join(reports.units(YearMonth.of(2026, 12)));
    assertEquals(List.of(), units.units());
    assertEquals(Rate.NO_DATA, units.all().solvedWithin());
  }
}
