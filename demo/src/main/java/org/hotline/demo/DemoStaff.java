package org.hotline.demo;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Role;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffImport;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;

/**
 * The demo's staff directory: the 600 simulated agents (who never sign in: the floor drives them)
 * and three people a visitor can sign in as, with one password made for this run and printed.
 */
final class DemoStaff {

  /** The accounts a visitor signs in with. */
  static final List<String> ACCOUNTS = List.of("supervisor", "manager", "admin");

  private DemoStaff() {}

  /** Writes everyone; returns the visitors' password. */
  static String enrol(StaffDirectory staff, List<Agent> agents) {
    List<StaffImport.Row> rows = new ArrayList<>();
    int line = 2;
    for (Agent a : agents) {
      StaffRole role =
          a.role() == Role.OFFICIAL
              ? StaffRole.OFFICIAL
              : a.role() == Role.SUPERVISOR ? StaffRole.SUPERVISOR : StaffRole.AGENT;
      rows.add(
          new StaffImport.Row(
              line++,
              new StaffProfile(
                  a.id(),
                  a.name(),
                  EnumSet.of(role),
                  a.skills(),
                  a.languages(),
                  a.districts(),
                  "floor"),
              Optional.empty()));
    }
    rows.add(row(line++, "supervisor", "值班长 Demo", StaffRole.SUPERVISOR, StaffRole.AGENT));
    rows.add(row(line++, "manager", "中心主任 Demo", StaffRole.MANAGER));
    rows.add(row(line, "admin", "系统管理员 Demo", StaffRole.ADMIN));
    staff.apply(rows).toCompletableFuture().join();
    String password = password();
    for (String id : ACCOUNTS) {
      staff.setPassword(id, password, false).toCompletableFuture().join();
    }
    return password;
  }

  private static StaffImport.Row row(int line, String id, String name, StaffRole... roles) {
    return new StaffImport.Row(
        line,
        new StaffProfile(
            id,
            name,
            EnumSet.of(roles[0], roles),
            Map.of("general", 8),
            Set.of("zh"),
            Set.of(),
            "demo"),
        Optional.empty());
  }

  /** Three words of lower-case letters and a number: easy to type, made fresh each run. */
  private static String password() {
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder("demo");
    for (int i = 0; i < 3; i++) {
      b.append('-');
      for (int j = 0; j < 4; j++) {
        b.append((char) ('a' + random.nextInt(26)));
      }
    }
    return b.append('-').append(10 + random.nextInt(90)).toString();
  }
}
