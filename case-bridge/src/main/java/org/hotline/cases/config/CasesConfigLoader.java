package org.hotline.cases.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.cases.api.Urgency;
import org.hotline.support.time.Durations;

/**
 * Reads {@code cases.yaml}. Anything missing takes the default of {@link CasesConfig#defaults()};
 * anything wrong is an {@link IllegalArgumentException} naming the file, at start-up.
 */
public final class CasesConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CasesConfigLoader() {}

  public static CasesConfig load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + " is not a YAML mapping");
    }
    try {
      return parse(root);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The {@code returnVisits:} section of {@code cases.yaml}; defaults when it is missing. */
  public static ReturnVisitPolicy returnVisits(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      return returnVisits(root == null ? YAML.createObjectNode() : root.path("returnVisits"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": returnVisits: " + e.getMessage(), e);
    }
  }

  static ReturnVisitPolicy returnVisits(JsonNode rv) {
    ReturnVisitPolicy d = ReturnVisitPolicy.DEFAULTS;
    JsonNode window = rv.path("window");
    JsonNode pr = rv.path("prompts");
    ReturnVisitPolicy.Prompts dp = d.prompts();
    return new ReturnVisitPolicy(
        LocalTime.parse(text(window, "from", d.windowStart().toString())),
        LocalTime.parse(text(window, "to", d.windowEnd().toString())),
        duration(rv, "delay", d.delay()),
        rv.path("maxAttempts").asInt(d.maxAttempts()),
        duration(rv, "retryAfter", d.retryAfter()),
        ReturnVisitPolicy.Mode.valueOf(
            text(rv, "mode", d.mode().name()).toUpperCase(java.util.Locale.ROOT)),
        duration(rv, "ringTimeout", d.ringTimeout()),
        duration(rv, "claimHold", d.claimHold()),
        new ReturnVisitPolicy.Prompts(
            text(pr, "intro", dp.intro()),
            text(pr, "satisfaction", dp.satisfaction()),
            text(pr, "resolved", dp.resolved()),
            text(pr, "thanks", dp.thanks()),
            text(pr, "introFallback", dp.introFallback()),
            text(pr, "satisfactionFallback", dp.satisfactionFallback()),
            text(pr, "resolvedFallback", dp.resolvedFallback()),
            text(pr, "thanksFallback", dp.thanksFallback())));
  }

  static CasesConfig parse(JsonNode root) {
    CasesConfig d = CasesConfig.defaults();
    Map<Urgency, Duration> limits = new EnumMap<>(d.timeLimits());
    JsonNode tl = root.path("timeLimits");
    for (Urgency u : Urgency.values()) {
      if (tl.has(u.code())) {
        limits.put(u, Durations.parse(tl.get(u.code()).asText()));
      }
    }
    JsonNode form = root.path("form");
    JsonNode history = root.path("history");
    JsonNode sup = root.path("supervision");
    JsonNode ob = root.path("outbox");
    JsonNode del = root.path("delivery");
    JsonNode wh = del.path("webhook");
    JsonNode os = del.path("open311");
    JsonNode in = root.path("inbound");
    DeliverySettings dd = d.delivery();
    return new CasesConfig(
        text(root, "centre", d.centreId()),
        ZoneId.of(text(root, "zone", d.zone().getId())),
        limits,
        duration(root, "wrapUpFormLimit", d.wrapUpFormLimit()),
        new FormLimits(
            form.path("summaryMaxChars").asInt(d.form().summaryMaxChars()),
            form.path("locationMaxChars").asInt(d.form().locationMaxChars()),
            form.path("nameMaxChars").asInt(d.form().nameMaxChars())),
        new HistorySettings(
            history.path("lastCases").asInt(d.history().lastCases()),
            history.path("openCases").asInt(d.history().openCases()),
            duration(history, "repeatWindow", d.history().repeatWindow()),
            history.path("repeatCallerCalls").asInt(d.history().repeatCallerCalls())),
        new SupervisionSettings(
            sup.path("nearingAt").asDouble(d.supervision().nearingAt()),
            sup.path("scanBatch").asInt(d.supervision().scanBatch()),
            duration(sup, "alertRetention", d.supervision().alertRetention()),
            escalations(sup.get("escalations"), d.supervision().escalations())),
        new OutboxSettings(
            ob.path("maxAttempts").asInt(d.outbox().maxAttempts()),
            duration(ob, "backoffBase", d.outbox().backoffBase()),
            duration(ob, "backoffMax", d.outbox().backoffMax()),
            duration(ob, "claimIdle", d.outbox().claimIdle()),
            ob.path("batch").asInt(d.outbox().batch()),
            duration(ob, "pollInterval", d.outbox().pollInterval()),
            ob.path("deliverDirectAnswers").asBoolean(d.outbox().deliverDirectAnswers())),
        new DeliverySettings(
            DeliverySettings.Target.parse(text(del, "target", "jsonl")),
            Path.of(text(del.path("jsonl"), "path", dd.jsonlPath().toString())),
            new DeliverySettings.Webhook(
                URI.create(text(wh, "url", dd.webhook().url().toString())),
                text(wh, "secretEnv", dd.webhook().secretEnv()),
                optional(wh, "secretFile"),
                duration(wh, "timeout", dd.webhook().timeout())),
            new DeliverySettings.Open311(
                URI.create(text(os, "endpoint", dd.open311().endpoint().toString())),
                text(os, "apiKeyEnv", dd.open311().apiKeyEnv()),
                optional(os, "apiKeyFile"),
                text(os, "jurisdictionId", ""),
                os.path("sendContact").asBoolean(true),
                duration(os, "timeout", dd.open311().timeout()))),
        new InboundSettings(
            text(in, "secretEnv", d.inbound().secretEnv()),
            optional(in, "secretFile"),
            duration(in, "replayWindow", d.inbound().replayWindow())));
  }

  private static List<SupervisionSettings.Escalation> escalations(
      JsonNode list, List<SupervisionSettings.Escalation> fallback) {
    if (list == null || list.isNull()) {
      return fallback;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("supervision.escalations must be a list");
    }
    List<SupervisionSettings.Escalation> out = new ArrayList<>();
    for (JsonNode e : list) {
      if (!e.path("after").isNumber() || !e.path("to").isTextual()) {
        throw new IllegalArgumentException(
            "each of supervision.escalations needs after (a share) and to (district or city)");
      }
      out.add(new SupervisionSettings.Escalation(e.get("after").asDouble(), e.get("to").asText()));
    }
    return out;
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }

  private static Optional<String> optional(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isBlank()
        ? Optional.empty()
        : Optional.of(v.asText());
  }

  private static Duration duration(JsonNode node, String field, Duration fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : Durations.parse(v.asText());
  }
}
