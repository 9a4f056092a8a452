package org.hotline.cases.delivery.open311;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hotline.cases.delivery.Delivery;
import org.hotline.cases.delivery.DeliveryOutcome;
import org.hotline.cases.delivery.DeliveryTarget;
import org.hotline.cases.signature.Hmac;
import org.hotline.support.async.AsyncFailures;

/**
 * Open311 GeoReport v2: {@code POST <endpoint>/requests.json}, form-encoded (see {@link
 * Open311Request} for the fields).
 *
 * <p>The answer is a JSON array with one request: its {@code service_request_id}, or a {@code
 * token} when the server creates requests later; either is kept as the case's dispatch reference
 * ({@code service_request_id:293944} or {@code token:abc}). Errors are a JSON array of {@code
 * {code, description}}. 403 (the api_key is refused) and 404 (service_code or jurisdiction_id not
 * found) cannot succeed by retrying and go to the dead-letter list at once, to be re-driven when
 * the configuration is fixed; 400 is the spec's "general service error (eg CRM is down)" and is
 * retried like 5xx, timeouts and broken connections. The idempotency key goes as {@code
 * attribute[idempotency_key]} and, for receivers that honour it, the {@code
 * X-Hotline-Idempotency-Key} header.
 */
public final class Open311Target implements DeliveryTarget {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CITY = "北京市";

  private final URI requestsUri;
  private final String apiKey;
  private final String jurisdictionId;
  private final boolean sendContact;
  private final Duration timeout;
  private final HttpClient http;

  public Open311Target(
      URI endpoint, String apiKey, String jurisdictionId, boolean sendContact, Duration timeout) {
    String base = endpoint.toString();
    this.requestsUri = URI.create((base.endsWith("/") ? base : base + "/") + "requests.json");
    this.apiKey = apiKey;
    this.jurisdictionId = jurisdictionId;
    this.sendContact = sendContact;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return "open311";
  }

  @Override
  public CompletionStage<DeliveryOutcome> deliver(Delivery delivery) {
    String form;
    try {
      JsonNode payload = JSON.readTree(delivery.payload());
      form =
          Open311Request.encode(
              Open311Request.fields(payload, apiKey, jurisdictionId, sendContact, CITY));
    } catch (IOException e) {
      return CompletableFuture.completedFuture(
          new DeliveryOutcome.Failed("open311: payload is not JSON", true));
    }
    HttpRequest request =
        HttpRequest.newBuilder(requestsUri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .header("Accept", "application/json")
            .header(Hmac.IDEMPOTENCY_HEADER, delivery.idempotencyKey())
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle(
            (response, failure) -> {
              if (failure != null) {
                Throwable cause = AsyncFailures.cause(failure);
                return new DeliveryOutcome.Failed(
                    "open311: " + cause.getClass().getSimpleName(), false);
              }
              return outcome(response.statusCode(), response.body());
            });
  }

  static DeliveryOutcome outcome(int status, String body) {
    if (status == 200 || status == 201) {
      Optional<String> reference = reference(body);
      if (reference.isPresent()) {
        return new DeliveryOutcome.Delivered(reference);
      }
      return new DeliveryOutcome.Failed(
          "open311: HTTP " + status + " without service_request_id or token", false);
    }
    String reason = "open311: HTTP " + status + errorDescription(body).map(d -> " " + d).orElse("");
    return new DeliveryOutcome.Failed(reason, status == 403 || status == 404);
  }

  /** {@code service_request_id:<id>} or {@code token:<token>} from the first element. */
  static Optional<String> reference(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode first = n != null && n.isArray() && n.size() > 0 ? n.get(0) : n;
      if (first == null || !first.isObject()) {
        return Optional.empty();
      }
      JsonNode id = first.get("service_request_id");
      if (id != null && id.isValueNode() && !id.isNull() && !id.asText().isBlank()) {
        return Optional.of("service_request_id:" + id.asText());
      }
      JsonNode token = first.get("token");
      if (token != null && token.isValueNode() && !token.isNull() && !token.asText().isBlank()) {
        return Optional.of("token:" + token.asText());
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> errorDescription(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode first = n != null && n.isArray() && n.size() > 0 ? n.get(0) : n;
      if (first != null && first.hasNonNull("description")) {
        String d = first.get("description").asText();
        return Optional.of(d.length() > 200 ? d.substring(0, 200) : d);
      }
    } catch (IOException e) {
      // not JSON: the status says enough
    }
    return Optional.empty();
  }
}
