package org.hotline.reports.city;

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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.hotline.support.text.LocalizedName;

/**
 * The districts and streets the reports list, from {@code jurisdictions.yaml}: ids, names and
 * populations only (the case bridge's gazetteer reads the same file to resolve locations). Every
 * street is listed in a monthly report, with no data where it had no case; an id the record holds
 * that the gazetteer does not know is listed under its id.
 */
public final class Places {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A district and its streets, in the gazetteer's order. */
  public record District(String id, LocalizedName name, List<Street> streets) {
    public District {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      streets = List.copyOf(streets);
    }
  }

  /** A street, area or township; population empty where the gazetteer gives none. */
  public record Street(String districtId, String id, LocalizedName name, OptionalInt population) {
    public Street {
      Objects.requireNonNull(districtId, "districtId");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(population, "population");
    }
  }

  private final Map<String, District> districts = new LinkedHashMap<>();
  private final Map<String, Street> streets = new LinkedHashMap<>();

  public Places(List<District> districts) {
    for (District d : districts) {
      if (this.districts.put(d.id(), d) != null) {
        throw new IllegalArgumentException("duplicate district " + d.id());
      }
      for (Street s : d.streets()) {
        if (!s.districtId().equals(d.id())) {
          throw new IllegalArgumentException(s.id() + " is listed under " + d.id());
        }
        if (this.streets.put(key(d.id(), s.id()), s) != null) {
          throw new IllegalArgumentException("duplicate street " + d.id() + "." + s.id());
        }
      }
    }
  }

  /** Reads {@code jurisdictions.yaml}; a street without population has none. */
  public static Places load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      List<District> list = new ArrayList<>();
      for (JsonNode d : root.path("districts")) {
        String id = d.path("id").asText("");
        if (id.isEmpty()) {
          throw new IllegalArgumentException("a district without id");
        }
        List<Street> streets = new ArrayList<>();
        for (JsonNode s : d.path("streets")) {
          String sid = s.path("id").asText("");
          JsonNode pop = s.get("population");
          streets.add(
              new Street(
                  id,
                  sid,
                  new LocalizedName(s.path("zh").asText(sid), s.path("en").asText(null)),
                  pop == null || !pop.canConvertToInt()
                      ? OptionalInt.empty()
                      : OptionalInt.of(pop.asInt())));
        }
        JsonNode name = d.path("name");
        list.add(
            new District(
                id,
                new LocalizedName(name.path("zh").asText(id), name.path("en").asText(null)),
                streets));
      }
      return new Places(list);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public List<District> districts() {
    return List.copyOf(districts.values());
  }

  public Optional<District> district(String id) {
    return Optional.ofNullable(districts.get(id));
  }

  public List<Street> streets() {
    return List.copyOf(streets.values());
  }

  public Optional<Street> street(String districtId, String streetId) {
    return Optional.ofNullable(streets.get(key(districtId, streetId)));
  }

  /** The district's name, or its id when the gazetteer does not know it. */
  public LocalizedName districtName(String id) {
    District d = districts.get(id);
    return d != null ? d.name() : new LocalizedName(id, id);
  }

  public LocalizedName streetName(String districtId, String streetId) {
    Street s = streets.get(key(districtId, streetId));
    return s != null ? s.name() : new LocalizedName(streetId, streetId);
  }

  private static String key(String districtId, String streetId) {
    return districtId + "." + streetId;
  }
}
