package org.hotline.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cases.api.Urgency;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.CasesConfigLoader;
import org.hotline.cases.config.DeliverySettings;
import org.hotline.cases.config.Secrets;
import org.hotline.cases.jurisdiction.District;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.cases.taxonomy.Category;
import org.hotline.cases.taxonomy.Taxonomy;
import org.hotline.cases.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped configuration files load, and say what the hotline needs. */
class ConfigFilesTest {

  static final List<String> DISTRICTS =
      List.of(
          "dongcheng",
          "xicheng",
          "chaoyang",
          "haidian",
          "fengtai",
          "shijingshan",
          "mentougou",
          "fangshan",
          "tongzhou",
          "shunyi",
          "changping",
          "daxing",
          "huairou",
          "pinggu",
          "miyun",
          "yanqing");

  @Test
  void theGazetteerHasBeijingsSixteenDistrictsWithTheQueueIdsAndManyStreets() {
    Gazetteer g = Fixtures.gazetteer();
    assertEquals(DISTRICTS, g.districts().stream().map(District::id).toList());
    int streets = 0;
    for (District d : g.districts()) {
      assertTrue(d.streets().size() >= 9, d.id() + " has a good sample of streets");
      streets += d.streets().size();
    }
    assertTrue(streets > 200, "streets and townships: " + streets);
  }

  @Test
  void theTaxonomyIsTwoLevelsEachLeafWithUrgencyOwnerAndServiceCode() {
    Taxonomy t = Fixtures.taxonomy();
    assertTrue(t.topLevel().size() >= 15);
    for (String code :
        List.of(
            "construction",
            "property",
            "rental",
            "parking",
            "heating",
            "noise",
            "lift",
            "utilities",
            "sanitation",
            "transport",
            "labour",
            "market",
            "education",
            "health",
            "social_security")) {
      assertTrue(t.find(code).isPresent(), code);
    }
    for (Category leaf : t.leaves()) {
      assertTrue(leaf.urgency().isPresent() && leaf.serviceCode().isPresent(), leaf.code());
      assertTrue(t.ownerType(leaf.ownerType().orElseThrow()).isPresent(), leaf.code());
      assertFalse(leaf.name().en().equals(leaf.name().zh()), "English name of " + leaf.code());
    }
    assertEquals(Urgency.UTILITY, t.leaf("heating.not_warm").orElseThrow().urgency().orElseThrow());
    assertEquals(Urgency.EMERGENCY, t.leaf("lift.trapped").orElseThrow().urgency().orElseThrow());
    assertTrue(t.leaf("heating").isEmpty(), "a top-level category is not a leaf");
  }

  @Test
  void casesYamlGivesTheFourTimeLimitsAndNamesSecretsByEnvironmentVariable() {
    CasesConfig c = CasesConfigLoader.load(Fixtures.configDir().resolve("cases.yaml"));
    assertEquals(Duration.ofHours(2), c.timeLimit(Urgency.EMERGENCY));
    assertEquals(Duration.ofHours(24), c.timeLimit(Urgency.UTILITY));
    assertEquals(Duration.ofDays(7), c.timeLimit(Urgency.GENERAL));
    assertEquals(Duration.ofDays(15), c.timeLimit(Urgency.COMPLEX));
    assertEquals("main", c.centreId());
    assertEquals(DeliverySettings.Target.JSONL, c.delivery().target());
    assertEquals("HOTLINE_WEBHOOK_SECRET", c.delivery().webhook().secretEnv());
    assertEquals("HOTLINE_OPEN311_API_KEY", c.delivery().open311().apiKeyEnv());
    assertEquals(0.8, c.supervision().nearingAt());
    assertEquals(12, c.outbox().maxAttempts());
  }

  @Test
  void theGatewayBuildsTheBridgeFromTheConfigDirectoryWithSecretsFromTheEnvironment() {
    java.time.Clock clock = java.time.Clock.systemUTC();
    Secrets env = new Secrets(Map.of("HOTLINE_INBOUND_SECRET", "0123456789abcdef0123")::get);
    Secrets none = new Secrets(name -> null);
    // nothing listens on port 1: building must not need the database
    String nowhere = "jdbc:postgresql://127.0.0.1:1/none";
    for (Secrets secrets : List.of(env, none)) {
      try (org.hotline.pg.support.Database db =
              org.hotline.pg.support.Database.connect(
                  org.hotline.pg.support.DatabaseSettings.of(nowhere, "u", "p", "test"));
          org.hotline.cases.store.PgCaseBridge bridge =
              org.hotline.cases.store.PgCaseBridge.fromConfig(
                      Fixtures.configDir(), db, secrets, clock)
                  .build()) {
        assertEquals("main", bridge.config().centreId());
        assertTrue(bridge.taxonomy().find("heating.not_warm").isPresent());
        // with the key a bad signature is refused as such; without it, every update is
        org.hotline.cases.api.CaseBridgeException refused =
            assertThrows(
                org.hotline.cases.api.CaseBridgeException.class,
                () -> Fixtures.await(bridge.receiveStatusUpdate("{}".getBytes(), header -> null)));
        assertEquals(secrets == none, refused.getMessage().contains("no inbound key configured"));
      }
    }
  }

  @Test
  void secretsComeFromTheEnvironmentOrAFileAndAreNeverDefaulted(@TempDir Path dir)
      throws Exception {
    Secrets env = new Secrets(Map.of("K", " s3cret \n")::get);
    assertEquals("s3cret", new String(env.require("K", Optional.empty())));
    Path file = dir.resolve("key");
    Files.writeString(file, "from-file\n");
    Secrets none = new Secrets(name -> null);
    assertEquals("from-file", new String(none.require("K", Optional.of(file.toString()))));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> none.require("K", Optional.empty()));
    assertTrue(e.getMessage().contains("K"));
  }
}
