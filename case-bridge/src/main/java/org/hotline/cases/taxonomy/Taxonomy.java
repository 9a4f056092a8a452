package org.hotline.cases.taxonomy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.cases.api.LocalizedName;
import org.hotline.cases.api.Urgency;

/**
 * The category tree of {@code taxonomy.yaml}, read once at start-up. A mistake (a leaf without an
 * urgency, an unknown owner type, a duplicate code or service code) is an {@link
 * IllegalArgumentException} then, never later.
 */
public final class Taxonomy {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, LocalizedName> ownerTypes;
  private final List<Category> topLevel;
  private final Map<String, Category> byCode = new LinkedHashMap<>();

  public Taxonomy(Map<String, LocalizedName> ownerTypes, List<Category> topLevel) {
    this.ownerTypes = Map.copyOf(ownerTypes);
    this.topLevel = List.copyOf(topLevel);
    Set<String> serviceCodes = new HashSet<>();
    for (Category top : topLevel) {
      index(top);
      if (top.children().isEmpty()) {
        throw new IllegalArgumentException("category " + top.code() + " has no children");
      }
      for (Category leaf : top.children()) {
        index(leaf);
        if (leaf.urgency().isEmpty()
            || leaf.ownerType().isEmpty()
            || leaf.serviceCode().isEmpty()) {
          throw new IllegalArgumentException(
              "category " + leaf.code() + " needs urgency, owner and serviceCode");
        }
        if (!ownerTypes.containsKey(leaf.ownerType().get())) {
          throw new IllegalArgumentException(
              "category " + leaf.code() + ": unknown owner " + leaf.ownerType().get());
        }
        if (!serviceCodes.add(leaf.serviceCode().get())) {
          throw new IllegalArgumentException("duplicate serviceCode " + leaf.serviceCode().get());
        }
      }
    }
  }

  private void index(Category c) {
    if (byCode.put(c.code(), c) != null) {
      throw new IllegalArgumentException("duplicate category code " + c.code());
    }
  }

  /** Reads {@code taxonomy.yaml}. */
  public static Taxonomy load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      Map<String, LocalizedName> owners = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("ownerTypes").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        owners.put(e.getKey(), name(e.getValue(), e.getKey()));
      }
      List<Category> tops = new ArrayList<>();
      for (JsonNode top : root.path("categories")) {
        String code = required(top, "code");
        List<Category> leaves = new ArrayList<>();
        for (JsonNode leaf : top.path("children")) {
          String leafCode = required(leaf, "code");
          if (!leafCode.startsWith(code + ".")) {
            throw new IllegalArgumentException(leafCode + " must start with " + code + ".");
          }
          leaves.add(
              new Category(
                  leafCode,
                  name(leaf.path("name"), leafCode),
                  Optional.of(code),
                  Optional.of(
                      Urgency.parse(required(leaf, "urgency"))
                          .orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      leafCode + ": unknown urgency " + leaf.get("urgency")))),
                  Optional.of(required(leaf, "owner")),
                  Optional.of(required(leaf, "serviceCode")),
                  List.of()));
        }
        tops.add(
            new Category(
                code,
                name(top.path("name"), code),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                leaves));
      }
      return new Taxonomy(owners, tops);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static LocalizedName name(JsonNode node, String fallback) {
    if (node.isTextual()) {
      return new LocalizedName(node.asText(), null);
    }
    JsonNode zh = node.get("zh");
    JsonNode en = node.get("en");
    return new LocalizedName(zh == null ? fallback : zh.asText(), en == null ? null : en.asText());
  }

  private static String required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw new IllegalArgumentException("missing '" + field + "' in " + node);
    }
    return v.asText();
  }

  public List<Category> topLevel() {
    return topLevel;
  }

  public Optional<Category> find(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /** The leaf with this code, empty for an unknown code or a top-level one. */
  public Optional<Category> leaf(String code) {
    return find(code).filter(Category::leaf);
  }

  public Collection<Category> all() {
    return byCode.values();
  }

  public List<Category> leaves() {
    return byCode.values().stream().filter(Category::leaf).toList();
  }

  public Optional<LocalizedName> ownerType(String code) {
    return Optional.ofNullable(ownerTypes.get(code));
  }

  public Map<String, LocalizedName> ownerTypes() {
    return ownerTypes;
  }
}
