package org.hotline.reports.city;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.support.text.LocalizedName;

/**
 * The districts and streets the reports list, from {@code jurisdictions.yaml}: ids, names and
 * populations only (the case bridge's gazetteer reads the same file to resolve locations). Every
 * street is listed in a monthly report, with no data where it had no case; an id the record holds
 * that the gazetteer does not know is listed under its id.
 */
public final class Places {

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

  /**
   * {@code jurisdictions.yaml}, read by the case bridge's gazetteer; a street may lack population.
   */
  public static Places load(Path file) {
    List<District> list = new ArrayList<>();
    for (org.hotline.cases.jurisdiction.District d : Gazetteer.load(file).districts()) {
      List<Street> streets = new ArrayList<>();
      for (org.hotline.cases.jurisdiction.Street s : d.streets()) {
        streets.add(new Street(d.id(), s.id(), name(s.name()), s.population()));
      }
      list.add(new District(d.id(), name(d.name()), streets));
    }
    return new Places(list);
  }

  private static LocalizedName name(org.hotline.cases.api.LocalizedName n) {
    return new LocalizedName(n.zh(), n.en());
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
