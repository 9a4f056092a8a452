package org.hotline.reports.city;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.reports.city.CityReportsConfig.CategoryLevel;
import org.hotline.reports.city.CityReportsConfig.ClassificationRules;
import org.hotline.reports.city.CityReportsConfig.FocusRules;
import org.hotline.reports.city.CityReportsConfig.HotIssueRules;
import org.hotline.reports.city.CityReportsConfig.JumpRule;
import org.hotline.reports.city.CityReportsConfig.LivelihoodDimension;
import org.hotline.reports.city.CityReportsConfig.LivelihoodRules;
import org.hotline.reports.city.CityReportsConfig.NoDataRule;
import org.hotline.reports.city.CityReportsConfig.RankingRules;
import org.hotline.reports.city.CityReportsConfig.RateRules;
import org.hotline.reports.city.CityReportsConfig.ResolutionBasis;
import org.hotline.reports.city.CityReportsConfig.RespondedBy;
import org.hotline.reports.city.CityReportsConfig.ReviewRules;
import org.hotline.reports.city.CityReportsConfig.UnitRules;
import org.hotline.support.text.LocalizedName;
import org.hotline.support.time.Durations;

/**
 * Reads the {@code city} section of {@code reports.yaml}. Anything missing takes the default of
 * {@link CityReportsConfig#defaults(ZoneId)}; anything wrong, a category code the taxonomy does not
 * know included, is an {@link IllegalArgumentException} naming the file, at start-up.
 */
public final class CityReportsConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CityReportsConfigLoader() {}

  /**
   * @param zone the centre's zone ({@code cases.yaml} "zone"): months and weeks are its calendar's
   * @param categories the taxonomy, to check the codes named
   */
  public static CityReportsConfig load(Path file, ZoneId zone, Categories categories) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + " is not a YAML mapping");
    }
    try {
      return parse(root.path("city"), zone, categories);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static CityReportsConfig parse(JsonNode city, ZoneId zone, Categories categories) {
    CityReportsConfig d = CityReportsConfig.defaults(zone);
    JsonNode rates = city.path("rates");
    JsonNode response = rates.path("response");
    String within = text(response, "within", "deadline");
    RateRules r =
        new RateRules(
            choice(response, "respondedBy", RespondedBy.class, d.rates().respondedBy()),
            within.equals("deadline") ? Optional.empty() : Optional.of(Durations.parse(within)),
            choice(
                rates.path("resolution"),
                "basis",
                ResolutionBasis.class,
                d.rates().resolutionBasis()),
            strings(rates.path("satisfaction"), "satisfiedAnswers", d.rates().satisfiedAnswers()));

    JsonNode ranking = city.path("ranking");
    Map<RateKind, Double> weights = new EnumMap<>(d.ranking().weights());
    ranking
        .path("weights")
        .fields()
        .forEachRemaining(
            e ->
                weights.put(
                    RateKind.parse(e.getKey())
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "ranking.weights: no rate " + e.getKey())),
                    e.getValue().asDouble()));
    List<RateKind> tieBreak = d.ranking().tieBreak();
    if (ranking.has("tieBreak")) {
      tieBreak =
          strings(ranking, "tieBreak", List.of()).stream()
              .map(
                  code ->
                      RateKind.parse(code)
                          .orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      "ranking.tieBreak: no rate " + code)))
              .toList();
    }
    RankingRules rk =
        new RankingRules(
            weights, choice(ranking, "noData", NoDataRule.class, d.ranking().noData()), tieBreak);

    JsonNode units = city.path("units");
    JsonNode praise = units.path("praise");
    UnitRules u =
        new UnitRules(
            duration(units, "solvedWithin", d.units().solvedWithin()),
            strings(units, "solvedUrgencies", d.units().solvedUrgencies()),
            strings(praise, "requestTypes", d.units().praiseRequestTypes()),
            known(
                strings(praise, "categories", d.units().praiseCategories()),
                categories,
                "units.praise.categories"));

    JsonNode cl = city.path("classification");
    ClassificationRules c0 = d.classification();
    ClassificationRules c =
        new ClassificationRules(
            cl.path("minimumDispatched").asLong(c0.minimumDispatched()),
            cl.path("rectify").path("compositeBelow").asDouble(c0.rectifyCompositeBelow()),
            cl.path("rectify").path("anyRateBelow").asDouble(c0.rectifyAnyRateBelow()),
            cl.path("rectify").path("compositeDropAtLeast").asDouble(c0.rectifyDropAtLeast()),
            cl.path("advanced").path("compositeAtLeast").asDouble(c0.advancedCompositeAtLeast()),
            cl.path("advanced").path("everyRateAtLeast").asDouble(c0.advancedEveryRateAtLeast()),
            cl.path("improving").path("compositeRiseAtLeast").asDouble(c0.improvingRiseAtLeast()));

    JsonNode focus = city.path("focus");
    FocusRules f =
        new FocusRules(
            focus.path("topByCalls").asInt(d.focus().topByCalls()),
            focus.path("populationAtLeast").asInt(d.focus().populationAtLeast()));

    JsonNode review = city.path("review");
    ReviewRules rv =
        new ReviewRules(
            review.path("topProblems").asInt(d.review().topProblems()),
            review.path("openLookbackMonths").asInt(d.review().openLookbackMonths()));

    JsonNode hot = city.path("hotIssues");
    HotIssueRules h0 = d.hotIssues();
    HotIssueRules h =
        new HotIssueRules(
            hot.path("topCategories").asInt(h0.topCategories()),
            choice(hot, "categoryLevel", CategoryLevel.class, h0.categoryLevel()),
            jump(hot.path("monthlyJump"), h0.monthlyJump()),
            jump(hot.path("weeklyJump"), h0.weeklyJump()),
            hot.path("frequentCallerCases").asInt(h0.frequentCallerCases()),
            hot.path("weeklyFrequentCallerCases").asInt(h0.weeklyFrequentCallerCases()),
            hot.path("frequentLocationCases").asInt(h0.frequentLocationCases()),
            hot.path("weeklyFrequentLocationCases").asInt(h0.weeklyFrequentLocationCases()),
            hot.path("listTop").asInt(h0.listTop()));

    JsonNode lv = city.path("livelihood");
    List<LivelihoodDimension> dimensions = new ArrayList<>(d.livelihood().dimensions());
    if (lv.has("dimensions")) {
      dimensions.clear();
      for (JsonNode dim : lv.path("dimensions")) {
        String id = dim.path("id").asText("");
        JsonNode name = dim.path("name");
        dimensions.add(
            new LivelihoodDimension(
                id,
                new LocalizedName(name.path("zh").asText(id), name.path("en").asText(null)),
                known(
                    strings(dim, "categories", List.of()),
                    categories,
                    "livelihood dimension " + id)));
      }
    }
    LivelihoodRules l =
        new LivelihoodRules(lv.path("trendMonths").asInt(d.livelihood().trendMonths()), dimensions);

    return new CityReportsConfig(zone, r, rk, u, c, f, rv, h, l);
  }

  private static JumpRule jump(JsonNode node, JumpRule fallback) {
    return new JumpRule(
        node.path("baselinePeriods").asInt(fallback.baselinePeriods()),
        node.path("minimumCount").asLong(fallback.minimumCount()),
        node.path("zAtLeast").asDouble(fallback.zAtLeast()),
        node.path("baselineFloor").asDouble(fallback.baselineFloor()));
  }

  private static List<String> known(List<String> codes, Categories categories, String where) {
    for (String code : codes) {
      if (!categories.known(code)) {
        throw new IllegalArgumentException(where + ": the taxonomy has no category " + code);
      }
    }
    return codes;
  }

  private static <E extends Enum<E>> E choice(
      JsonNode node, String field, Class<E> type, E fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    String text = v.asText().trim().toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(text)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        field
            + " must be one of "
            + lowerNames(type.getEnumConstants(), e -> e.name().toLowerCase(Locale.ROOT))
            + ", not "
            + v.asText());
  }

  private static <E> List<String> lowerNames(E[] values, Function<E, String> name) {
    List<String> out = new ArrayList<>();
    for (E e : values) {
      out.add(name.apply(e));
    }
    return out;
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : v.asText().trim();
  }

  private static Duration duration(JsonNode node, String field, Duration fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : Durations.parse(v.asText());
  }

  private static List<String> strings(JsonNode node, String field, List<String> fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(field + " must be a list");
    }
    List<String> out = new ArrayList<>();
    v.forEach(n -> out.add(n.asText().trim()));
    return out;
  }
}
