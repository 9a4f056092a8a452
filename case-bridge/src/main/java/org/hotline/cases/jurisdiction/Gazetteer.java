package org.hotline.cases.jurisdiction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.hotline.cases.api.Jurisdiction;
import org.hotline.cases.api.LocalizedName;

/**
 * Districts and their streets from {@code jurisdictions.yaml}, and location text resolved to them.
 *
 * <p>Every name and alias is looked for in the text. A match inside a longer match does not count
 * (朝阳门 is a gate in Dongcheng, not 朝阳区), so the most specific name wins. A district named in the
 * text narrows the streets to that district. One street left: resolved; several: the agent chooses;
 * a district alone: the agent chooses among its streets; nothing: the agent chooses.
 */
public final class Gazetteer {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> SUFFIXES = List.of("街道", "地区", "镇", "乡");

  private final Map<String, District> districts;
  private final List<Term> terms;

  private record Term(String text, District district, Street street) {}

  private record Match(int start, int end, Term term) {
    int length() {
      return end - start;
    }

    boolean inside(Match other) {
      return other.start <= start && end <= other.end && other.length() > length();
    }
  }

  public Gazetteer(List<District> districts) {
    Map<String, District> byId = new LinkedHashMap<>();
    for (District d : districts) {
      if (byId.put(d.id(), d) != null) {
        throw new IllegalArgumentException("duplicate district " + d.id());
      }
      Set<String> streetIds = new LinkedHashSet<>();
      for (Street s : d.streets()) {
        if (!streetIds.add(s.id())) {
          throw new IllegalArgumentException("duplicate street " + d.id() + "." + s.id());
        }
      }
    }
    this.districts = byId;
    Set<String> districtWords = new LinkedHashSet<>();
    for (District d : districts) {
      districtWords.add(d.name().zh());
      districtWords.addAll(d.aliases());
    }
    List<Term> all = new ArrayList<>();
    for (District d : districts) {
      for (String word : names(d.name().zh(), d.aliases())) {
        all.add(new Term(fold(word), d, null));
      }
      for (Street s : d.streets()) {
        Set<String> words = names(s.name().zh(), s.aliases());
        String shortName = shortName(s.name().zh());
        if (shortName != null && !districtWords.contains(shortName)) {
          words.add(shortName); // 望京街道 is also just 望京, unless that is a district's name
        }
        for (String word : words) {
          all.add(new Term(fold(word), d, s));
        }
      }
    }
    this.terms = List.copyOf(all);
  }

  private static Set<String> names(String name, List<String> aliases) {
    Set<String> words = new LinkedHashSet<>();
    words.add(name);
    for (String a : aliases) {
      if (!a.isBlank()) {
        words.add(a);
      }
    }
    return words;
  }

  private static String shortName(String name) {
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix) && name.length() - suffix.length() >= 2) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return null;
  }

  /** Reads {@code jurisdictions.yaml}. */
  public static Gazetteer load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      List<District> districts = new ArrayList<>();
      for (JsonNode d : root.path("districts")) {
        String id = d.path("id").asText();
        if (id.isEmpty()) {
          throw new IllegalArgumentException("a district without id");
        }
        List<Street> streets = new ArrayList<>();
        for (JsonNode s : d.path("streets")) {
          String sid = s.path("id").asText();
          String zh = s.path("zh").asText();
          if (sid.isEmpty() || zh.isEmpty()) {
            throw new IllegalArgumentException("a street of " + id + " without id or zh");
          }
          streets.add(
              new Street(
                  sid,
                  id,
                  new LocalizedName(zh, s.path("en").asText(null)),
                  strings(s.path("aliases")),
                  population(s.get("population"), id + "." + sid)));
        }
        JsonNode name = d.path("name");
        districts.add(
            new District(
                id,
                new LocalizedName(name.path("zh").asText(id), name.path("en").asText(null)),
                strings(d.path("aliases")),
                streets));
      }
      return new Gazetteer(districts);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Optional: a gazetteer without populations (or with some missing) still loads. */
  private static OptionalInt population(JsonNode value, String street) {
    if (value == null || value.isNull()) {
      return OptionalInt.empty();
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
      throw new IllegalArgumentException(
          "population of " + street + " must be a whole number of residents, not " + value);
    }
    return OptionalInt.of(value.asInt());
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      out.add(n.asText());
    }
    return out;
  }

  public List<District> districts() {
    return List.copyOf(districts.values());
  }

  public Optional<District> district(String id) {
    return Optional.ofNullable(districts.get(id));
  }

  /** The jurisdiction of a district and one of its streets, if both exist. */
  public Optional<Jurisdiction> jurisdiction(String districtId, String streetId) {
    District d = districts.get(districtId);
    if (d == null) {
      return Optional.empty();
    }
    return d.streets().stream()
        .filter(s -> s.id().equals(streetId))
        .findFirst()
        .map(s -> jurisdiction(d, s));
  }

  static Jurisdiction jurisdiction(District d, Street s) {
    return new Jurisdiction(d.id(), s.id(), d.name(), s.name());
  }

  /** All streets of a district, as candidates. */
  public List<Jurisdiction> streetsOf(String districtId) {
    District d = districts.get(districtId);
    if (d == null) {
      return List.of();
    }
    return d.streets().stream().map(s -> jurisdiction(d, s)).toList();
  }

  /** Resolves what the resident said to a district and street, or says why it cannot. */
  public Resolution resolve(String locationText) {
    if (locationText == null || locationText.isBlank()) {
      return new Resolution.Unknown();
    }
    String text = fold(locationText);
    List<Match> matches = new ArrayList<>();
    for (Term term : terms) {
      int from = 0;
      while (true) {
        int at = text.indexOf(term.text(), from);
        if (at < 0) {
          break;
        }
        matches.add(new Match(at, at + term.text().length(), term));
        from = at + 1;
      }
    }
    List<Match> kept = new ArrayList<>();
    for (Match m : matches) {
      boolean hidden = false;
      for (Match other : matches) {
        if (m.inside(other)) {
          hidden = true;
          break;
        }
      }
      if (!hidden) {
        kept.add(m);
      }
    }
    Set<District> named = new LinkedHashSet<>();
    Map<String, Jurisdiction> streets = new LinkedHashMap<>();
    for (Match m : kept) {
      if (m.term().street() == null) {
        named.add(m.term().district());
      } else {
        Jurisdiction j = jurisdiction(m.term().district(), m.term().street());
        streets.put(j.fullId(), j);
      }
    }
    List<Jurisdiction> candidates = new ArrayList<>(streets.values());
    if (!named.isEmpty()) {
      List<Jurisdiction> inNamed =
          candidates.stream()
              .filter(j -> named.stream().anyMatch(d -> d.id().equals(j.districtId())))
              .toList();
      if (!inNamed.isEmpty()) {
        candidates = new ArrayList<>(inNamed);
      }
    }
    candidates.sort(Comparator.comparing(Jurisdiction::fullId));
    if (candidates.size() == 1) {
      return new Resolution.Resolved(candidates.get(0));
    }
    if (!candidates.isEmpty()) {
      return new Resolution.Ambiguous(candidates, false);
    }
    if (!named.isEmpty()) {
      List<Jurisdiction> all = new ArrayList<>();
      for (District d : named) {
        all.addAll(streetsOf(d.id()));
      }
      return new Resolution.Ambiguous(all, true);
    }
    return new Resolution.Unknown();
  }

  /** Compatibility forms folded (full-width letters and digits), case ignored. */
  private static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}
