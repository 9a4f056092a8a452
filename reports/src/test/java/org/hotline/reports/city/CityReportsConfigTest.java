package org.hotline.reports.city;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hotline.cases.api.RequestType;
import org.hotline.reports.city.CityReportsConfig.LivelihoodDimension;
import org.hotline.reports.city.CityReportsConfig.RateRules;
import org.hotline.reports.city.CityReportsConfig.RespondedBy;
import org.hotline.reports.format.CsvTable;
import org.junit.jupiter.api.Test;

/** config/reports.yaml against the taxonomy and the case bridge's request types. */
class CityReportsConfigTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theShippedFileSaysWhatTheJavaDefaultsSay() {
    CityReportsConfig shipped = ConfigFiles.shipped();
    CityReportsConfig defaults = CityReportsConfig.defaults(OctoberRecord.ZONE);
    assertEquals(defaults.rates(), shipped.rates());
    assertEquals(defaults.ranking(), shipped.ranking());
    assertEquals(defaults.units(), shipped.units());
    assertEquals(defaults.classification(), shipped.classification());
    assertEquals(defaults.focus(), shipped.focus());
    assertEquals(defaults.review(), shipped.review());
    assertEquals(defaults.hotIssues(), shipped.hotIssues());
  }

  @Test
  void praiseIsARequestTypeTheCaseBridgeKnowsAndACategoryOfTheTaxonomy() {
    CityReportsConfig shipped = ConfigFiles.shipped();
    assertEquals(List.of("praise"), shipped.units().praiseRequestTypes());
    for (String type : shipped.units().praiseRequestTypes()) {
      assertEquals(
          Optional.of(RequestType.PRAISE), RequestType.parse(type), type + " is a request type");
    }
    Categories taxonomy = ConfigFiles.categories();
    for (String code : shipped.units().praiseCategories()) {
      assertTrue(taxonomy.known(code), code);
    }
    assertEquals("表扬感谢", taxonomy.name("general.praise").zh());
  }

  @Test
  void theLivelihoodIndexHasTheTwelveDimensionsEachMappedToCategoriesOfTheTaxonomy() {
    List<LivelihoodDimension> dims = ConfigFiles.shipped().livelihood().dimensions();
    assertEquals(
        List.of(
            "幼有所育", "学有所教", "劳有所得", "病有所医", "老有所养", "住有所居", "弱有所扶", "便利性", "宜居性", "多样性", "公正性",
            "安全性"),
        dims.stream().map(d -> d.name().zh()).toList());
    Categories taxonomy = ConfigFiles.categories();
    for (LivelihoodDimension d : dims) {
      assertTrue(!d.categories().isEmpty(), d.id() + " counts something");
      d.categories().forEach(code -> assertTrue(taxonomy.known(code), d.id() + ": " + code));
    }
    // a group stands for its leaves; a leaf only for itself
    LivelihoodDimension housing =
        dims.stream().filter(d -> d.id().equals("housing")).findFirst().orElseThrow();
    assertTrue(housing.counts("property.fees"));
    assertTrue(!housing.counts("propertyx.fees") && !housing.counts("community.broadband"));
  }

  @Test
  void aCategoryTheTaxonomyDoesNotKnowIsRefusedNamingIt() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CityReportsConfigLoader.parse(
                    YAML.readTree(
                        "livelihood: {dimensions: [{id: housing, name: {zh: 住有所居},"
                            + " categories: [property, propery.fees]}]}"),
                    OctoberRecord.ZONE,
                    ConfigFiles.categories()));
    assertTrue(e.getMessage().contains("propery.fees"), e.getMessage());
    IllegalArgumentException choice =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CityReportsConfigLoader.parse(
                    YAML.readTree("ranking: {noData: zero}"),
                    OctoberRecord.ZONE,
                    ConfigFiles.categories()));
    assertTrue(choice.getMessage().contains("[skip, unranked]"), choice.getMessage());
  }

  @Test
  void eachRatesDefinitionIsWrittenFromTheSettingsInForce() throws Exception {
    CityReportsConfig twoHours =
        CityReportsConfigLoader.parse(
            YAML.readTree(
                "rates: {response: {respondedBy: accepted, within: 2h},"
                    + " resolution: {basis: unit}, satisfaction: {satisfiedAnswers: [satisfied]}}"),
            OctoberRecord.ZONE,
            ConfigFiles.categories());
    RateRules r = twoHours.rates();
    assertEquals(
        new RateRules(
            RespondedBy.ACCEPTED,
            Optional.of(Duration.ofHours(2)),
            CityReportsConfig.ResolutionBasis.UNIT,
            List.of("satisfied")),
        r);
    assertTrue(
        r.definition(RateKind.RESPONSE)
            .definition()
            .en()
            .startsWith("dispatched cases whose unit accepted within 2 hours of dispatch"),
        r.definition(RateKind.RESPONSE).definition().en());
    assertTrue(
        r.definition(RateKind.RESPONSE).definition().zh().startsWith("派单工单中承办单位派单后2小时内受理"),
        r.definition(RateKind.RESPONSE).definition().zh());
    assertTrue(
        r.definition(RateKind.RESOLUTION)
            .definition()
            .en()
            .startsWith("cases the unit reported resolved ÷ cases dispatched"));
    assertTrue(
        r.definition(RateKind.SATISFACTION).definition().zh().startsWith("回访答复为满意的工单数"),
        r.definition(RateKind.SATISFACTION).definition().zh());
  }

  @Test
  void csvQuotesWhatNeedsQuotingAndNeverLetsASpreadsheetRunACell() {
    String csv =
        new CsvTable("a", "b", "c")
            .comment("note")
            .row("x,y", "say \"hi\"", "=HYPERLINK(\"http://x\")")
            .row(Optional.empty(), 0.5, null)
            .toString();
    assertEquals(
        "# note\r\na,b,c\r\n\"x,y\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n,0.5000,\r\n",
        csv);
  }
}
