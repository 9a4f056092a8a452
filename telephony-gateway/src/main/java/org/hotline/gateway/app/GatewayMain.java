package org.hotline.gateway.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hotline.cityrecord.CityRecord;
import org.hotline.gateway.cases.CaseBridges;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.SeatManagerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production main: {@code java -jar telephony-gateway.jar [config-dir]} with {@code REDIS_URL},
 * {@code DATABASE_URL} (see {@code DatabaseSettings.fromEnvironment}) and each server's AMI secret
 * in the environment. The city's record is migrated before anything else starts.
 */
public final class GatewayMain {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {}

  public static void main(String[] args) throws Exception {
    Path dir =
        Path.of(
            args.length > 0 ? args[0] : System.getenv().getOrDefault("HOTLINE_CONFIG", "config"));
    String redis = System.getenv("REDIS_URL");
    if (redis == null || redis.isBlank()) {
      System.err.println("REDIS_URL is not set (e.g. redis://127.0.0.1:6379)");
      System.exit(2);
    }
    DatabaseSettings dbSettings;
    try {
      dbSettings = DatabaseSettings.fromEnvironment("telephony-gateway");
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println(
          e.getMessage() + " (e.g. DATABASE_URL=postgres://hotline@127.0.0.1:5432/hotline)");
      System.exit(2);
      return;
    }
    Database db = Database.connect(dbSettings);
    CityRecord.migrate(db);
    SeatManagerConfig seats = ConfigLoader.load(dir);
    GatewayConfig config = GatewayConfigLoader.load(dir.resolve("gateway.yaml"), System::getenv);
    CaseBridges.Opened cases =
        CaseBridges.open(dir, db, org.hotline.cases.config.Secrets.fromSystem(), Clock.systemUTC());
    MeteredVertx vertx = MeteredVertx.create();
    // bound before the gateway starts: deliveries and submissions from the first moment count
    cases.metrics().bindTo(vertx.registry());
    Gateway gateway =
        Gateway.start(
                vertx,
                config,
                seats,
                redis,
                Optional.of(cases.bridge()),
                Optional.of(db),
                Clock.systemUTC())
            .await(60, TimeUnit.SECONDS);
    LOG.info("gateway up: FastAGI on {}, HTTP on {}", gateway.agiPort(), gateway.httpPort());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    gateway.close().await(10, TimeUnit.SECONDS);
                    vertx.close().await(10, TimeUnit.SECONDS);
                    db.close();
                  } catch (Exception e) {
                    LOG.warn("shutdown: {}", e.toString());
                  }
                },
                "gateway-shutdown"));
  }
}
