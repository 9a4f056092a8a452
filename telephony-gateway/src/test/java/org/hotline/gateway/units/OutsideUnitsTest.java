package org.hotline.gateway.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Set;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.junit.jupiter.api.Test;

class OutsideUnitsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static OutsideUnits parse(String yaml) throws Exception {
    return OutsideUnits.parse(YAML.readTree(yaml), Set.of("chaoyang"));
  }

  private static String refusal(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> parse(yaml)).getMessage();
  }

  @Test
  void theShippedDirectoryLoadsWithEveryEmergencyLineUtilityAndDistrictDutyDesk() {
    OutsideUnits units =
        GatewayConfigLoader.load(
                Path.of("..", "config", "gateway.yaml"),
                java.util.Map.of("HOTLINE_AMI_SECRET", "unused")::get)
            .units();
    OutsideUnit ambulance = units.find("120").orElseThrow();
    assertEquals("120", ambulance.number());
    assertEquals("120 急救中心", ambulance.label());
    for (String id : Set.of("110", "119", "122", "water", "power", "gas", "heating")) {
      assertTrue(units.find(id).isPresent(), id);
    }
    assertEquals(
        16,
        units.all().stream().filter(u -> u.kind() == OutsideUnit.Kind.DUTY_DESK).count(),
        "one duty desk per district");
  }

  @Test
  void aMistakeNamesTheEntryAndWhatIsWrong() {
    String unit = "{id: x1, number: '96116', kind: utility, service: water, name: {zh: 水, en: W}}";
    assertEquals(1, assertDoesNotThrow(() -> parse("units: [" + unit + "]")).all().size());
    assertTrue(refusal("units: [" + unit + ", " + unit + "]").contains("unit x1 is listed twice"));
    assertTrue(
        refusal(
                "units: [{id: x2, number: '12a', kind: utility, service: water, name: {zh: a, en: b}}]")
            .contains("unit x2: 'number'"));
    assertTrue(
        refusal("units: [{id: x3, number: '120', kind: hospital, name: {zh: a, en: b}}]")
            .contains("unit x3: 'kind'"));
    assertTrue(
        refusal("units: [{id: x4, number: '120', kind: emergency, name: {zh: a, en: b}}]")
            .contains("unit x4: 'service'"));
    assertTrue(
        refusal(
                "units: [{id: x5, number: '0106', kind: duty-desk, district: atlantis,"
                    + " name: {zh: a, en: b}}]")
            .contains("'district' must be one of [chaoyang], not 'atlantis'"));
    assertTrue(refusal("units: [{id: x6, number: '120', kind: emergency}]").contains("name.zh"));
    assertTrue(refusal("units: [{number: '120'}]").contains("unit #1: 'id'"));
    assertTrue(refusal("unit: []").contains("needs a list 'units'"));
  }

  private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
    return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
  }
}
