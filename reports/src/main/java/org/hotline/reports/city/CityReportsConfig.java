package org.hotline.reports.city;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hotline.support.text.LocalizedName;
import org.hotline.support.time.Durations;

/**
 * Everything the {@code city} section of {@code reports.yaml} says, with the centre's zone from
 * {@code cases.yaml}. Built once by {@link CityReportsConfigLoader}; tests start from {@link
 * #defaults(ZoneId)} and change one part with a {@code with} method.
 */
public record CityReportsConfig(
    ZoneId zone,
    RateRules rates,
    RankingRules ranking,
    UnitRules units,
    ClassificationRules classification,
    FocusRules focus,
    ReviewRules review,
    HotIssueRules hotIssues,
    LivelihoodRules livelihood) {

  public CityReportsConfig {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(rates, "rates");
    Objects.requireNonNull(ranking, "ranking");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(focus, "focus");
    Objects.requireNonNull(review, "review");
    Objects.requireNonNull(hotIssues, "hotIssues");
    Objects.requireNonNull(livelihood, "livelihood");
  }

  /** The defaults written in the shipped reports.yaml, with no livelihood mapping. */
  public static CityReportsConfig defaults(ZoneId zone) {
    return new CityReportsConfig(
        zone,
        RateRules.DEFAULTS,
        RankingRules.DEFAULTS,
        UnitRules.DEFAULTS,
        ClassificationRules.DEFAULTS,
        FocusRules.DEFAULTS,
        ReviewRules.DEFAULTS,
        HotIssueRules.DEFAULTS,
        new LivelihoodRules(6, List.of()));
  }

  public CityReportsConfig withRates(RateRules r) {
    return new CityReportsConfig(
        zone, r, ranking, units, classification, focus, review, hotIssues, livelihood);
  }

  public CityReportsConfig withRanking(RankingRules r) {
    return new CityReportsConfig(
        zone, rates, r, units, classification, focus, review, hotIssues, livelihood);
  }

  public CityReportsConfig withFocus(FocusRules f) {
    return new CityReportsConfig(
        zone, rates, ranking, units, classification, f, review, hotIssues, livelihood);
  }

  public CityReportsConfig withHotIssues(HotIssueRules h) {
    return new CityReportsConfig(
        zone, rates, ranking, units, classification, focus, review, h, livelihood);
  }

  public CityReportsConfig withLivelihood(LivelihoodRules l) {
    return new CityReportsConfig(
        zone, rates, ranking, units, classification, focus, review, hotIssues, l);
  }

  /** Who counts as having responded to a dispatched case. */
  public enum RespondedBy {
    /** The unit accepted it (accepted_at). */
    ACCEPTED,
    /** The unit accepted it or reported it resolved, whichever came first. */
    ACCEPTED_OR_RESOLVED
  }

  /** What the resolution rate counts. */
  public enum ResolutionBasis {
    /** The resident's answer at the return visit ÷ cases visited. */
    VISIT,
    /** The unit's report of resolution ÷ cases dispatched. */
    UNIT
  }

  /** How the ranking treats a rate with no data. */
  public enum NoDataRule {
    /** The composite is the weighted mean of the rates that have data. */
    SKIP,
    /** An area missing any weighted rate is not ranked. */
    UNRANKED
  }

  /** Whether hot issues count leaf categories or their groups. */
  public enum CategoryLevel {
    LEAF,
    GROUP
  }

  /**
   * How the three rates are counted.
   *
   * @param responseWithin a fixed time after dispatch; empty: the case's own deadline
   * @param satisfiedAnswers return-visit answers that count as satisfied
   */
  public record RateRules(
      RespondedBy respondedBy,
      Optional<Duration> responseWithin,
      ResolutionBasis resolutionBasis,
      List<String> satisfiedAnswers) {

    public static final RateRules DEFAULTS =
        new RateRules(
            RespondedBy.ACCEPTED_OR_RESOLVED,
            Optional.empty(),
            ResolutionBasis.VISIT,
            List.of("satisfied", "basically_satisfied"));

    public RateRules {
      Objects.requireNonNull(respondedBy, "respondedBy");
      Objects.requireNonNull(responseWithin, "responseWithin");
      responseWithin.ifPresent(d -> Durations.positive(d, "rates.response.within"));
      Objects.requireNonNull(resolutionBasis, "resolutionBasis");
      satisfiedAnswers = List.copyOf(satisfiedAnswers);
      if (satisfiedAnswers.isEmpty()) {
        throw new IllegalArgumentException("rates.satisfaction.satisfiedAnswers is empty");
      }
    }

    /** The definition printed beside {@code kind}'s figures. */
    public RateDefinition definition(RateKind kind) {
      LocalizedName text =
          switch (kind) {
            case RESPONSE -> {
              String zhWho = respondedBy == RespondedBy.ACCEPTED ? "受理" : "受理或报告办结（以先者为准）";
              String enWho =
                  respondedBy == RespondedBy.ACCEPTED
                      ? "accepted"
                      : "accepted or reported resolved (whichever came first)";
              LocalizedName limit =
                  responseWithin
                      .map(
                          d -> {
                            LocalizedName t = Texts.duration(d);
                            return new LocalizedName(
                                "派单后" + t.zh() + "内", "within " + t.en() + " of dispatch");
                          })
                      .orElse(
                          new LocalizedName(
                              "在办理时限内（派单时起算的截止时间前）",
                              "by the case's deadline (its time limit from dispatch)"));
              yield new LocalizedName(
                  "派单工单中承办单位" + limit.zh() + zhWho + "的工单数 ÷ 派单工单数",
                  "dispatched cases whose unit "
                      + enWho
                      + " "
                      + limit.en()
                      + " ÷ cases dispatched");
            }
            case RESOLUTION ->
                resolutionBasis == ResolutionBasis.VISIT
                    ? new LocalizedName(
                        "回访时市民表示问题已解决的工单数 ÷ 已回访工单数",
                        "cases the resident called resolved at the return visit ÷ cases visited")
                    : new LocalizedName(
                        "承办单位报告已办结的工单数 ÷ 派单工单数",
                        "cases the unit reported resolved ÷ cases dispatched");
            case SATISFACTION ->
                new LocalizedName(
                    "回访答复为"
                        + satisfiedAnswers.stream()
                            .map(a -> Texts.answer(a).zh())
                            .collect(Collectors.joining("、"))
                        + "的工单数 ÷ 已回访工单数",
                    "cases visited whose answer was "
                        + satisfiedAnswers.stream()
                            .map(a -> Texts.answer(a).en())
                            .collect(Collectors.joining(" or "))
                        + " ÷ cases visited");
          };
      return new RateDefinition(kind, kind.displayName(), Texts.inMonth(text));
    }

    public List<RateDefinition> definitions() {
      return List.of(
          definition(RateKind.RESPONSE),
          definition(RateKind.RESOLUTION),
          definition(RateKind.SATISFACTION));
    }
  }

  /**
   * How areas are ranked.
   *
   * @param weights of each rate in the composite (a rate of weight 0 is left out)
   * @param tieBreak the rates compared, in order, when composites are equal
   */
  public record RankingRules(
      Map<RateKind, Double> weights, NoDataRule noData, List<RateKind> tieBreak) {

    public static final RankingRules DEFAULTS =
        new RankingRules(
            Map.of(RateKind.RESPONSE, 1.0, RateKind.RESOLUTION, 1.0, RateKind.SATISFACTION, 1.0),
            NoDataRule.SKIP,
            List.of(RateKind.SATISFACTION, RateKind.RESOLUTION, RateKind.RESPONSE));

    public RankingRules {
      Map<RateKind, Double> w = new EnumMap<>(RateKind.class);
      for (RateKind k : RateKind.values()) {
        double v = weights.getOrDefault(k, 0.0);
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("ranking.weights." + k.code() + " must be >= 0");
        }
        w.put(k, v);
      }
      if (w.values().stream().allMatch(v -> v == 0)) {
        throw new IllegalArgumentException("ranking.weights: at least one must be above 0");
      }
      weights = Map.copyOf(w);
      Objects.requireNonNull(noData, "noData");
      tieBreak = List.copyOf(tieBreak);
    }

    /** The rule, printed with every ranking. */
    public LocalizedName describe() {
      String zhWeights =
          weightedKinds().stream()
              .map(k -> k.displayName().zh() + "×" + Texts.number(weights.get(k)))
              .collect(Collectors.joining("、"));
      String enWeights =
          weightedKinds().stream()
              .map(k -> k.code() + " × " + Texts.number(weights.get(k)))
              .collect(Collectors.joining(", "));
      String zhTie =
          tieBreak.stream().map(k -> k.displayName().zh()).collect(Collectors.joining("、"));
      String enTie = tieBreak.stream().map(RateKind::code).collect(Collectors.joining(", "));
      return new LocalizedName(
          "综合得分为各率的加权平均（"
              + zhWeights
              + "）；"
              + (noData == NoDataRule.SKIP ? "无数据的率不计入平均，其余权重单独计算" : "任一计权的率无数据则不参与排名")
              + "；各率均无数据者不排名，列于最后。得分保留6位小数相同者，依次比较"
              + zhTie
              + "（无数据低于任何数值）；仍相同者并列（1、2、2、4）。",
          "Composite: the weighted mean of the rates ("
              + enWeights
              + "); "
              + (noData == NoDataRule.SKIP
                  ? "a rate with no data is left out of the mean and the other weights count"
                      + " alone"
                  : "an area with no data for any weighted rate is not ranked")
              + "; an area with no rate with data is not ranked and is listed last. Composites"
              + " equal to 6 decimal places are broken by "
              + enTie
              + " in that order (no data below any figure); still equal, they share the rank"
              + " (1, 2, 2, 4).");
    }

    List<RateKind> weightedKinds() {
      return Arrays.stream(RateKind.values()).filter(k -> weights.get(k) > 0).toList();
    }
  }

  /**
   * Units' figures.
   *
   * @param solvedWithin the headline share: resolved within this time of dispatch
   * @param solvedUrgencies ... counted over cases of these urgencies
   * @param praiseRequestTypes a case is praise (表扬) when its request type is one of these
   * @param praiseCategories ... or its category is one of these
   */
  public record UnitRules(
      Duration solvedWithin,
      List<String> solvedUrgencies,
      List<String> praiseRequestTypes,
      List<String> praiseCategories) {

    public static final UnitRules DEFAULTS =
        new UnitRules(
            Duration.ofDays(3), List.of("general"), List.of("praise"), List.of("general.praise"));

    public UnitRules {
      Durations.positive(solvedWithin, "units.solvedWithin");
      solvedUrgencies = List.copyOf(solvedUrgencies);
      praiseRequestTypes = List.copyOf(praiseRequestTypes);
      praiseCategories = List.copyOf(praiseCategories);
    }

    public LocalizedName solvedWithinDefinition() {
      LocalizedName d = Texts.duration(solvedWithin);
      return Texts.inMonth(
          new LocalizedName(
              "紧急程度为" + String.join("、", solvedUrgencies) + "的工单中派单后" + d.zh() + "内办结的数 ÷ 已办结数",
              "cases of urgency "
                  + String.join(", ", solvedUrgencies)
                  + " resolved within "
                  + d.en()
                  + " of dispatch ÷ those resolved"));
    }

    public LocalizedName praiseDefinition() {
      return Texts.inMonth(
          new LocalizedName(
              "诉求类型为"
                  + String.join("、", praiseRequestTypes)
                  + "或分类为"
                  + String.join("、", praiseCategories)
                  + "的工单，按派往的承办单位计；当场办结的表扬不指向单位，计入“无承办单位”",
              "cases of request type "
                  + String.join(", ", praiseRequestTypes)
                  + " or category "
                  + String.join(", ", praiseCategories)
                  + ", counted for the unit they were passed to; praise answered on the call names"
                  + " no unit and counts under 'no unit'"));
    }
  }

  /** The monthly classification of streets; see reports.yaml for each threshold. */
  public record ClassificationRules(
      long minimumDispatched,
      double rectifyCompositeBelow,
      double rectifyAnyRateBelow,
      double rectifyDropAtLeast,
      double advancedCompositeAtLeast,
      double advancedEveryRateAtLeast,
      double improvingRiseAtLeast) {

    public static final ClassificationRules DEFAULTS =
        new ClassificationRules(5, 0.80, 0.60, 0.10, 0.90, 0.85, 0.05);

    public ClassificationRules {
      if (minimumDispatched < 0) {
        throw new IllegalArgumentException("classification.minimumDispatched must be >= 0");
      }
      for (double v :
          new double[] {
            rectifyCompositeBelow,
            rectifyAnyRateBelow,
            rectifyDropAtLeast,
            advancedCompositeAtLeast,
            advancedEveryRateAtLeast,
            improvingRiseAtLeast
          }) {
        if (!(v >= 0 && v <= 1)) {
          throw new IllegalArgumentException("classification thresholds are between 0 and 1");
        }
      }
    }

    /** The rules in the order they are tried, printed with the classification. */
    public List<LocalizedName> describe() {
      return List.of(
          new LocalizedName(
              "1. 当月派单少于" + minimumDispatched + "件：管理类（样本不足）",
              "1. fewer than "
                  + minimumDispatched
                  + " cases dispatched in the month: managed (too few to judge)"),
          new LocalizedName(
              "2. 综合得分低于"
                  + pct(rectifyCompositeBelow)
                  + "，或任一有数据的率低于"
                  + pct(rectifyAnyRateBelow)
                  + "，或综合得分较上月下降"
                  + pct(rectifyDropAtLeast)
                  + "及以上：整改类",
              "2. composite below "
                  + pct(rectifyCompositeBelow)
                  + ", or any rate with data below "
                  + pct(rectifyAnyRateBelow)
                  + ", or the composite fell by "
                  + pct(rectifyDropAtLeast)
                  + " or more since the previous month: must rectify"),
          new LocalizedName(
              "3. 综合得分不低于"
                  + pct(advancedCompositeAtLeast)
                  + "且每个有数据的率不低于"
                  + pct(advancedEveryRateAtLeast)
                  + "：先进类",
              "3. composite at least "
                  + pct(advancedCompositeAtLeast)
                  + " and every rate with data at least "
                  + pct(advancedEveryRateAtLeast)
                  + ": advanced"),
          new LocalizedName(
              "4. 综合得分较上月上升" + pct(improvingRiseAtLeast) + "及以上：进步类",
              "4. composite rose by "
                  + pct(improvingRiseAtLeast)
                  + " or more since the previous month: improving"),
          new LocalizedName("5. 其余：管理类", "5. everyone else: managed"));
    }

    private static String pct(double v) {
      return Texts.number(v * 100) + "%";
    }
  }

  /** Who is on the focus list. */
  public record FocusRules(int topByCalls, int populationAtLeast) {

    public static final FocusRules DEFAULTS = new FocusRules(10, 200_000);

    public FocusRules {
      if (topByCalls < 0 || populationAtLeast < 0) {
        throw new IllegalArgumentException("focus settings must be >= 0");
      }
    }

    public LocalizedName describe() {
      return new LocalizedName(
          "当月工单量前" + topByCalls + "名的街乡镇（末位并列者一并列入），以及常住人口" + populationAtLeast + "人及以上的街乡镇",
          "the "
              + topByCalls
              + " streets with the most cases in the month (all tied at the last place come in),"
              + " and every street of "
              + populationAtLeast
              + " residents or more");
    }
  }

  /** The district review. */
  public record ReviewRules(int topProblems, int openLookbackMonths) {

    public static final ReviewRules DEFAULTS = new ReviewRules(10, 6);

    public ReviewRules {
      if (topProblems < 1 || openLookbackMonths < 1) {
        throw new IllegalArgumentException("review settings must be >= 1");
      }
    }
  }

  /**
   * The statistical rule for a jump: λ = the mean count of the previous {@code baselinePeriods}
   * (periods in which the record has no case at all are left out), floored at {@code
   * baselineFloor}; a count jumped when count ≥ {@code minimumCount} and z = (count − λ) / √λ ≥
   * {@code zAtLeast}.
   */
  public record JumpRule(
      int baselinePeriods, long minimumCount, double zAtLeast, double baselineFloor) {

    public JumpRule {
      if (baselinePeriods < 1 || minimumCount < 1 || !(zAtLeast > 0) || !(baselineFloor > 0)) {
        throw new IllegalArgumentException(
            "a jump rule needs baselinePeriods, minimumCount, zAtLeast and baselineFloor > 0");
      }
    }

    /** λ for a total over {@code periods} periods. */
    public double baseline(long total, int periods) {
      return Math.max(periods == 0 ? 0 : (double) total / periods, baselineFloor);
    }

    public double z(long count, double baseline) {
      return (count - baseline) / Math.sqrt(baseline);
    }

    public boolean jumped(long count, double z) {
      return count >= minimumCount && z >= zAtLeast;
    }

    public LocalizedName describe(LocalizedName period) {
      return new LocalizedName(
          "λ = 该街乡镇该类别前"
              + baselinePeriods
              + "个"
              + period.zh()
              + "的平均件数（记录中全无工单的"
              + period.zh()
              + "不计），不低于"
              + Texts.number(baselineFloor)
              + "；本"
              + period.zh()
              + "件数 ≥ "
              + minimumCount
              + " 且 z = (件数 − λ) / √λ ≥ "
              + Texts.number(zAtLeast)
              + " 即为突增（泊松计数的正态近似）",
          "λ = the street's mean count of the category over the "
              + baselinePeriods
              + " previous "
              + period.en()
              + "s (a "
              + period.en()
              + " with no case at all in the record left out), at least "
              + Texts.number(baselineFloor)
              + "; a jump when this "
              + period.en()
              + "'s count ≥ "
              + minimumCount
              + " and z = (count − λ) / √λ ≥ "
              + Texts.number(zAtLeast)
              + " (a Poisson count against its mean, normal approximation)");
    }
  }

  /** Hot issues (未诉先办). */
  public record HotIssueRules(
      int topCategories,
      CategoryLevel categoryLevel,
      JumpRule monthlyJump,
      JumpRule weeklyJump,
      int frequentCallerCases,
      int weeklyFrequentCallerCases,
      int frequentLocationCases,
      int weeklyFrequentLocationCases,
      int listTop) {

    public static final HotIssueRules DEFAULTS =
        new HotIssueRules(
            5,
            CategoryLevel.LEAF,
            new JumpRule(3, 10, 3.0, 1.0),
            new JumpRule(4, 5, 3.0, 1.0),
            5,
            3,
            5,
            3,
            20);

    public HotIssueRules {
      Objects.requireNonNull(categoryLevel, "categoryLevel");
      Objects.requireNonNull(monthlyJump, "monthlyJump");
      Objects.requireNonNull(weeklyJump, "weeklyJump");
      if (topCategories < 1
          || frequentCallerCases < 2
          || weeklyFrequentCallerCases < 2
          || frequentLocationCases < 2
          || weeklyFrequentLocationCases < 2
          || listTop < 1) {
        throw new IllegalArgumentException(
            "hotIssues: topCategories and listTop >= 1, frequent counts >= 2");
      }
    }
  }

  /** One of the twelve livelihood dimensions (七有五性) and the taxonomy codes it counts. */
  public record LivelihoodDimension(String id, LocalizedName name, List<String> categories) {

    public LivelihoodDimension {
      if (id == null || !id.matches("[a-z_]{1,32}")) {
        throw new IllegalArgumentException("a livelihood dimension id must be [a-z_]: " + id);
      }
      Objects.requireNonNull(name, "name");
      categories = List.copyOf(categories);
    }

    /** Whether {@code category} (a leaf code) counts here: named, or its group named. */
    public boolean counts(String category) {
      if (category == null) {
        return false;
      }
      for (String code : categories) {
        if (category.equals(code) || category.startsWith(code + ".")) {
          return true;
        }
      }
      return false;
    }
  }

  /** The livelihood index. */
  public record LivelihoodRules(int trendMonths, List<LivelihoodDimension> dimensions) {

    public LivelihoodRules {
      if (trendMonths < 2 || trendMonths > 36) {
        throw new IllegalArgumentException("livelihood.trendMonths must be 2..36");
      }
      dimensions = List.copyOf(dimensions);
      long distinct = dimensions.stream().map(LivelihoodDimension::id).distinct().count();
      if (distinct != dimensions.size()) {
        throw new IllegalArgumentException("livelihood: a dimension id appears twice");
      }
    }
  }
}
