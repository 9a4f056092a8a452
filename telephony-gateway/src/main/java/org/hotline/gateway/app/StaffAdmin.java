package org.hotline.gateway.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hotline.cityrecord.CityRecord;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffException;
import org.hotline.staff.directory.StaffImport;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;
import org.hotline.staff.password.PasswordHasher;

/**
 * The staff directory from a shell, for what comes before anyone can sign in:
 *
 * <pre>
 * staff-admin create-admin &lt;id&gt; &lt;name&gt;   the first admin; the password from
 *                                      HOTLINE_ADMIN_PASSWORD or the console's first line
 * staff-admin import &lt;file.csv&gt;          the first staff, all or nothing
 * </pre>
 *
 * With {@code DATABASE_URL} (or {@code DATABASE_JDBC_URL}, user, password) as the gateway has it.
 * The running gateways take new people up at their next profile synchronisation (five minutes) or
 * restart; everything after the first admin is better done over the API, which they see at once.
 */
public final class StaffAdmin {

  public static final String PASSWORD_ENV = "HOTLINE_ADMIN_PASSWORD";

  private StaffAdmin() {}

  public static void main(String[] args) {
    int status =
        run(
            List.of(args),
            System.getenv(),
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
            System.out,
            System.err);
    System.exit(status);
  }

  /** Exit status: 0 done, 1 refused, 2 misused. */
  static int run(
      List<String> args,
      Map<String, String> env,
      BufferedReader console,
      PrintStream out,
      PrintStream err) {
    if (args.isEmpty()
        || !(args.get(0).equals("create-admin") && args.size() == 3
            || args.get(0).equals("import") && args.size() == 2)) {
      err.println("usage: staff-admin create-admin <id> <name>");
      err.println("       staff-admin import <file.csv>");
      return 2;
    }
    DatabaseSettings settings;
    try {
      settings = DatabaseSettings.fromEnvironment("staff-admin", env);
    } catch (IllegalStateException | IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    ExecutorService hashing = Executors.newFixedThreadPool(2);
    try (Database db = Database.connect(settings.withPoolSize(2))) {
      CityRecord.migrate(db);
      StaffDirectory staff = new StaffDirectory(db, new PasswordHasher(), hashing);
      return args.get(0).equals("import")
          ? importFile(staff, Path.of(args.get(1)), out, err)
          : createAdmin(staff, args.get(1), args.get(2), env, console, out, err);
    } finally {
      hashing.shutdownNow();
    }
  }

  private static int createAdmin(
      StaffDirectory staff,
      String id,
      String name,
      Map<String, String> env,
      BufferedReader console,
      PrintStream out,
      PrintStream err) {
    String password = env.get(PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      out.print("password for " + id + ": ");
      out.flush();
      try {
        password = console.readLine();
      } catch (IOException e) {
        password = null;
      }
      if (password == null) {
        err.println("no password: set " + PASSWORD_ENV + " or type it");
        return 2;
      }
    }
    try {
      StaffProfile profile =
          new StaffProfile(id, name, EnumSet.of(StaffRole.ADMIN), Map.of(), Set.of(), Set.of(), "");
      staff.create(profile, Optional.empty()).toCompletableFuture().join();
      // they chose it themselves at the console: nothing to change at the first sign-in
      StaffMember m = staff.setPassword(id, password, false).toCompletableFuture().join();
      out.println("admin " + m.id() + " created; sign in at /signin/");
      return 0;
    } catch (StaffException | CompletionException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      err.println("refused: " + cause.getMessage());
      return 1;
    }
  }

  private static int importFile(StaffDirectory staff, Path file, PrintStream out, PrintStream err) {
    String csv;
    try {
      csv = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("cannot read " + file + ": " + e.getMessage());
      return 2;
    }
    StaffImport.Parsed parsed = StaffImport.parse(csv);
    if (!parsed.ok()) {
      parsed
          .problems()
          .forEach(p -> err.println("line " + p.line() + " " + p.field() + ": " + p.message()));
      err.println("nothing imported");
      return 1;
    }
    try {
      StaffImport.Outcome o = staff.apply(parsed.rows()).toCompletableFuture().join();
      out.println(
          o.created() + " created, " + o.updated() + " updated, " + o.unchanged() + " unchanged");
      return 0;
    } catch (CompletionException e) {
      err.println("refused: " + (e.getCause() == null ? e : e.getCause()).getMessage());
      return 1;
    }
  }
}
