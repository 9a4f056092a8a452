package org.hotline.cases.jurisdiction;

import java.util.List;
import org.hotline.cases.api.LocalizedName;

/** A district (区) with the names people call it by and its streets and townships. */
public record District(String id, LocalizedName name, List<String> aliases, List<Street> streets) {

  public District {
    aliases = List.copyOf(aliases);
    streets = List.copyOf(streets);
  }
}
