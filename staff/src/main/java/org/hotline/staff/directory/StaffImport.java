package org.hotline.staff.directory;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The staff directory from a spreadsheet, as CSV with a header row:
 *
 * <pre>
 * staff_id,name,roles,skills,languages,districts,team,password
 * a0001,王芳,agent,general:8|water:5,zh|en,,A组,
 * </pre>
 *
 * Lists are separated by {@code |}; a skill is {@code skill:level}. Every row is checked before
 * anything is written, and one bad row refuses the whole file (with every bad row's line number),
 * so a half-imported directory never exists. A row with a known id replaces that person's profile;
 * the password column only ever sets the first password of a new person (which they must change).
 */
public final class StaffImport {

  /** Enough for the whole floor at once and no more: a body bigger than this is refused. */
  public static final int MAX_ROWS = 5_000;

  static final List<String> HEADER =
      List.of("staff_id", "name", "roles", "skills", "languages", "districts", "team", "password");

  /** A valid row: a profile and perhaps a first password. */
  public record Row(int line, StaffProfile profile, Optional<String> password) {}

  /** One bad field of one row. */
  public record Problem(long line, String field, String message) {}

  /** What reading the file found: rows to write, or the problems that refuse it. */
  public record Parsed(List<Row> rows, List<Problem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** What writing it did. */
  public record Outcome(int created, int updated, int unchanged, List<StaffMember> changed) {}

  private StaffImport() {}

  public static Parsed parse(String csv) {
    List<Row> rows = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();
    String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv; // Excel's byte-order mark
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      List<String> header = parser.getHeaderNames();
      for (String required : HEADER.subList(0, 3)) {
        if (!header.contains(required)) {
          problems.add(new Problem(1, required, "the header row lacks this column"));
        }
      }
      if (!problems.isEmpty()) {
        return new Parsed(List.of(), problems);
      }
      Set<String> seen = new HashSet<>();
      for (CSVRecord record : parser) {
        long line = parser.getCurrentLineNumber();
        if (rows.size() + problems.size() >= MAX_ROWS) {
          problems.add(new Problem(line, "", "more than " + MAX_ROWS + " rows"));
          break;
        }
        try {
          Row row = row(record, (int) line);
          if (!seen.add(row.profile().id())) {
            problems.add(new Problem(line, "staff_id", "appears twice in the file"));
          } else {
            rows.add(row);
          }
        } catch (StaffException e) {
          problems.add(new Problem(line, e.field(), e.getMessage()));
        } catch (IllegalArgumentException e) {
          problems.add(new Problem(line, "", e.getMessage()));
        }
      }
    } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
      problems.add(new Problem(0, "", "not readable as CSV: " + e.getMessage()));
    }
    return new Parsed(problems.isEmpty() ? rows : List.of(), problems);
  }

  private static Row row(CSVRecord r, int line) {
    String id = field(r, "staff_id");
    Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
    for (String code : list(field(r, "roles"))) {
      roles.add(StaffRole.parse(code));
    }
    Map<String, Integer> skills = new LinkedHashMap<>();
    for (String s : list(field(r, "skills"))) {
      String[] kv = s.split(":", 2);
      try {
        skills.put(kv[0].strip(), kv.length == 2 ? Integer.parseInt(kv[1].strip()) : 5);
      } catch (NumberFormatException e) {
        throw new StaffException(
            StaffException.Code.INVALID_STAFF, "skills", "a level is a number: " + s);
      }
    }
    String password = field(r, "password");
    StaffProfile profile =
        new StaffProfile(
            id,
            field(r, "name"),
            roles,
            skills,
            Set.copyOf(list(field(r, "languages"))),
            Set.copyOf(list(field(r, "districts"))),
            field(r, "team"));
    if (!password.isEmpty()) {
      org.hotline.staff.password.PasswordHasher.rejection(id, password)
          .ifPresent(
              why -> {
                throw new StaffException(StaffException.Code.PASSWORD_REJECTED, "password", why);
              });
    }
    return new Row(line, profile, password.isEmpty() ? Optional.empty() : Optional.of(password));
  }

  private static String field(CSVRecord r, String name) {
    return r.isMapped(name) && r.isSet(name) ? r.get(name).strip() : "";
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split("\\|")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }
}
