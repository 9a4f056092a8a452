package org.hotline.reports.city;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.hotline.reports.city.CityReportsConfig.ClassificationRules;
import org.hotline.reports.city.CityReportsConfig.FocusRules;
import org.hotline.support.text.LocalizedName;

/**
 * The monthly classification: this month's and last month's street rates (one scan of each month's
 * partition), then the rules in order; and the focus list.
 */
final class ClassificationQuery {

  private final CityReportsConfig config;
  private final Places places;
  private final AreaRatesQuery rates;

  ClassificationQuery(CityReportsConfig config, Places places) {
    this.config = config;
    this.places = places;
    this.rates = new AreaRatesQuery(config, places);
  }

  StreetClassification report(Connection c, YearMonth month, Instant now) throws SQLException {
    MonthlyRates current = rates.report(c, month, now);
    MonthlyRates previous = rates.report(c, month.minusMonths(1), now);
    return classify(current, previous);
  }

  StreetClassification classify(MonthlyRates current, MonthlyRates previous) {
    Map<String, AreaRates> before = new HashMap<>();
    previous.streets().forEach(s -> before.put(s.id(), s));
    ClassificationRules rules = config.classification();
    List<LocalizedName> texts = rules.describe();
    List<StreetStanding> standings = new ArrayList<>();
    for (AreaRates s : current.streets()) {
      Optional<Double> was = Optional.ofNullable(before.get(s.id())).flatMap(AreaRates::composite);
      Optional<Double> trend =
          s.composite().isPresent() && was.isPresent()
              ? Optional.of(
                  Sql.round(Sql.round(s.composite().get(), 6) - Sql.round(was.get(), 6), 6))
              : Optional.empty();
      int rule = rule(s, trend, rules);
      StreetClass cls =
          switch (rule) {
            case 2 -> StreetClass.MUST_RECTIFY;
            case 3 -> StreetClass.ADVANCED;
            case 4 -> StreetClass.IMPROVING;
            default -> StreetClass.MANAGED;
          };
      standings.add(new StreetStanding(s, was, trend, cls, rule, texts.get(rule - 1)));
    }
    return new StreetClassification(
        current.month(), current, texts, standings, config.focus().describe(), focus(current));
  }

  /** The first rule that holds, 1 to 5. Figures are compared rounded to 6 decimals. */
  static int rule(AreaRates s, Optional<Double> trend, ClassificationRules rules) {
    if (s.dispatched() < rules.minimumDispatched() || s.composite().isEmpty()) {
      return 1;
    }
    double composite = Sql.round(s.composite().get(), 6);
    List<Double> withData = new ArrayList<>();
    for (RateKind k : RateKind.values()) {
      s.rates().get(k).value().ifPresent(v -> withData.add(Sql.round(v, 6)));
    }
    if (composite < rules.rectifyCompositeBelow()
        || withData.stream().anyMatch(v -> v < rules.rectifyAnyRateBelow())
        || trend.map(t -> t <= -rules.rectifyDropAtLeast()).orElse(false)) {
      return 2;
    }
    if (composite >= rules.advancedCompositeAtLeast()
        && withData.stream().allMatch(v -> v >= rules.advancedEveryRateAtLeast())) {
      return 3;
    }
    if (trend.map(t -> t >= rules.improvingRiseAtLeast()).orElse(false)) {
      return 4;
    }
    return 5;
  }

  private List<FocusStreet> focus(MonthlyRates month) {
    FocusRules rules = config.focus();
    List<AreaRates> byCases = new ArrayList<>(month.streets());
    byCases.sort(
        Comparator.comparingLong(AreaRates::received).reversed().thenComparing(AreaRates::id));
    List<FocusStreet> out = new ArrayList<>();
    int rank = 0;
    for (int i = 0; i < byCases.size(); i++) {
      AreaRates s = byCases.get(i);
      if (i == 0 || byCases.get(i - 1).received() != s.received()) {
        rank = i + 1;
      }
      String d = s.districtId().orElseThrow();
      String id = s.streetId().orElseThrow();
      OptionalInt population =
          places.street(d, id).map(Places.Street::population).orElse(OptionalInt.empty());
      List<String> reasons = new ArrayList<>();
      if (s.received() > 0 && rank <= rules.topByCalls()) {
        reasons.add(FocusStreet.MOST_CASES);
      }
      if (population.isPresent() && population.getAsInt() >= rules.populationAtLeast()) {
        reasons.add(FocusStreet.POPULATION);
      }
      if (!reasons.isEmpty()) {
        out.add(new FocusStreet(d, id, s.name(), s.received(), rank, population, reasons));
      }
    }
    return out;
  }
}
