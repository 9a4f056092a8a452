package org.hotline.gateway.wallboard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cases.api.FormCatalogue;
import org.hotline.cases.api.LocalizedName;
import org.hotline.pg.support.Database;

/**
 * Today by district and street, from the cases the calls made: calls (cases recorded since
 * midnight), those dispatched to a unit, the streets, and the top categories ("594 calls about
 * Xicheng by 11:00"). One grouped read of today's cases, on a database thread.
 */
final class PlacesToday {

  static final int TOP_CATEGORIES = 5;
  private static final String UNKNOWN = "";

  private static final String SQL =
      "SELECT coalesce(district, ''), coalesce(street, ''), coalesce(category, ''),"
          + " count(*), count(*) FILTER (WHERE unit IS NOT NULL)"
          + " FROM hotline.case_record WHERE created_at >= ?"
          + " GROUP BY 1, 2, 3";

  private record Row(String district, String street, String category, long calls, long sent) {}

  private final Database record;
  private final Context context;
  private final Map<String, LocalizedName> placeNames = new HashMap<>();
  private final Map<String, LocalizedName> categoryNames = new HashMap<>();

  PlacesToday(Database record, Context context, Optional<FormCatalogue> catalogue) {
    this.record = record;
    this.context = context;
    catalogue.ifPresent(
        c -> {
          for (FormCatalogue.Place d : c.districts()) {
            placeNames.put(d.id(), d.name());
            d.streets().forEach(s -> placeNames.put(s.id(), s.name()));
          }
          c.groups().forEach(g -> g.leaves().forEach(l -> categoryNames.put(l.code(), l.name())));
        });
  }

  /** One entry per district (the key {@code ""}: cases with no district yet). */
  Future<Map<String, JsonObject>> since(Instant midnight) {
    return Future.fromCompletionStage(record.query(c -> read(c, midnight)), context)
        .map(this::byDistrict);
  }

  private static List<Row> read(java.sql.Connection c, Instant midnight)
      throws java.sql.SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setTimestamp(1, Timestamp.from(midnight));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
        }
      }
    }
    return rows;
  }

  private Map<String, JsonObject> byDistrict(List<Row> rows) {
    Map<String, List<Row>> grouped = new LinkedHashMap<>();
    rows.forEach(r -> grouped.computeIfAbsent(r.district(), d -> new ArrayList<>()).add(r));
    Map<String, JsonObject> places = new LinkedHashMap<>();
    grouped.forEach((district, list) -> places.put(district, district(district, list)));
    return places;
  }

  private JsonObject district(String district, List<Row> rows) {
    Map<String, Long> streets = new HashMap<>();
    Map<String, Long> categories = new HashMap<>();
    long calls = 0;
    long sent = 0;
    for (Row r : rows) {
      calls += r.calls();
      sent += r.sent();
      streets.merge(r.street(), r.calls(), Long::sum);
      categories.merge(r.category(), r.calls(), Long::sum);
    }
    JsonArray streetList = new JsonArray();
    streets.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
        .forEach(e -> streetList.add(named(e.getKey(), placeNames).put("calls", e.getValue())));
    JsonArray top = new JsonArray();
    categories.entrySet().stream()
        .filter(e -> !e.getKey().equals(UNKNOWN))
        .sorted(
            Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .limit(TOP_CATEGORIES)
        .forEach(e -> top.add(named(e.getKey(), categoryNames).put("calls", e.getValue())));
    return named(district, placeNames)
        .put("calls", calls)
        .put("dispatched", sent)
        .put("streets", streetList)
        .put("topCategories", top);
  }

  private static JsonObject named(String id, Map<String, LocalizedName> names) {
    JsonObject json = new JsonObject().put("id", id);
    LocalizedName n = names.get(id);
    if (n != null) {
      json.put("name", FloorView.names(n.zh(), n.en()));
    }
    return json;
  }
}
