package org.hotline.reports.city;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.cases.taxonomy.Category;
import org.hotline.cases.taxonomy.Taxonomy;
import org.hotline.support.text.LocalizedName;

/**
 * The names of the request taxonomy's codes, from {@code taxonomy.yaml}: groups ({@code heating})
 * and leaves ({@code heating.not_warm}). The reports print names beside codes and check that the
 * codes reports.yaml names exist.
 */
public final class Categories {

  private final Map<String, LocalizedName> groups;
  private final Map<String, LocalizedName> leaves;

  public Categories(Map<String, LocalizedName> groups, Map<String, LocalizedName> leaves) {
    this.groups = new LinkedHashMap<>(groups);
    this.leaves = new LinkedHashMap<>(leaves);
  }

  /** {@code taxonomy.yaml}, read by the case bridge's taxonomy. */
  public static Categories load(Path file) {
    Map<String, LocalizedName> groups = new LinkedHashMap<>();
    Map<String, LocalizedName> leaves = new LinkedHashMap<>();
    Taxonomy taxonomy = Taxonomy.load(file);
    for (Category g : taxonomy.topLevel()) {
      groups.put(g.code(), name(g.name()));
    }
    for (Category leaf : taxonomy.leaves()) {
      leaves.put(leaf.code(), name(leaf.name()));
    }
    return new Categories(groups, leaves);
  }

  private static LocalizedName name(org.hotline.cases.api.LocalizedName n) {
    return new LocalizedName(n.zh(), n.en());
  }

  /** A group or a leaf. */
  public boolean known(String code) {
    return groups.containsKey(code) || leaves.containsKey(code);
  }

  /** The code's name; the code itself where the taxonomy does not know it (an old code). */
  public LocalizedName name(String code) {
    if (code == null) {
      return new LocalizedName("未分类", "No category");
    }
    LocalizedName n = leaves.get(code);
    if (n == null) {
      n = groups.get(code);
    }
    return n != null ? n : new LocalizedName(code, code);
  }

  public List<String> leafCodes() {
    return List.copyOf(leaves.keySet());
  }
}
