package org.hotline.cases.jurisdiction;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.hotline.cases.api.LocalizedName;

/**
 * A street (街道), area (地区) or township (镇/乡): the unit a case is dispatched to.
 *
 * @param population residents, where the gazetteer says; the monthly reports put every street of
 *     200,000 or more on the focus list. Empty where the gazetteer has no figure.
 */
public record Street(
    String id,
    String districtId,
    LocalizedName name,
    List<String> aliases,
    OptionalInt population) {

  public Street {
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(population, "population");
    if (population.isPresent() && population.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "population of " + districtId + "." + id + " must not be negative");
    }
  }

  /** A street whose population the gazetteer does not give. */
  public Street(String id, String districtId, LocalizedName name, List<String> aliases) {
    this(id, districtId, name, aliases, OptionalInt.empty());
  }
}
