package org.hotline.reports.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One report as CSV (RFC 4180, CRLF line ends, UTF-8 when written out): the definitions first, as
 * {@code #} comment lines, so a figure never travels without what it means; then a header and the
 * rows. A cell with no data is empty, never 0; fractions are written with four decimals ({@code
 * 0.8571}).
 */
public final class CsvTable {

  private final List<String> comments = new ArrayList<>();
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public CsvTable(String... header) {
    this.header = List.of(header);
  }

  /** A line of explanation above the table. */
  public CsvTable comment(String line) {
    comments.add(line);
    return this;
  }

  /** A row: one cell per header column, each as {@link #cell(Object)} writes it. */
  public CsvTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells under " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(cell(cell));
    }
    rows.add(row);
    return this;
  }

  /** Empty for null and empty optionals; fractions (doubles) with four decimals. */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Optional<?> o) {
      return o.map(CsvTable::cell).orElse("");
    }
    if (value instanceof OptionalDouble d) {
      return d.isPresent() ? cell(d.getAsDouble()) : "";
    }
    if (value instanceof OptionalInt i) {
      return i.isPresent() ? Integer.toString(i.getAsInt()) : "";
    }
    if (value instanceof Double d) {
      return String.format(Locale.ROOT, "%.4f", d);
    }
    String text = value.toString();
    if (value instanceof CharSequence
        && !text.isEmpty()
        && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      // text a resident or an agent wrote (a location): a spreadsheet must not run it as a formula
      return "'" + text;
    }
    return text;
  }

  @Override
  public String toString() {
    StringBuilder csv = new StringBuilder();
    for (String c : comments) {
      csv.append("# ").append(c.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
    }
    line(csv, header);
    for (List<String> row : rows) {
      line(csv, row);
    }
    return csv.toString();
  }

  private static void line(StringBuilder csv, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(quoted(cells.get(i)));
    }
    csv.append("\r\n");
  }

  /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
  static String quoted(String cell) {
    boolean quote =
        cell.indexOf(',') >= 0
            || cell.indexOf('"') >= 0
            || cell.indexOf('\n') >= 0
            || cell.indexOf('\r') >= 0
            || cell.indexOf('#') == 0;
    return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }
}
