package org.hotline.cases.jurisdiction;

import java.util.List;
import org.hotline.cases.api.Jurisdiction;

/** What the gazetteer made of a location text. */
public sealed interface Resolution {

  /** Exactly one street or township. */
  record Resolved(Jurisdiction jurisdiction) implements Resolution {}

  /**
   * Several streets match (天通苑 is two streets; 八里庄 is in two districts), or only a district was
   * named: the agent chooses one of the candidates.
   *
   * @param districtOnly only a district was recognised; the candidates are its streets
   */
  record Ambiguous(List<Jurisdiction> candidates, boolean districtOnly) implements Resolution {
    public Ambiguous {
      candidates = List.copyOf(candidates);
    }
  }

  /** Nothing recognised: the agent chooses the district and the street. */
  record Unknown() implements Resolution {}
}
