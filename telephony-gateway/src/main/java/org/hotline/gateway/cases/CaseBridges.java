package org.hotline.gateway.cases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.CasesConfigLoader;
import org.hotline.cases.config.DeliverySettings;
import org.hotline.cases.config.Secrets;
import org.hotline.cases.delivery.DeliveryTargets;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.cases.metrics.CaseBridgeMetrics;
import org.hotline.cases.store.PgCaseBridge;
import org.hotline.cases.taxonomy.Taxonomy;
import org.hotline.pg.support.Database;
import org.hotline.seat.config.ConfigLoader;

/**
 * Opens the case bridge from the configuration directory, with its meters, on the city's record
 * (the caller has migrated it with {@code CityRecord.migrate}; the bridge does not close it).
 */
public final class CaseBridges {

  private CaseBridges() {}

  /**
   * A bridge, the meters it reports to (bind them to the gateway's registry), and the taxonomy and
   * gazetteer it was built with.
   */
  public record Opened(
      CaseBridge bridge, CaseBridgeMetrics metrics, Taxonomy taxonomy, Gazetteer gazetteer) {}

  /** As configured in {@code cases.yaml}, {@code taxonomy.yaml}, {@code jurisdictions.yaml}. */
  public static Opened open(Path configDir, Database db, Secrets secrets, Clock clock) {
    CaseBridgeMetrics metrics = new CaseBridgeMetrics();
    PgCaseBridge bridge =
        PgCaseBridge.fromConfig(configDir, db, secrets, clock)
            .events(metrics)
            .instanceId(instanceId())
            .wrapUpLimits(wrapUpLimits(configDir))
            .build();
    return new Opened(bridge, metrics, bridge.taxonomy(), bridge.gazetteer());
  }

  /**
   * For the demo and tests: another centre's name, and cases delivered to a JSON Lines file at
   * {@code jsonl}, whatever {@code cases.yaml} chose.
   */
  public static Opened openForCentre(
      Path configDir, Database db, String centreId, Path jsonl, Clock clock) {
    return openForCentre(configDir, db, centreId, jsonl, clock, UnaryOperator.identity());
  }

  /**
   * As above, with the builder changed by {@code tune} last (tests: return visits' timings, the
   * dispatch system's key).
   */
  public static Opened openForCentre(
      Path configDir,
      Database db,
      String centreId,
      Path jsonl,
      Clock clock,
      UnaryOperator<PgCaseBridge.Builder> tune) {
    CasesConfig shipped = CasesConfigLoader.load(configDir.resolve("cases.yaml"));
    CasesConfig config =
        new CasesConfig(
            centreId,
            shipped.zone(),
            shipped.timeLimits(),
            shipped.wrapUpFormLimit(),
            shipped.form(),
            shipped.history(),
            shipped.supervision(),
            shipped.outbox(),
            DeliverySettings.jsonl(jsonl),
            shipped.inbound());
    CaseBridgeMetrics metrics = new CaseBridgeMetrics();
    PgCaseBridge.Builder builder =
        PgCaseBridge.builder(
                db,
                config,
                Taxonomy.load(configDir.resolve("taxonomy.yaml")),
                Gazetteer.load(configDir.resolve("jurisdictions.yaml")))
            .clock(clock)
            .target(DeliveryTargets.create(config.delivery(), Secrets.fromSystem(), clock))
            .returnVisits(CasesConfigLoader.returnVisits(configDir.resolve("cases.yaml")))
            .events(metrics)
            .instanceId(instanceId())
            .wrapUpLimits(wrapUpLimits(configDir));
    PgCaseBridge bridge = tune.apply(builder).build();
    return new Opened(bridge, metrics, bridge.taxonomy(), bridge.gazetteer());
  }

  /**
   * The seat manager's wrap-up limit of each queue ({@code queues.yaml}): the one rule agents see
   * is that the form is due when wrap-up ends.
   */
  static Function<String, Optional<Duration>> wrapUpLimits(Path configDir) {
    if (!Files.exists(configDir.resolve("queues.yaml"))) {
      return queue -> Optional.empty();
    }
    Map<String, Duration> limits = new HashMap<>();
    ConfigLoader.load(configDir).queues().forEach(q -> limits.put(q.id(), q.wrapUpLimit()));
    return queue -> Optional.ofNullable(limits.get(queue));
  }

  private static String instanceId() {
    return "gw-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
