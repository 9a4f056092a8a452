package org.hotline.reports.city;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.support.text.LocalizedName;

/**
 * The names of the request taxonomy's codes, from {@code taxonomy.yaml}: groups ({@code heating})
 * and leaves ({@code heating.not_warm}). The reports print names beside codes and check that the
 * codes reports.yaml names exist.
 */
public final class Categories {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, LocalizedName> groups;
  private final Map<String, LocalizedName> leaves;

  public Categories(Map<String, LocalizedName> groups, Map<String, LocalizedName> leaves) {
    this.groups = new LinkedHashMap<>(groups);
    this.leaves = new LinkedHashMap<>(leaves);
  }

  public static Categories load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, LocalizedName> groups = new LinkedHashMap<>();
    Map<String, LocalizedName> leaves = new LinkedHashMap<>();
    for (JsonNode g : root.path("categories")) {
      groups.put(g.path("code").asText(), name(g));
      for (JsonNode leaf : g.path("children")) {
        leaves.put(leaf.path("code").asText(), name(leaf));
      }
    }
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException(file + ": no categories");
    }
    return new Categories(groups, leaves);
  }

  private static LocalizedName name(JsonNode node) {
    String code = node.path("code").asText();
    return new LocalizedName(
        node.path("name").path("zh").asText(code), node.path("name").path("en").asText(null));
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
