package org.hotline.cases.delivery.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.hotline.cases.delivery.Delivery;
import org.hotline.cases.delivery.DeliveryOutcome;
import org.hotline.cases.delivery.DeliveryTarget;
import org.hotline.cases.signature.Hmac;
import org.hotline.support.async.AsyncFailures;

/**
 * POSTs each case version as JSON.
 *
 * <p>Headers: {@code Content-Type: application/json; charset=utf-8}, {@code
 * X-Hotline-Idempotency-Key: <caseId>:v<version>} (the receiver keeps the first of each key),
 * {@code X-Hotline-Timestamp} and {@code X-Hotline-Signature} (see {@link Hmac}).
 *
 * <p>Answers: any 2xx is delivered (a JSON body's {@code reference} field, when there is one, is
 * kept as the dispatch reference); 409 means "already have it" and counts as delivered; 408, 425,
 * 429, any 5xx, a timeout or a broken connection are retried; any other 4xx is permanent (the
 * message is wrong for this receiver, retrying cannot help) and goes to the dead-letter list.
 */
public final class WebhookTarget implements DeliveryTarget {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final byte[] key;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;

  public WebhookTarget(URI url, byte[] key, Duration timeout, Clock clock) {
    this.url = url;
    this.key = key.clone();
    this.timeout = timeout;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public CompletionStage<DeliveryOutcome> deliver(Delivery delivery) {
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header(Hmac.IDEMPOTENCY_HEADER, delivery.idempotencyKey())
            .header(Hmac.TIMESTAMP_HEADER, timestamp)
            .header(Hmac.SIGNATURE_HEADER, Hmac.sign(key, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle(
            (response, failure) -> {
              if (failure != null) {
                Throwable cause = AsyncFailures.cause(failure);
                return new DeliveryOutcome.Failed(
                    "webhook: " + cause.getClass().getSimpleName(), false);
              }
              return outcome(response.statusCode(), response.body());
            });
  }

  static DeliveryOutcome outcome(int status, String body) {
    if (status / 100 == 2 || status == 409) {
      return new DeliveryOutcome.Delivered(reference(body));
    }
    boolean retry = status / 100 == 5 || status == 408 || status == 425 || status == 429;
    return new DeliveryOutcome.Failed("webhook: HTTP " + status, !retry);
  }

  private static Optional<String> reference(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode ref = n == null ? null : n.get("reference");
      return ref != null && ref.isValueNode() && !ref.asText().isBlank()
          ? Optional.of(ref.asText())
          : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty(); // a 2xx with a body that is not JSON is still delivered
    }
  }
}
