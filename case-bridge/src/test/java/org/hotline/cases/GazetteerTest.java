package org.hotline.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.hotline.cases.api.Jurisdiction;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.cases.jurisdiction.Resolution;
import org.hotline.cases.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Location text as residents say it, resolved to a street or left for the agent to choose. */
class GazetteerTest {

  private final Gazetteer g = Fixtures.gazetteer();

  private String resolved(String text) {
    Resolution r = g.resolve(text);
    return assertInstanceOf(Resolution.Resolved.class, r, text + " → " + r).jurisdiction().fullId();
  }

  private List<String> candidates(String text) {
    Resolution r = g.resolve(text);
    return assertInstanceOf(Resolution.Ambiguous.class, r, text + " → " + r).candidates().stream()
        .map(Jurisdiction::fullId)
        .toList();
  }

  @Test
  void landmarksAndNeighbourhoodsResolveToTheirStreet() {
    assertEquals("chaoyang.wangjing", resolved("望京SOHO塔3楼下"));
    assertEquals("chaoyang.wangjing", resolved("望京西园三区"));
    assertEquals("haidian.zhongguancun", resolved("中关村大街27号"));
    assertEquals("changping.huilongguan", resolved("回龙观东大街地铁站"));
    assertEquals("xicheng.shichahai", resolved("后海银锭桥边上"));
    assertEquals("daxing.yufa", resolved("大兴机场高速出口"));
    assertEquals("chaoyang.jiuxianqiao", resolved("798艺术区"));
    assertEquals("chaoyang.jianwai", resolved("cbd 国贸三期"), "Latin letters in any case");
  }

  @Test
  void theStreetNameWithoutItsSuffixAlsoMatches() {
    assertEquals("fengtai.fangzhuang", resolved("方庄芳城园一区"));
    assertEquals("tongzhou.songzhuang", resolved("通州宋庄小堡村"));
  }

  @Test
  void aLongerNameHidesAShorterOneInsideIt() {
    // 朝阳门 is a gate of the old city in Dongcheng, not Chaoyang District
    assertEquals("dongcheng.chaoyangmen", resolved("朝阳门内大街"));
    assertEquals("dongcheng.yongdingmenwai", resolved("永定门外大街"));
    assertEquals("changping.chengbei", resolved("昌平鼓楼南街"));
  }

  @Test
  void aNameSharedByTwoStreetsIsAmbiguousAndADistrictNarrowsIt() {
    assertEquals(
        List.of("changping.tiantongyuanbei", "changping.tiantongyuannan"), candidates("天通苑东三区"));
    assertEquals(List.of("chaoyang.balizhuang", "haidian.balizhuang"), candidates("八里庄北里"));
    assertEquals("haidian.balizhuang", resolved("海淀区八里庄"));
    assertEquals(List.of("dongcheng.jiaodaokou", "miyun.gulou"), candidates("鼓楼附近"));
    assertEquals(List.of("chaoyang.dongfeng", "fangshan.dongfeng"), candidates("东风"));
  }

  @Test
  void aDistrictAloneAsksForTheStreetWithTheDistrictsStreetsAsCandidates() {
    Resolution r = g.resolve("朝阳区");
    Resolution.Ambiguous a = assertInstanceOf(Resolution.Ambiguous.class, r);
    assertTrue(a.districtOnly());
    assertTrue(a.candidates().stream().allMatch(j -> j.districtId().equals("chaoyang")));
    assertTrue(a.candidates().size() > 20);
  }

  @Test
  void somewhereElseIsUnknown() {
    assertInstanceOf(Resolution.Unknown.class, g.resolve("上海市浦东新区陆家嘴"));
    assertInstanceOf(Resolution.Unknown.class, g.resolve(""));
  }

  private static Gazetteer loadText(String yaml) throws IOException {
    Path file = Files.createTempFile("jurisdictions", ".yaml");
    try {
      Files.writeString(file, yaml);
      return Gazetteer.load(file);
    } finally {
      Files.delete(file);
    }
  }

  private static OptionalInt population(Gazetteer gazetteer, String district, String street) {
    return gazetteer.district(district).orElseThrow().streets().stream()
        .filter(s -> s.id().equals(street))
        .findFirst()
        .orElseThrow()
        .population();
  }

  @Test
  void theShippedGazetteerGivesEveryStreetAPopulationSomeOfThemOver200000() {
    assertEquals(OptionalInt.of(231_000), population(g, "changping", "huilongguan"));
    assertEquals(OptionalInt.of(200_000), population(g, "chaoyang", "laiguangying"));
    long large =
        g.districts().stream()
            .flatMap(d -> d.streets().stream())
            .peek(s -> assertTrue(s.population().isPresent(), s.id() + " has a population"))
            .filter(s -> s.population().getAsInt() >= 200_000)
            .count();
    assertTrue(large >= 3, "streets of 200,000 or more: " + large);
  }

  @Test
  void aGazetteerWithoutPopulationsStillLoadsAndResolves() throws IOException {
    Gazetteer old =
        loadText(
            """
            districts:
              - id: dongcheng
                name: {zh: 东城区, en: Dongcheng District}
                streets:
                  - {id: qianmen, zh: 前门街道, en: Qianmen Subdistrict, aliases: [前门]}
                  - {id: tiantan, zh: 天坛街道, population: 91000}
            """);
    assertEquals(OptionalInt.empty(), population(old, "dongcheng", "qianmen"));
    assertEquals(OptionalInt.of(91_000), population(old, "dongcheng", "tiantan"));
    Resolution r = old.resolve("前门大街");
    assertEquals(
        "dongcheng.qianmen",
        assertInstanceOf(Resolution.Resolved.class, r).jurisdiction().fullId());
  }

  @Test
  void aPopulationThatIsNotAWholeNumberOfResidentsIsRefusedNamingTheStreet() {
    for (String bad : List.of("-5", "12.5", "many")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  loadText(
                      "districts:\n  - id: dongcheng\n    streets:\n"
                          + "      - {id: qianmen, zh: 前门街道, population: "
                          + bad
                          + "}\n"));
      assertTrue(e.getMessage().contains("dongcheng.qianmen"), e.getMessage());
    }
  }
}
