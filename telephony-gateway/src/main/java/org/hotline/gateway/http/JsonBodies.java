package org.hotline.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** A request's body as a JSON object. */
public final class JsonBodies {

  private JsonBodies() {}

  /** The body as a JSON object (an empty body is an empty object), or a 400 already sent. */
  public static Optional<JsonObject> object(RoutingContext ctx) {
    Buffer raw = ctx.body().buffer();
    if (raw == null || raw.length() == 0) {
      return Optional.of(new JsonObject());
    }
    try {
      // Buffer.toJson() in Vert.x 5 gives a JSON value of the bytes (a Base64 string), not the
      // document they hold: decode the text
      Object parsed = io.vertx.core.json.Json.decodeValue(raw);
      if (parsed instanceof JsonObject json) {
        return Optional.of(json);
      }
      HttpErrors.error(ctx, 400, "INVALID_JSON", "the body must be a JSON object");
    } catch (DecodeException e) {
      HttpErrors.error(ctx, 400, "INVALID_JSON", "the body is not valid JSON");
    }
    return Optional.empty();
  }

  /** A text field; absent, null or not text is empty (the seat manager refuses empty names). */
  public static String text(JsonObject body, String field) {
    return body.getValue(field) instanceof String s ? s : "";
  }

  /** A text field that may be absent: null or not text is absent. */
  public static Optional<String> optionalText(JsonObject body, String field) {
    return body.getValue(field) instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
