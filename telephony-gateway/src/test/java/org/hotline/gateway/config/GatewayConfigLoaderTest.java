package org.hotline.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigLoaderTest {

  private static final Path SHIPPED = Path.of("..", "config", "gateway.yaml");

  @Test
  void theShippedConfigurationLoadsWithTheSecretFromTheEnvironment() {
    GatewayConfig config =
        GatewayConfigLoader.load(SHIPPED, Map.of("HOTLINE_AMI_SECRET", "s3cret")::get);
    assertEquals("ast1", config.asterisk().get(0).name());
    assertEquals("s3cret", config.asterisk().get(0).secret());
    assertFalse(config.asterisk().get(0).toString().contains("s3cret"), "secrets stay out of logs");
    assertEquals(4573, config.agi().port());
    assertEquals(Duration.ofSeconds(15), config.dialplan().seatRingTimeout());
    assertEquals("english", config.ivr().choices().get("2"));
    assertEquals("elderly", config.line("1234501").queue().orElseThrow());
    assertEquals(5, config.line("1234501").priority());
    assertTrue(config.line("999").ivr(), "unknown numbers get the menu");
  }

  @Test
  void theOfficialsLineAsksForEveryDistrictTheSeatManagerKnows() {
    GatewayConfig config =
        GatewayConfigLoader.load(SHIPPED, Map.of("HOTLINE_AMI_SECRET", "s")::get);
    assertTrue(config.line("1234502").districtMenu());
    assertEquals("officials", config.line("1234502").queue().orElseThrow());
    assertFalse(config.line("12345").districtMenu());
    var menu = config.officials().districtMenu();
    assertEquals(2, menu.digits());
    var districts = org.hotline.seat.config.ConfigLoader.load(Path.of("..", "config")).districts();
    assertEquals(java.util.Set.copyOf(districts), java.util.Set.copyOf(menu.choices().values()));
    assertEquals(districts.size(), menu.choices().size(), "one key for each district");
    assertEquals("chaoyang", menu.district("03").orElseThrow());
    assertTrue(menu.district("99").isEmpty());
    assertTrue(menu.district(null).isEmpty());
    assertEquals(Duration.ofHours(8), config.officials().longestSession());
    assertEquals(Duration.ofMinutes(15), config.officials().earlySignIn());
    assertTrue(config.officials().generalSkill().isEmpty());
    // every change of the configuration keeps the officials' settings
    assertEquals(
        config.officials(),
        config.withHttp("127.0.0.1", 1).withAccess(config.access()).officials());
  }

  @Test
  void aMissingSecretNamesItsVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GatewayConfigLoader.load(SHIPPED, Map.<String, String>of()::get));
    assertTrue(e.getMessage().contains("export HOTLINE_AMI_SECRET"), e.getMessage());
  }

  @Test
  void accessSettingsComeFromTheFileAndTheirSecretsFromTheEnvironmentOrAFile() throws Exception {
    GatewayConfig plain = GatewayConfigLoader.load(SHIPPED, Map.of("HOTLINE_AMI_SECRET", "s")::get);
    assertEquals(Duration.ofMinutes(30), plain.access().sessionIdle());
    assertEquals(Duration.ofHours(12), plain.access().sessionAbsolute());
    assertEquals(5, plain.access().failuresPerAccount());
    assertTrue(plain.access().metricsToken().isEmpty(), "no token: /metrics answers no one");
    java.nio.file.Path token = java.nio.file.Files.createTempFile("metrics", ".token");
    java.nio.file.Files.writeString(token, "a-token-from-a-file-0123\n");
    GatewayConfig withFile =
        GatewayConfigLoader.load(
            SHIPPED,
            Map.of(
                    "HOTLINE_AMI_SECRET", "s",
                    "HOTLINE_METRICS_TOKEN_FILE", token.toString(),
                    "HOTLINE_CSRF_SECRET", "csrf-secret")
                ::get);
    assertEquals("a-token-from-a-file-0123", withFile.access().metricsToken().orElseThrow());
    assertEquals("csrf-secret", withFile.access().csrfSecret().orElseThrow());
    IllegalArgumentException weak =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GatewayConfigLoader.load(
                    SHIPPED,
                    Map.of("HOTLINE_AMI_SECRET", "s", "HOTLINE_METRICS_TOKEN", "short")::get));
    assertTrue(weak.getMessage().contains("HOTLINE_METRICS_TOKEN"), weak.getMessage());
  }

  @Test
  void theWallboardAndTheReportsSettingsSurviveEveryChangeOfTheConfiguration() {
    GatewayConfig loaded =
        GatewayConfigLoader.load(SHIPPED, Map.of("HOTLINE_AMI_SECRET", "s3cret")::get);
    assertEquals(java.util.Set.of("036"), loaded.wallboard().officialSeats());
    assertEquals(0.8, loaded.wallboard().serviceLevelTarget(), 1e-9);
    assertEquals(SHIPPED.toAbsolutePath().getParent(), loaded.configDirectory().orElseThrow());
    GatewayConfig changed =
        loaded
            .withAsterisk(GatewayConfigLoader.single("x", "127.0.0.1", 1, "u", "s"))
            .withAgi(loaded.agi())
            .withHttp("127.0.0.1", 0)
            .withDialplan(loaded.dialplan())
            .withAccess(loaded.access())
            .withUnits(loaded.units());
    assertEquals(loaded.wallboard(), changed.wallboard());
    assertEquals(loaded.configDirectory(), changed.configDirectory());
  }
}
