package org.hotline.reports.city;

import java.util.List;
import org.hotline.reports.format.CsvTable;
import org.hotline.support.text.LocalizedName;

/** The lists of hot issues as one CSV table, one kind of item per row. */
final class HotLists {

  private HotLists() {}

  static String csv(
      String period,
      LocalizedName jumpRule,
      List<VolumeJump> jumps,
      List<FrequentCaller> callers,
      List<FrequentLocation> locations) {
    CsvTable t =
        new CsvTable(
            "kind",
            "district",
            "street",
            "what",
            "count",
            "baseline",
            "z",
            "open",
            "categories",
            "example_cases");
    t.comment(period);
    t.comment("jump: " + jumpRule.zh());
    t.comment("jump: " + jumpRule.en());
    for (VolumeJump j : jumps) {
      t.row(
          "jump",
          j.districtId(),
          j.streetId(),
          j.category(),
          j.count(),
          j.baseline(),
          j.z(),
          j.open(),
          j.category(),
          String.join(" ", j.exampleCases()));
    }
    for (FrequentCaller c : callers) {
      t.row(
          "caller",
          "",
          String.join(" ", c.streets()),
          c.maskedNumber(),
          c.cases(),
          "",
          "",
          c.open(),
          String.join(" ", c.categories()),
          String.join(" ", c.exampleCases()));
    }
    for (FrequentLocation l : locations) {
      t.row(
          "location",
          l.districtId(),
          l.streetId(),
          l.location(),
          l.cases(),
          "",
          "",
          l.open(),
          String.join(" ", l.categories()),
          String.join(" ", l.exampleCases()));
    }
    return t.toString();
  }
}
