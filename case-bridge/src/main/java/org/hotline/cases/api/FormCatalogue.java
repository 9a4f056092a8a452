package org.hotline.cases.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent's form offers to choose from, in both languages: the taxonomy's groups and leaves,
 * the unit types, each urgency's time limit, the districts and their streets. Read once; it changes
 * only with the configuration files.
 *
 * @param groups the taxonomy's top level, each with its leaves (only a leaf goes on a case)
 * @param ownerTypes the types of unit a case may be dispatched to, by code
 * @param timeLimits the time limit each urgency gives a case
 * @param districts the districts, each with its streets and townships
 */
public record FormCatalogue(
    List<Group> groups,
    Map<String, LocalizedName> ownerTypes,
    Map<Urgency, Duration> timeLimits,
    List<Place> districts) {

  public FormCatalogue {
    groups = List.copyOf(groups);
    ownerTypes = Map.copyOf(ownerTypes);
    timeLimits = Map.copyOf(timeLimits);
    districts = List.copyOf(districts);
  }

  /** A top-level category and its leaves. */
  public record Group(String code, LocalizedName name, List<Leaf> leaves) {
    public Group {
      Objects.requireNonNull(code, "code");
      leaves = List.copyOf(leaves);
    }
  }

  /** A category a case can carry, with the urgency and unit type it implies unless changed. */
  public record Leaf(String code, LocalizedName name, Urgency urgency, String ownerType) {}

  /** A district with its streets, or a street (with no streets of its own). */
  public record Place(String id, LocalizedName name, List<Place> streets) {
    public Place {
      Objects.requireNonNull(id, "id");
      streets = List.copyOf(streets);
    }
  }
}
