package org.hotline.cases.delivery.open311;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A case version as the form fields of GeoReport v2 "POST Service Request".
 *
 * <p>Required by the spec: {@code api_key}; {@code service_code} (from the taxonomy); a location,
 * one of {@code lat}+{@code long}, {@code address_string} or {@code address_id} (we send {@code
 * address_string}, most specific first, as the spec asks: the resident's words, the street, the
 * district, the city; we have no coordinates, so no {@code lat}/{@code long}). Optional: {@code
 * jurisdiction_id} (only when configured), {@code description} (the summary: plain text, at most
 * 4,000 characters, no HTML, which the form validation guarantees), {@code first_name} and {@code
 * phone} of the resident (when {@code sendContact}), and {@code attribute[code]=value} pairs, whose
 * codes must be defined as service attributes on the receiving side: {@code case_id}, {@code
 * idempotency_key}, {@code request_type}, {@code urgency}, {@code deadline}, {@code district},
 * {@code street}, {@code owner_type}, {@code official_name}, {@code official_phone}; for a joint
 * case (街乡吹哨、部门报到) {@code lead_unit} (the same as {@code owner_type}) and {@code co_units} (the
 * co-units' ids separated by commas); for a supervisor's decision on an extension (延期), which
 * GeoReport v2 has no call for and so goes as a new request of the same case, {@code event} ({@code
 * extension_granted} or {@code extension_refused}) and {@code extension_id}, with {@code deadline}
 * the deadline after the decision.
 */
public final class Open311Request {

  /** GeoReport v2: "free form text limited to 4,000 characters". */
  public static final int DESCRIPTION_MAX = 4000;

  private Open311Request() {}

  /** The fields in order, as (name, value) pairs. */
  public static List<Map.Entry<String, String>> fields(
      JsonNode payload, String apiKey, String jurisdictionId, boolean sendContact, String city) {
    List<Map.Entry<String, String>> f = new ArrayList<>();
    f.add(Map.entry("api_key", apiKey));
    if (!jurisdictionId.isEmpty()) {
      f.add(Map.entry("jurisdiction_id", jurisdictionId));
    }
    f.add(Map.entry("service_code", payload.path("category").path("serviceCode").asText()));
    f.add(Map.entry("address_string", address(payload.path("location"), city)));
    f.add(Map.entry("description", truncate(payload.path("summary").asText(), DESCRIPTION_MAX)));
    if (sendContact) {
      JsonNode caller = payload.path("caller");
      if (caller.hasNonNull("name")) {
        f.add(Map.entry("first_name", caller.get("name").asText()));
      }
      String number = caller.path("number").asText("");
      if (!number.isEmpty()) {
        f.add(Map.entry("phone", number));
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("case_id", payload.path("caseId").asText());
    attributes.put("idempotency_key", payload.path("idempotencyKey").asText());
    attributes.put("request_type", payload.path("requestType").path("code").asText());
    attributes.put("urgency", payload.path("urgency").path("code").asText());
    if (payload.hasNonNull("deadline")) {
      attributes.put("deadline", payload.get("deadline").asText());
    }
    JsonNode location = payload.path("location");
    if (location.has("district")) {
      attributes.put("district", location.path("district").path("id").asText());
      attributes.put("street", location.path("street").path("id").asText());
    }
    attributes.put("owner_type", payload.path("ownerType").path("code").asText());
    List<String> co = new ArrayList<>();
    for (JsonNode unit : payload.path("units")) {
      if ("co".equals(unit.path("role").asText())) {
        co.add(unit.path("id").asText());
      }
    }
    if (!co.isEmpty()) {
      attributes.put("lead_unit", payload.path("ownerType").path("code").asText());
      attributes.put("co_units", String.join(",", co));
    }
    if (payload.has("extension")) {
      attributes.put("event", payload.path("event").asText());
      attributes.put("extension_id", payload.path("extension").path("id").asText());
    }
    if (payload.has("official")) {
      attributes.put("official_name", payload.path("official").path("name").asText());
      attributes.put("official_phone", payload.path("official").path("callbackNumber").asText());
    }
    attributes.forEach((k, v) -> f.add(Map.entry("attribute[" + k + "]", v)));
    return f;
  }

  /** {@code application/x-www-form-urlencoded}, UTF-8. */
  public static String encode(List<Map.Entry<String, String>> fields) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : fields) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static String address(JsonNode location, String city) {
    List<String> parts = new ArrayList<>();
    String text = location.path("text").asText("");
    if (!text.isBlank()) {
      parts.add(text);
    }
    if (location.has("street")) {
      parts.add(location.path("street").path("zh").asText());
    }
    if (location.has("district")) {
      parts.add(location.path("district").path("zh").asText());
    }
    parts.add(city);
    return String.join(", ", parts);
  }

  private static String truncate(String s, int max) {
    return s.codePointCount(0, s.length()) <= max
        ? s
        : s.substring(0, s.offsetByCodePoints(0, max));
  }
}
