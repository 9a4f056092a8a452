package org.hotline.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.gateway.access.AccessSettings;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.ami.AmiServerConfig;
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
    java.util.Optional<java.nio.file.Path> configDirectory) {

  /** Read from no directory: no city reports. */
  public GatewayConfig(
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
      WallboardSettings wallboard) {
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
        access,
        units,
        wallboard,
        java.util.Optional.empty());
  }

  /** With the default wallboard thresholds. */
  public GatewayConfig(
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
      OutsideUnits units) {
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
        access,
        units,
        WallboardSettings.defaults());
  }

  /** With no outside units. */
  public GatewayConfig(
      List<AmiServerConfig> asterisk,
      AgiServerOptions agi,
      String httpHost,
      int httpPort,
      DialplanNames dialplan,
      String recordingPrefix,
      IvrConfig ivr,
      Map<String, LineConfig> lines,
      Duration tickInterval,
      AccessSettings access) {
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
        access,
        OutsideUnits.NONE);
  }

  /** With the default access settings (sessions, throttling; no metrics token). */
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
        AccessSettings.defaults());
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
    return new GatewayConfig(
        servers,
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
        configDirectory);
  }

  public GatewayConfig withAgi(AgiServerOptions options) {
    return new GatewayConfig(
        asterisk,
        options,
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
        configDirectory);
  }

  public GatewayConfig withHttp(String host, int port) {
    return new GatewayConfig(
        asterisk,
        agi,
        host,
        port,
        dialplan,
        recordingPrefix,
        ivr,
        lines,
        tickInterval,
        access,
        units,
        wallboard,
        configDirectory);
  }

  public GatewayConfig withDialplan(DialplanNames names) {
    return new GatewayConfig(
        asterisk,
        agi,
        httpHost,
        httpPort,
        names,
        recordingPrefix,
        ivr,
        lines,
        tickInterval,
        access,
        units,
        wallboard,
        configDirectory);
  }

  public GatewayConfig withAccess(AccessSettings settings) {
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
        settings,
        units,
        wallboard,
        configDirectory);
  }

  public GatewayConfig withUnits(OutsideUnits directory) {
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
        directory,
        wallboard,
        configDirectory);
  }

  public GatewayConfig withWallboard(WallboardSettings settings) {
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
        settings,
        configDirectory);
  }

  public GatewayConfig withConfigDirectory(java.util.Optional<java.nio.file.Path> directory) {
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
        directory);
  }
}
