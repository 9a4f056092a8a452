package org.hotline.cases.jurisdiction;

import java.util.List;
import org.hotline.cases.api.LocalizedName;

/** A street (街道), area (地区) or township (镇/乡): the unit a case is dispatched to. */
public record Street(String id, String districtId, LocalizedName name, List<String> aliases) {

  public Street {
    aliases = List.copyOf(aliases);
  }
}
