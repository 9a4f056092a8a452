package org.hotline.reports.city;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.reports.city.CityReportsConfig.NoDataRule;
import org.hotline.reports.city.CityReportsConfig.RankingRules;

/**
 * The ranking rule of {@link RankingRules#describe()}: a composite score, ties broken by the rates
 * in the configured order, equal areas sharing a rank (1, 2, 2, 4), unranked ones last.
 */
final class Ranking {

  private Ranking() {}

  /** The weighted mean of the rates, as the no-data rule allows; empty when it allows none. */
  static Optional<Double> composite(Rates rates, RankingRules rules) {
    double sum = 0;
    double weights = 0;
    for (RateKind kind : rules.weightedKinds()) {
      double w = rules.weights().get(kind);
      Optional<Double> v = rates.get(kind).value();
      if (v.isEmpty()) {
        if (rules.noData() == NoDataRule.UNRANKED) {
          return Optional.empty();
        }
        continue;
      }
      sum += w * v.get();
      weights += w;
    }
    return weights == 0 ? Optional.empty() : Optional.of(sum / weights);
  }

  /** An item with its place. */
  record Placed<T>(T item, Optional<Integer> rank) {}

  /**
   * Ranks {@code items}: ranked ones first, best first, then the unranked by id.
   *
   * @param composite each item's score (empty: not ranked)
   */
  static <T> List<Placed<T>> rank(
      List<T> items,
      Function<T, Optional<Double>> composite,
      Function<T, Rates> rates,
      Function<T, String> id,
      RankingRules rules) {
    Comparator<T> better =
        Comparator.comparing((T t) -> Sql.key(composite.apply(t).orElseThrow())).reversed();
    for (RateKind kind : rules.tieBreak()) {
      // no data sorts below any figure
      better =
          better.thenComparing(
              (T t) -> rates.apply(t).get(kind).value().map(Sql::key).orElse(Long.MIN_VALUE),
              Comparator.reverseOrder());
    }
    List<T> ranked = new ArrayList<>();
    List<T> unranked = new ArrayList<>();
    for (T t : items) {
      (composite.apply(t).isPresent() ? ranked : unranked).add(t);
    }
    Comparator<T> tie = better;
    ranked.sort(tie.thenComparing(id));
    unranked.sort(Comparator.comparing(id));
    List<Placed<T>> out = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      T t = ranked.get(i);
      int rank =
          i > 0 && tie.compare(ranked.get(i - 1), t) == 0
              ? out.get(i - 1).rank().orElseThrow()
              : i + 1;
      out.add(new Placed<>(t, Optional.of(rank)));
    }
    for (T t : unranked) {
      out.add(new Placed<>(t, Optional.empty()));
    }
    return out;
  }
}
