package org.hotline.cases.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.hotline.cases.api.Urgency;
import org.hotline.support.time.Durations;

/**
 * Everything {@code cases.yaml} says. Built once at start-up by {@link CasesConfigLoader}; tests
 * start from {@link #defaults()} and change one part with a {@code with} method.
 *
 * @param centreId the call centre's name; each centre keeps its record in its own database
 * @param zone case ids carry this zone's date
 * @param timeLimits the time limit of each urgency
 * @param wrapUpFormLimit a call with no form this long after hang-up becomes an incomplete case
 */
public record CasesConfig(
    String centreId,
    ZoneId zone,
    Map<Urgency, Duration> timeLimits,
    Duration wrapUpFormLimit,
    FormLimits form,
    HistorySettings history,
    SupervisionSettings supervision,
    OutboxSettings outbox,
    DeliverySettings delivery,
    InboundSettings inbound) {

  public CasesConfig {
    if (centreId == null || !centreId.matches("[a-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException("centre must be [a-z0-9_-]{1,32}: " + centreId);
    }
    Objects.requireNonNull(zone, "zone");
    Map<Urgency, Duration> limits = new EnumMap<>(Urgency.class);
    for (Urgency u : Urgency.values()) {
      Duration d = timeLimits.get(u);
      limits.put(u, Durations.positive(d, "timeLimits." + u.code()));
    }
    timeLimits = Map.copyOf(limits);
    Durations.positive(wrapUpFormLimit, "wrapUpFormLimit");
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(supervision, "supervision");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(inbound, "inbound");
  }

  /** The defaults of {@code cases.yaml}: 2 h, 24 h, 7 d, 15 d; a JSON Lines file target. */
  public static CasesConfig defaults() {
    return new CasesConfig(
        "main",
        ZoneId.of("Asia/Shanghai"),
        Map.of(
            Urgency.EMERGENCY, Duration.ofHours(2),
            Urgency.UTILITY, Duration.ofHours(24),
            Urgency.GENERAL, Duration.ofDays(7),
            Urgency.COMPLEX, Duration.ofDays(15)),
        Duration.ofMinutes(10),
        FormLimits.DEFAULTS,
        HistorySettings.DEFAULTS,
        SupervisionSettings.DEFAULTS,
        OutboxSettings.DEFAULTS,
        DeliverySettings.jsonl(Path.of("target/dispatch/cases.jsonl")),
        InboundSettings.DEFAULTS);
  }

  public Duration timeLimit(Urgency urgency) {
    return timeLimits.get(urgency);
  }

  public CasesConfig withCentre(String id) {
    return new CasesConfig(
        id,
        zone,
        timeLimits,
        wrapUpFormLimit,
        form,
        history,
        supervision,
        outbox,
        delivery,
        inbound);
  }

  public CasesConfig withWrapUpFormLimit(Duration limit) {
    return new CasesConfig(
        centreId, zone, timeLimits, limit, form, history, supervision, outbox, delivery, inbound);
  }

  public CasesConfig withOutbox(OutboxSettings o) {
    return new CasesConfig(
        centreId,
        zone,
        timeLimits,
        wrapUpFormLimit,
        form,
        history,
        supervision,
        o,
        delivery,
        inbound);
  }

  public CasesConfig withDelivery(DeliverySettings d) {
    return new CasesConfig(
        centreId,
        zone,
        timeLimits,
        wrapUpFormLimit,
        form,
        history,
        supervision,
        outbox,
        d,
        inbound);
  }

  public CasesConfig withSupervision(SupervisionSettings s) {
    return new CasesConfig(
        centreId, zone, timeLimits, wrapUpFormLimit, form, history, s, outbox, delivery, inbound);
  }

  public CasesConfig withHistory(HistorySettings h) {
    return new CasesConfig(
        centreId,
        zone,
        timeLimits,
        wrapUpFormLimit,
        form,
        h,
        supervision,
        outbox,
        delivery,
        inbound);
  }
}
