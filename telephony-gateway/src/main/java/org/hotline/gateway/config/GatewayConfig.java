package org.hotline.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hotline.gateway.access.AccessSettings;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.monitor.MonitorSettings;
import org.hotline.gateway.officials.OfficialsSettings;
import org.hotline.gateway.units.OutsideUnits;
import org.hotline.gateway.wallboard.WallboardSettings;

/**
 * Everything the gateway is configured with.
 *
 * @param lines dialled number to routing; the key {@code default} applies to any other number
 * @param recordingPrefix empty when calls are not recorded
 * @param access sign-in, sessions and the secrets of machine clients
 * @param units the outside units agents can bring into a call ({@code directory.yaml})
 * @param wallboard the live wallboard's alert thresholds
 * @param configDirectory where gateway.yaml was read: the city's reports read reports.yaml,
 *     taxonomy.yaml and jurisdictions.yaml beside it (empty: no city reports)
 * @param monitor supervisors on the line: whether an agent is told of a whisper
 */
public record GatewayConfig(
    List<AmiServerConfig> asterisk,
    AgiServerOptions agi,
    String httpHost,
    int httpPort,
    DialplanNames dialplan,
    String recordingPrefix,
    IvrConfig ivr,
    Map<String, LineConfig> lines,
    Duration tickInterval,
    AccessSettings access,
    OutsideUnits units,
    WallboardSettings wallboard,
    Optional<Path> configDirectory,
    OfficialsSettings officials,
    MonitorSettings monitor) {

  /**
   * With the default access settings (sessions, throttling; no metrics token), no outside units,
   * the default wallboard thresholds and no directory (no city reports).
   */
  public GatewayConfig(
      List<AmiServerConfig> asterisk,
      AgiServerOptions agi,
      String httpHost,
      int httpPort,
      DialplanNames dialplan,
      String recordingPrefix,
      IvrConfig ivr,
      Map<String, LineConfig> lines,
      Duration tickInterval) {
    this(
        asterisk,
        agi,
        httpHost,
        httpPort,
        dialplan,
        recordingPrefix,
        ivr,
        lines,
        tickInterval,
        AccessSettings.defaults(),
        OutsideUnits.NONE,
        WallboardSettings.defaults(),
        Optional.empty(),
        OfficialsSettings.defaults(),
        MonitorSettings.defaults());
  }

  public GatewayConfig {
    asterisk = List.copyOf(asterisk);
    lines = Map.copyOf(lines);
    if (!lines.containsKey("default")) {
      throw new IllegalArgumentException("lines needs a 'default' entry");
    }
  }

  /** How a call to {@code dialled} is routed. */
  public LineConfig line(String dialled) {
    return lines.getOrDefault(dialled, lines.get("default"));
  }

  public GatewayConfig withAsterisk(List<AmiServerConfig> servers) {
    return with(c -> c.asterisk = servers);
  }

  public GatewayConfig withAgi(AgiServerOptions options) {
    return with(c -> c.agi = options);
  }

  public GatewayConfig withHttp(String host, int port) {
    return with(
        c -> {
          c.httpHost = host;
          c.httpPort = port;
        });
  }

  public GatewayConfig withDialplan(DialplanNames names) {
    return with(c -> c.dialplan = names);
  }

  public GatewayConfig withAccess(AccessSettings settings) {
    return with(c -> c.access = settings);
  }

  public GatewayConfig withUnits(OutsideUnits directory) {
    return with(c -> c.units = directory);
  }

  public GatewayConfig withWallboard(WallboardSettings settings) {
    return with(c -> c.wallboard = settings);
  }

  public GatewayConfig withConfigDirectory(Optional<Path> directory) {
    return with(c -> c.configDirectory = directory);
  }

  public GatewayConfig withLines(Map<String, LineConfig> routes) {
    return with(c -> c.lines = routes);
  }

  public GatewayConfig withOfficials(OfficialsSettings settings) {
    return with(c -> c.officials = settings);
  }

  public GatewayConfig withMonitor(MonitorSettings settings) {
    return with(c -> c.monitor = settings);
  }

  /** A copy with {@code change} made: every other part kept (one place lists them all). */
  private GatewayConfig with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** The parts as mutable fields, for {@link #with}. */
  private static final class Copy {
    List<AmiServerConfig> asterisk;
    AgiServerOptions agi;
    String httpHost;
    int httpPort;
    DialplanNames dialplan;
    String recordingPrefix;
    IvrConfig ivr;
    Map<String, LineConfig> lines;
    Duration tickInterval;
    AccessSettings access;
    OutsideUnits units;
    WallboardSettings wallboard;
    Optional<Path> configDirectory;
    OfficialsSettings officials;
    MonitorSettings monitor;

    Copy(GatewayConfig g) {
      asterisk = g.asterisk;
      agi = g.agi;
      httpHost = g.httpHost;
      httpPort = g.httpPort;
      dialplan = g.dialplan;
      recordingPrefix = g.recordingPrefix;
      ivr = g.ivr;
      lines = g.lines;
      tickInterval = g.tickInterval;
      access = g.access;
      units = g.units;
      wallboard = g.wallboard;
      configDirectory = g.configDirectory;
      officials = g.officials;
      monitor = g.monitor;
    }

    GatewayConfig build() {
      return new GatewayConfig(
          asterisk,
          agi,
          httpHost,
          httpPort,
          dialplan,
          recordingPrefix,
          ivr,
          lines,
          tickInterval,
          access,
          units,
          wallboard,
          configDirectory,
          officials,
          monitor);
    }
  }
}
