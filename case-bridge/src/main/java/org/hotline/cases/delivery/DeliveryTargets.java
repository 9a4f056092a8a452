package org.hotline.cases.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.hotline.cases.config.DeliverySettings;
import org.hotline.cases.config.Secrets;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.delivery.open311.Open311Target;
import org.hotline.cases.delivery.webhook.WebhookTarget;

/** The target {@code cases.yaml} chose, with its secret read from the environment or a file. */
public final class DeliveryTargets {

  private DeliveryTargets() {}

  public static DeliveryTarget create(DeliverySettings settings, Secrets secrets, Clock clock) {
    return switch (settings.target()) {
      case JSONL -> new JsonLinesTarget(settings.jsonlPath());
      case WEBHOOK -> {
        DeliverySettings.Webhook w = settings.webhook();
        byte[] key = secrets.require(w.secretEnv(), w.secretFile());
        yield new WebhookTarget(w.url(), key, w.timeout(), clock);
      }
      case OPEN311 -> {
        DeliverySettings.Open311 o = settings.open311();
        String apiKey =
            new String(secrets.require(o.apiKeyEnv(), o.apiKeyFile()), StandardCharsets.UTF_8);
        yield new Open311Target(
            o.endpoint(), apiKey, o.jurisdictionId(), o.sendContact(), o.timeout());
      }
    };
  }
}
