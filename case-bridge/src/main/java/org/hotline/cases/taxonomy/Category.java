package org.hotline.cases.taxonomy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hotline.cases.api.LocalizedName;
import org.hotline.cases.api.Urgency;

/**
 * A node of the taxonomy. Top-level categories group leaves; only a leaf goes on a case, and only a
 * leaf has an urgency, an owner type and an Open311 service code.
 *
 * @param code stable, dotted for leaves: {@code heating.not_warm}
 * @param parent the top-level code, empty for a top-level category
 */
public record Category(
    String code,
    LocalizedName name,
    Optional<String> parent,
    Optional<Urgency> urgency,
    Optional<String> ownerType,
    Optional<String> serviceCode,
    List<Category> children) {

  public Category {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    children = List.copyOf(children);
  }

  public boolean leaf() {
    return children.isEmpty() && parent.isPresent();
  }
}
