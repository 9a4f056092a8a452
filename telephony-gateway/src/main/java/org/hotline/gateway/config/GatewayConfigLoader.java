package org.hotline.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.gateway.access.AccessSettings;
import org.hotline.gateway.agi.AgiServerOptions;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.monitor.MonitorSettings;
import org.hotline.gateway.officials.OfficialsSettings;
import org.hotline.gateway.units.OutsideUnits;
import org.hotline.gateway.wallboard.WallboardSettings;
import org.hotline.support.time.Durations;

/** Reads {@code gateway.yaml}; secrets come from the environment through {@code secrets}. */
public final class GatewayConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private GatewayConfigLoader() {}

  /**
   * @param secrets looks up an environment variable (System::getenv in production); a server whose
   *     secret is unset is an error naming the variable
   */
  public static GatewayConfig load(Path file, Function<String, String> secrets) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    GatewayConfig config;
    try {
      config = parse(root, secrets);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    return config
        .withUnits(units(file.resolveSibling("directory.yaml")))
        .withConfigDirectory(java.util.Optional.ofNullable(file.toAbsolutePath().getParent()));
  }

  /**
   * The outside units of {@code directory}, beside gateway.yaml, their duty desks checked against
   * the districts of {@code jurisdictions.yaml} there; none when the file is absent.
   */
  static OutsideUnits units(Path directory) {
    if (!Files.exists(directory)) {
      return OutsideUnits.NONE;
    }
    Set<String> districts = new HashSet<>();
    Path gazetteer = directory.resolveSibling("jurisdictions.yaml");
    if (Files.exists(gazetteer)) {
      Gazetteer.load(gazetteer).districts().forEach(d -> districts.add(d.id()));
    }
    return OutsideUnits.load(directory, districts);
  }

  private static GatewayConfig parse(JsonNode root, Function<String, String> secrets) {
    List<AmiServerConfig> servers = new ArrayList<>();
    for (JsonNode s : root.path("asterisk")) {
      String env = text(s, "secretEnv", "HOTLINE_AMI_SECRET");
      String secret = secrets.apply(env);
      if (secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException(
            "the AMI secret of server " + text(s, "name", "?") + " is not set: export " + env);
      }
      servers.add(
          new AmiServerConfig(
              text(s, "name", null),
              text(s, "host", "127.0.0.1"),
              s.path("port").asInt(5038),
              text(s, "username", "hotline"),
              secret,
              Durations.parse(text(s, "pingInterval", "5s"))));
    }
    JsonNode agi = root.path("agi");
    AgiServerOptions agiOptions =
        AgiServerOptions.defaults()
            .withHost(text(agi, "host", "0.0.0.0"))
            .withPort(agi.path("port").asInt(AgiServerOptions.DEFAULT_PORT));
    JsonNode dp = root.path("dialplan");
    DialplanNames dialplan =
        new DialplanNames(
            text(dp, "holdContext", "hotline-hold"),
            text(dp, "connectContext", "hotline-connect"),
            text(dp, "exten", "s"),
            dp.path("priority").asInt(1),
            Durations.parse(text(dp, "seatRingTimeout", "15s")),
            text(dp, "incomingContext", "hotline-in"),
            text(dp, "retryContext", "hotline-retry"));
    JsonNode rec = root.path("recording");
    String prefix = rec.path("enabled").asBoolean(true) ? text(rec, "prefix", "hotline") : "";
    JsonNode ivr = root.path("ivr");
    Map<String, String> choices = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = ivr.path("choices").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      choices.put(e.getKey(), e.getValue().asText());
    }
    IvrConfig ivrConfig =
        new IvrConfig(
            text(ivr, "prompt", "hotline/welcome"),
            Durations.parse(text(ivr, "timeout", "4s")),
            choices,
            text(ivr, "default", "general"));
    Map<String, LineConfig> lines = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("lines").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode l = e.getValue();
      lines.put(
          e.getKey(),
          new LineConfig(
              l.path("ivr").asBoolean(false),
              l.has("queue") ? Optional.of(l.get("queue").asText()) : Optional.empty(),
              l.path("priority").asInt(0),
              l.path("districtMenu").asBoolean(false)));
    }
    if (lines.isEmpty()) {
      lines.put("default", new LineConfig(true, Optional.empty(), 0));
    }
    JsonNode http = root.path("http");
    return new GatewayConfig(
        servers,
        agiOptions,
        text(http, "host", "0.0.0.0"),
        http.path("port").asInt(8080),
        dialplan,
        prefix,
        ivrConfig,
        lines,
        Durations.parse(text(root, "tickInterval", "250ms")),
        access(root.path("access"), secrets),
        org.hotline.gateway.units.OutsideUnits.NONE,
        wallboard(root.path("wallboard")),
        Optional.empty(),
        officials(root.path("officials")),
        new MonitorSettings(
            root.path("monitor")
                .path("tellAgentOfWhisper")
                .asBoolean(MonitorSettings.defaults().tellAgentOfWhisper())));
  }

  /** {@code officials:}: the district menu and the limits of guest sessions. */
  private static OfficialsSettings officials(JsonNode o) {
    OfficialsSettings d = OfficialsSettings.defaults();
    JsonNode menu = o.path("districtMenu");
    Map<String, String> choices = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = menu.path("choices").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      choices.put(e.getKey(), e.getValue().asText());
    }
    return new OfficialsSettings(
        new OfficialsSettings.DistrictMenu(
            text(menu, "prompt", d.districtMenu().prompt()),
            menu.has("timeout")
                ? Durations.parse(menu.get("timeout").asText())
                : d.districtMenu().timeout(),
            choices),
        o.has("generalSkill") ? Optional.of(o.get("generalSkill").asInt()) : Optional.empty(),
        o.has("longestSession")
            ? Durations.parse(o.get("longestSession").asText())
            : d.longestSession(),
        o.has("earlySignIn") ? Durations.parse(o.get("earlySignIn").asText()) : d.earlySignIn());
  }

  /** {@code wallboard:}, each threshold defaulting as {@link WallboardSettings#defaults()}. */
  private static WallboardSettings wallboard(JsonNode w) {
    WallboardSettings d = WallboardSettings.defaults();
    java.util.Set<String> officials = new java.util.LinkedHashSet<>();
    w.path("officialSeats").forEach(n -> officials.add(n.asText()));
    return new WallboardSettings(
        w.path("serviceLevelTarget").asDouble(d.serviceLevelTarget()),
        w.path("waitingAlert").asInt(d.waitingAlert()),
        w.has("oldestWaitAlert")
            ? Durations.parse(w.get("oldestWaitAlert").asText())
            : d.oldestWaitAlert(),
        w.has("pausedAlert") ? Durations.parse(w.get("pausedAlert").asText()) : d.pausedAlert(),
        w.has("talkAlert") ? Durations.parse(w.get("talkAlert").asText()) : d.talkAlert(),
        officials,
        w.has("push") ? Durations.parse(w.get("push").asText()) : d.push());
  }

  /** {@code access:} from the file; the metrics token and CSRF secret from the environment. */
  private static AccessSettings access(JsonNode a, Function<String, String> secrets) {
    AccessSettings d = AccessSettings.defaults();
    return new AccessSettings(
        Durations.parse(text(a, "sessionIdle", "30m")),
        Durations.parse(text(a, "sessionAbsolute", "12h")),
        a.path("secureCookies").asBoolean(d.secureCookies()),
        a.path("failuresPerAccount").asInt(d.failuresPerAccount()),
        a.path("failuresPerAddress").asInt(d.failuresPerAddress()),
        Durations.parse(text(a, "throttleWindow", "15m")),
        secret(secrets, AccessSettings.METRICS_TOKEN_ENV),
        secret(secrets, AccessSettings.CSRF_SECRET_ENV));
  }

  /** {@code NAME} itself, or the first line of the file {@code NAME_FILE} names (systemd creds). */
  static Optional<String> secret(Function<String, String> env, String name) {
    String value = env.apply(name);
    if (value != null && !value.isBlank()) {
      return Optional.of(value.strip());
    }
    String file = env.apply(name + "_FILE");
    if (file == null || file.isBlank()) {
      return Optional.empty();
    }
    try {
      String text = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text.lines().findFirst().orElse(""));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(name + "_FILE cannot be read: " + file, e);
    }
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (fallback == null) {
        throw new IllegalArgumentException("missing field '" + field + "'");
      }
      return fallback;
    }
    return value.asText();
  }

  /** For tests and the demo: servers given directly. */
  public static List<AmiServerConfig> single(
      String name, String host, int port, String user, String secret) {
    return List.of(new AmiServerConfig(name, host, port, user, secret, Duration.ofSeconds(5)));
  }
}
