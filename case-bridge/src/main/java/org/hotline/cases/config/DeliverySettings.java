package org.hotline.cases.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.hotline.support.time.Durations;

/** Where cases are delivered: one target, chosen in {@code cases.yaml}. */
public record DeliverySettings(Target target, Path jsonlPath, Webhook webhook, Open311 open311) {

  public DeliverySettings {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(jsonlPath, "jsonlPath");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(open311, "open311");
  }

  public static DeliverySettings jsonl(Path path) {
    return new DeliverySettings(
        Target.JSONL,
        path,
        new Webhook(
            URI.create("http://127.0.0.1:8089/dispatch/cases"),
            "HOTLINE_WEBHOOK_SECRET",
            Optional.empty(),
            Duration.ofSeconds(5)),
        new Open311(
            URI.create("http://127.0.0.1:8089/open311/v2"),
            "HOTLINE_OPEN311_API_KEY",
            Optional.empty(),
            "",
            true,
            Duration.ofSeconds(5)));
  }

  public DeliverySettings withTarget(Target t) {
    return new DeliverySettings(t, jsonlPath, webhook, open311);
  }

  public DeliverySettings withWebhook(Webhook w) {
    return new DeliverySettings(Target.WEBHOOK, jsonlPath, w, open311);
  }

  public DeliverySettings withOpen311(Open311 o) {
    return new DeliverySettings(Target.OPEN311, jsonlPath, webhook, o);
  }

  public enum Target {
    JSONL,
    WEBHOOK,
    OPEN311;

    public static Target parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * An HTTP JSON webhook.
   *
   * @param secretEnv the environment variable holding the HMAC key
   * @param secretFile or a file outside git holding it (read when the variable is unset)
   */
  public record Webhook(URI url, String secretEnv, Optional<String> secretFile, Duration timeout) {
    public Webhook {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(secretEnv, "secretEnv");
      secretFile = secretFile == null ? Optional.empty() : secretFile;
      Durations.positive(timeout, "timeout");
    }
  }

  /**
   * Open311 GeoReport v2.
   *
   * @param endpoint the API endpoint; {@code /requests.json} is appended
   * @param apiKeyEnv the environment variable holding the api_key
   * @param apiKeyFile or a file outside git holding it
   * @param jurisdictionId sent only when not empty
   * @param sendContact send the caller's name and number (first_name, phone) so the unit can call
   *     back
   */
  public record Open311(
      URI endpoint,
      String apiKeyEnv,
      Optional<String> apiKeyFile,
      String jurisdictionId,
      boolean sendContact,
      Duration timeout) {
    public Open311 {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
      apiKeyFile = apiKeyFile == null ? Optional.empty() : apiKeyFile;
      jurisdictionId = jurisdictionId == null ? "" : jurisdictionId;
      Durations.positive(timeout, "timeout");
    }
  }
}
