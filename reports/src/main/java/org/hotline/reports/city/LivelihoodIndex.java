package org.hotline.reports.city;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Collectors;
import org.hotline.reports.city.CityReportsConfig.LivelihoodDimension;
import org.hotline.reports.format.CsvTable;

/**
 * 七有五性 per district, one month: the volume of each of the twelve dimensions (the categories
 * reports.yaml maps to it), against the previous month, and its trend over {@code months}.
 *
 * @param dimensions the mapping in force
 * @param months the months of each row's trend, oldest first
 * @param rows per district (the gazetteer's order) and dimension (the config's order)
 */
public record LivelihoodIndex(
    YearMonth month,
    String zone,
    Instant computedAt,
    List<LivelihoodDimension> dimensions,
    List<YearMonth> months,
    List<DimensionVolume> rows) {

  public LivelihoodIndex {
    dimensions = List.copyOf(dimensions);
    months = List.copyOf(months);
    rows = List.copyOf(rows);
  }

  public String csv() {
    String[] header = new String[7 + months.size()];
    header[0] = "district";
    header[1] = "dimension";
    header[2] = "name_zh";
    header[3] = "name_en";
    header[4] = "count";
    header[5] = "previous_month";
    header[6] = "change_from_previous_month";
    for (int i = 0; i < months.size(); i++) {
      header[7 + i] = months.get(i).toString();
    }
    CsvTable t = new CsvTable(header);
    t.comment("month " + month + " (" + zone + "); cases created in each month, by district");
    for (LivelihoodDimension d : dimensions) {
      t.comment(d.id() + " " + d.name().both() + ": " + String.join(", ", d.categories()));
    }
    for (DimensionVolume v : rows) {
      Object[] cells = new Object[header.length];
      cells[0] = v.districtId();
      cells[1] = v.dimension();
      cells[2] = v.name().zh();
      cells[3] = v.name().en();
      cells[4] = v.count();
      cells[5] = v.previousMonth();
      cells[6] = v.changeFromPreviousMonth();
      for (int i = 0; i < v.trend().size(); i++) {
        cells[7 + i] = v.trend().get(i);
      }
      t.row(cells);
    }
    return t.toString();
  }

  /** The mapping as one line per dimension, for a help panel. */
  public String mapping() {
    return dimensions.stream()
        .map(d -> d.name().both() + ": " + String.join(", ", d.categories()))
        .collect(Collectors.joining("\n"));
  }
}
