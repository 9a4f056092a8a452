package org.hotline.cases.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.OutboxSettings;
import org.hotline.cases.delivery.DeliveryTarget;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.cases.metrics.CaseEvents;
import org.hotline.cases.store.PgCaseBridge;
import org.hotline.cases.taxonomy.Taxonomy;
import org.hotline.cityrecord.CityRecord;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;

/** The real configuration files, a fresh centre (and database) per test, and small builders. */
public final class Fixtures {

  public static final byte[] INBOUND_KEY =
      "inbound-test-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  public static final byte[] WEBHOOK_KEY =
      "webhook-test-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static final AtomicInteger CENTRES = new AtomicInteger();
  private static final Map<String, String> DATABASES = new HashMap<>();
  private static Taxonomy taxonomy;
  private static Gazetteer gazetteer;

  private Fixtures() {}

  /** {@code config/} of the repository. */
  public static Path configDir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("config/taxonomy.yaml"))) {
        return p.resolve("config");
      }
    }
    throw new IllegalStateException("no config/taxonomy.yaml above " + here);
  }

  public static synchronized Taxonomy taxonomy() {
    if (taxonomy == null) {
      taxonomy = Taxonomy.load(configDir().resolve("taxonomy.yaml"));
    }
    return taxonomy;
  }

  public static synchronized Gazetteer gazetteer() {
    if (gazetteer == null) {
      gazetteer = Gazetteer.load(configDir().resolve("jurisdictions.yaml"));
    }
    return gazetteer;
  }

  /** A centre id no other test uses: each centre has a database of its own. */
  public static String freshCentre(String name) {
    return name + "-" + CENTRES.incrementAndGet();
  }

  /** Defaults with a fresh centre and quick outbox timings for tests. */
  public static CasesConfig config(String name) {
    return CasesConfig.defaults()
        .withCentre(freshCentre(name))
        .withOutbox(
            new OutboxSettings(
                5,
                Duration.ofMillis(20),
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                16,
                Duration.ofMillis(20),
                true));
  }

  /**
   * The database of a centre: each centre id gets its own, migrated, on the shared PostgreSQL (a
   * copy of a template migrated once per JVM).
   */
  public static synchronized String databaseUrl(String centreId) {
    return DATABASES.computeIfAbsent(centreId, c -> migratedDatabase(LocalPostgres.shared(), c));
  }

  /** A new database on {@code pg} with the city record's schema. */
  public static String migratedDatabase(LocalPostgres pg, String prefix) {
    return pg.createDatabase(
        prefix.replaceAll("[^a-z0-9_]", "_"),
        "city_record",
        url -> CityRecord.migrate(url, pg.user(), pg.password()));
  }

  /** A pool of a few connections to {@code url} on the shared server. */
  public static Database connect(String url) {
    LocalPostgres pg = LocalPostgres.shared();
    return Database.connect(
        DatabaseSettings.of(url, pg.user(), pg.password(), "case-bridge-test").withPoolSize(4));
  }

  public static PgCaseBridge bridge(CasesConfig config, DeliveryTarget target, Clock clock) {
    return bridge(databaseUrl(config.centreId()), config, target, clock, CaseEvents.NONE);
  }

  /** A bridge with a pool of its own on the database at {@code url}, closed with it. */
  public static PgCaseBridge bridge(
      String url, CasesConfig config, DeliveryTarget target, Clock clock, CaseEvents events) {
    return bridge(connect(url), config, target, clock, events);
  }

  public static PgCaseBridge bridge(
      Database db, CasesConfig config, DeliveryTarget target, Clock clock, CaseEvents events) {
    return PgCaseBridge.builder(db, config, taxonomy(), gazetteer())
        .ownsDatabase(true)
        .target(target)
        .clock(clock)
        .events(events)
        .inboundKey(INBOUND_KEY)
        .build();
  }

  /** A call answered 20 s after it entered, by agent a1 at seat 036. */
  public static CallFacts answeredCall(String callId, String caller, Instant entered) {
    return CallFacts.entered(callId, "pbx1", caller, "general", entered)
        .answered("a1", "036", entered.plusSeconds(20));
  }

  /** A complete dispatch form: heating complaint in Wangjing. */
  public static CaseForm heatingForm() {
    return new CaseForm(
        "complaint",
        "heating.not_warm",
        "望京西园三区5号楼2单元暖气不热",
        null,
        null,
        null,
        "室温只有14度，已持续三天，物业称热力公司负责。",
        "dispatch",
        null,
        null,
        null,
        "a1");
  }

  public static CaseForm form(String category, String location, String summary) {
    return new CaseForm(
        "complaint",
        category,
        location,
        null,
        null,
        null,
        summary,
        "dispatch",
        null,
        null,
        null,
        "a1");
  }

  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code condition} holds, or fails after {@code limit}. */
  public static void eventually(
      Duration limit, String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
