package org.hotline.cases.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.FieldError;

/**
 * Reads the agent's form from the JSON body the gateway received. Every field must be a string or
 * null (or absent); a number, array or object where a string belongs is a {@link
 * FieldError.Code#WRONG_TYPE} for that field, an unknown field is refused, and a body over {@link
 * #MAX_BODY_BYTES} is not parsed at all.
 */
public final class FormReader {

  /** Far more than any honest form (2,000 characters of summary are 6 KB in UTF-8). */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** More entries than this are not read at all; the validator's limit is far lower. */
  private static final int MAX_CO_UNIT_ENTRIES = 50;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(8)
                      .maxStringLength(MAX_BODY_BYTES)
                      .build())
              .build());

  static {
    JSON.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  private FormReader() {}

  /** A form, or why the body is not one. */
  public sealed interface Result {}

  public record Read(CaseForm form) implements Result {}

  public record Refused(List<FieldError> errors) implements Result {
    public Refused {
      errors = List.copyOf(errors);
    }
  }

  public static Result read(byte[] body) {
    if (body == null || body.length == 0) {
      return refused("$", FieldError.Code.MALFORMED, "请求为空", "empty body");
    }
    if (body.length > MAX_BODY_BYTES) {
      return refused(
          "$", FieldError.Code.TOO_LARGE, "请求过大", "body larger than " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return refused("$", FieldError.Code.MALFORMED, "不是有效的JSON", "not valid JSON");
    }
    if (root == null || !root.isObject()) {
      return refused("$", FieldError.Code.WRONG_TYPE, "应为JSON对象", "must be a JSON object");
    }
    List<FieldError> errors = new ArrayList<>();
    String[] values = new String[CaseForm.FIELDS.size()];
    List<String> coUnits = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int index = CaseForm.FIELDS.indexOf(e.getKey());
      if (index < 0) {
        errors.add(
            new FieldError(
                safeName(e.getKey()), FieldError.Code.UNKNOWN_FIELD, "未知字段", "unknown field"));
        continue;
      }
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if (e.getKey().equals("coUnits")) {
        coUnits = units(v, errors);
        continue;
      }
      if (!v.isTextual()) {
        errors.add(
            new FieldError(
                e.getKey(),
                FieldError.Code.WRONG_TYPE,
                "应为文字",
                "must be a string, not "
                    + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        continue;
      }
      values[index] = v.textValue();
    }
    if (!errors.isEmpty()) {
      return new Refused(errors);
    }
    return new Read(
        new CaseForm(
            values[0],
            values[1],
            values[2],
            values[3],
            values[4],
            values[5],
            values[6],
            values[7],
            values[8],
            values[9],
            values[10],
            values[11],
            values[12],
            coUnits));
  }

  /** Co-units: an array of strings, or one string of codes separated by commas. */
  private static List<String> units(JsonNode v, List<FieldError> errors) {
    List<String> out = new ArrayList<>();
    if (v.isTextual()) {
      for (String part : v.textValue().split(",", -1)) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
      return out;
    }
    if (v.isArray() && v.size() <= MAX_CO_UNIT_ENTRIES) {
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          errors.add(
              new FieldError(
                  "coUnits", FieldError.Code.WRONG_TYPE, "应为文字列表", "must be a list of strings"));
          return null;
        }
        out.add(item.textValue());
      }
      return out;
    }
    errors.add(
        new FieldError(
            "coUnits",
            FieldError.Code.WRONG_TYPE,
            "应为文字列表",
            v.isArray() ? "too many entries" : "must be a list of strings"));
    return null;
  }

  /** An unknown field's name is echoed back only as far as it is harmless. */
  private static String safeName(String name) {
    String cut = name.length() > 40 ? name.substring(0, 40) : name;
    return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
  }

  private static Refused refused(String field, FieldError.Code code, String zh, String en) {
    return new Refused(List.of(new FieldError(field, code, zh, en)));
  }
}
