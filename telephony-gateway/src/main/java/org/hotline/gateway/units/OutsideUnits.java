package org.hotline.gateway.units;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hotline.cases.api.LocalizedName;

/**
 * The directory of outside units ({@code config/directory.yaml}), read and checked once at
 * start-up: every entry has an id, both names, a number of digits and a known kind; an emergency
 * line or a utility names its service, a duty desk a district of {@code jurisdictions.yaml}; no id
 * twice. A mistake is an {@link IllegalArgumentException} naming the file and the entry.
 */
public final class OutsideUnits {

  /** No units: a gateway configured without a directory. */
  public static final OutsideUnits NONE = new OutsideUnits(List.of());

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,31}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{3,20}");
  private static final Set<String> EMERGENCY = Set.of("police", "fire", "ambulance", "traffic");
  private static final Set<String> UTILITY = Set.of("water", "power", "gas", "heating");

  private final Map<String, OutsideUnit> byId;

  public OutsideUnits(List<OutsideUnit> units) {
    Map<String, OutsideUnit> map = new LinkedHashMap<>();
    for (OutsideUnit u : units) {
      if (map.put(u.id(), u) != null) {
        throw new IllegalArgumentException("unit " + u.id() + " is listed twice");
      }
    }
    this.byId = java.util.Collections.unmodifiableMap(map);
  }

  public Optional<OutsideUnit> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** In the file's order. */
  public List<OutsideUnit> all() {
    return List.copyOf(byId.values());
  }

  /**
   * Reads {@code file}; {@code districts} are the district ids duty desks may name.
   *
   * @throws IllegalArgumentException naming the file and the entry at fault
   */
  public static OutsideUnits load(Path file, Set<String> districts) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      return parse(root, districts);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static OutsideUnits parse(JsonNode root, Set<String> districts) {
    if (root == null || !root.path("units").isArray()) {
      throw new IllegalArgumentException("needs a list 'units'");
    }
    List<OutsideUnit> units = new ArrayList<>();
    int n = 0;
    for (JsonNode u : root.path("units")) {
      n++;
      units.add(unit(u, districts, n));
    }
    return new OutsideUnits(units);
  }

  private static OutsideUnit unit(JsonNode u, Set<String> districts, int n) {
    String id = u.path("id").asText("");
    String where = id.isEmpty() ? "unit #" + n : "unit " + id;
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          where + ": 'id' must be letters, digits and '-' (at most 32)");
    }
    String zh = u.path("name").path("zh").asText("");
    String en = u.path("name").path("en").asText("");
    if (zh.isBlank() || en.isBlank()) {
      throw new IllegalArgumentException(where + ": needs name.zh and name.en");
    }
    String number = u.path("number").asText("");
    if (!NUMBER.matcher(number).matches()) {
      throw new IllegalArgumentException(where + ": 'number' must be 3 to 20 digits, quoted");
    }
    String kindCode = u.path("kind").asText("");
    OutsideUnit.Kind kind =
        OutsideUnit.Kind.ofCode(kindCode)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        where
                            + ": 'kind' is emergency, utility or duty-desk, not '"
                            + kindCode
                            + "'"));
    Optional<String> service = text(u, "service");
    Optional<String> district = text(u, "district");
    switch (kind) {
      case EMERGENCY -> need(where, service, EMERGENCY, "service");
      case UTILITY -> need(where, service, UTILITY, "service");
      case DUTY_DESK -> need(where, district, districts, "district");
    }
    return new OutsideUnit(id, new LocalizedName(zh, en), number, kind, service, district);
  }

  private static void need(String where, Optional<String> value, Set<String> known, String field) {
    if (value.isEmpty() || !known.contains(value.get())) {
      throw new IllegalArgumentException(
          where
              + ": '"
              + field
              + "' must be one of "
              + new java.util.TreeSet<>(known)
              + (value.isPresent() ? ", not '" + value.get() + "'" : ""));
    }
  }

  private static Optional<String> text(JsonNode u, String field) {
    String v = u.path(field).asText("");
    return v.isBlank() ? Optional.empty() : Optional.of(v);
  }
}
