package org.hotline.gateway.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A Vert.x instance that reports into the gateway's Prometheus registry, with the JVM's own meters
 * (memory, GC, threads, class loading, CPU, uptime) beside the gateway's. The production main and
 * the demo start the gateway on one; a gateway started on a plain {@code Vertx.vertx()} (the tests)
 * has its own registry and simply lacks these meters.
 *
 * <p>Vert.x's HTTP server meters ({@code vertx_http_server_*}) are labelled by route template
 * ({@code /api/*>/api/agents/:agent}), method and status code only: a request's path carries agent
 * ids, call ids and callers' numbers, and its peer's address is no business of a dashboard.
 */
public final class MeteredVertx {

  /** Vert.x's name of its HTTP server latency timer ({@code vertx_http_server_response_time}). */
  static final String HTTP_RESPONSE_TIME = "vertx.http.server.response.time";

  /**
   * Latency buckets of that timer: enough for a p95 per route, a dozen series per route rather than
   * Micrometer's ~70 default buckets.
   */
  private static final List<Duration> HTTP_BUCKETS =
      Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
          .map(Duration::ofMillis)
          .toList();

  /** Methods a client may name as they are; any other (HTTP allows inventing them) is OTHER. */
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE");

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;

  private MeteredVertx(Vertx vertx, PrometheusMeterRegistry registry, JvmGcMetrics gc) {
    this.vertx = vertx;
    this.registry = registry;
    this.gc = gc;
  }

  /** A new registry with the JVM's meters, and a Vert.x reporting into it. */
  public static MeteredVertx create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // filters first: a filter added later does not reach meters registered before it
    registry.config().meterFilter(knownMethodsOnly()).meterFilter(httpLatencyBuckets());
    JvmGcMetrics gc = new JvmGcMetrics();
    List<MeterBinder> jvm =
        List.of(
            new JvmMemoryMetrics(),
            gc,
            new JvmThreadMetrics(),
            new ClassLoaderMetrics(),
            new ProcessorMetrics(),
            new UptimeMetrics());
    jvm.forEach(binder -> binder.bindTo(registry));
    Vertx vertx =
        Vertx.builder()
            .with(new VertxOptions().setMetricsOptions(options()))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    return new MeteredVertx(vertx, registry, gc);
  }

  /** What Vert.x measures, and by which labels. */
  static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        // Vert.x keeps its backends in a JVM-wide map by this name: a second instance (a test)
        // under the default name would be handed the first one's registry
        .setRegistryName("hotline-" + UUID.randomUUID())
        // never HTTP_PATH, REMOTE or LOCAL: see the class comment
        .setLabels(
            EnumSet.of(
                Label.HTTP_ROUTE,
                Label.HTTP_METHOD,
                Label.HTTP_CODE,
                Label.POOL_TYPE,
                Label.POOL_NAME));
  }

  private static MeterFilter knownMethodsOnly() {
    String method = Label.HTTP_METHOD.toString();
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String value = id.getTag(method);
        if (value == null || METHODS.contains(value) || !id.getName().startsWith("vertx.")) {
          return id;
        }
        List<Tag> tags =
            id.getTags().stream()
                .map(t -> t.getKey().equals(method) ? Tag.of(method, "OTHER") : t)
                .toList();
        return id.replaceTags(tags);
      }
    };
  }

  private static MeterFilter httpLatencyBuckets() {
    double[] buckets = HTTP_BUCKETS.stream().mapToDouble(Duration::toNanos).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(HTTP_RESPONSE_TIME)) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(buckets)
            .build()
            .merge(config);
      }
    };
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The registry {@code /metrics} shows. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Closes Vert.x, then stops listening to the JVM's GC notifications. */
  public Future<Void> close() {
    return vertx
        .close()
        .andThen(
            done -> {
              gc.close();
              registry.close();
            });
  }
}
