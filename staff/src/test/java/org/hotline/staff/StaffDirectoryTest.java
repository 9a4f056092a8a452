package org.hotline.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cityrecord.CityRecord;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.hotline.staff.audit.AuditEvent;
import org.hotline.staff.audit.AuditTrail;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffException;
import org.hotline.staff.directory.StaffImport;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;
import org.hotline.staff.password.PasswordHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The directory and the audit trail on a real PostgreSQL. */
class StaffDirectoryTest {

  private static Database db;
  private static ExecutorService hashing;
  private static StaffDirectory staff;

  @BeforeAll
  static void open() {
    LocalPostgres pg = LocalPostgres.shared();
    String url =
        pg.createDatabase(
            "staff", "city_record", u -> CityRecord.migrate(u, pg.user(), pg.password()));
    db = Database.connect(DatabaseSettings.of(url, pg.user(), pg.password(), "staff-test"));
    hashing = Executors.newFixedThreadPool(2);
    staff = new StaffDirectory(db, PasswordHasher.forTests(), hashing);
  }

  @AfterAll
  static void close() {
    db.close();
    hashing.shutdownNow();
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> s) {
    return s.toCompletableFuture().join();
  }

  private static StaffException refusal(java.util.concurrent.CompletionStage<?> s) {
    CompletionException e =
        assertThrows(CompletionException.class, () -> s.toCompletableFuture().join());
    Throwable cause = e.getCause();
    return assertInstanceOf(StaffException.class, cause, String.valueOf(cause));
  }

  private static StaffProfile agent(String id, String... roles) {
    java.util.Set<StaffRole> set = java.util.EnumSet.noneOf(StaffRole.class);
    for (String r : roles) {
      set.add(StaffRole.ofCode(r).orElseThrow());
    }
    if (set.isEmpty()) {
      set.add(StaffRole.AGENT);
    }
    return new StaffProfile(
        id, "张 " + id, set, Map.of("general", 6), Set.of("zh"), Set.of("xicheng"), "A组");
  }

  @Test
  void passwordsAreStoredAsArgon2idAndOnlyTheRightOneSignsIn() throws Exception {
    StaffMember m = join(staff.create(agent("pw1"), Optional.of("correct horse battery")));
    assertTrue(m.canSignIn());
    assertTrue(m.mustChangePassword(), "an admin's choice must be changed by its owner");
    try (var c =
            java.sql.DriverManager.getConnection(
                db.settings().jdbcUrl(), db.settings().user(), db.settings().password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT password_hash FROM hotline.staff WHERE staff_id = 'pw1'")) {
      rs.next();
      String hash = rs.getString(1);
      assertTrue(hash.startsWith("$argon2id$"), hash);
      assertFalse(hash.contains("correct horse"), hash);
    }
    assertEquals("pw1", join(staff.verify("pw1", "correct horse battery")).orElseThrow().id());
    assertTrue(join(staff.verify("pw1", "correct horse batterY")).isEmpty());
    assertTrue(join(staff.verify("nobody", "correct horse battery")).isEmpty());
    assertTrue(join(staff.verify("bad id; drop", "x")).isEmpty());

    StaffMember own = join(staff.setPassword("pw1", "my own choice 42", false));
    assertFalse(own.mustChangePassword());
    assertTrue(join(staff.verify("pw1", "correct horse battery")).isEmpty());
    assertTrue(join(staff.verify("pw1", "my own choice 42")).isPresent());

    assertEquals(
        StaffException.Code.PASSWORD_REJECTED,
        refusal(staff.setPassword("pw1", "short", false)).code());
    assertEquals(
        StaffException.Code.PASSWORD_REJECTED,
        refusal(staff.setPassword("pw1", "pw1-and-more-text", false)).code());
  }

  @Test
  void aDeactivatedPersonCannotSignInAndListenersHearEveryChange() {
    AtomicInteger heard = new AtomicInteger();
    staff.onChange(
        m -> {
          if (m.id().equals("off1")) {
            heard.incrementAndGet();
          }
        });
    join(staff.create(agent("off1"), Optional.of("a long passphrase")));
    StaffMember off = join(staff.setActive("off1", false));
    assertFalse(off.active());
    assertTrue(join(staff.verify("off1", "a long passphrase")).isEmpty());
    assertTrue(join(staff.setActive("off1", true)).active());
    assertTrue(join(staff.verify("off1", "a long passphrase")).isPresent());
    assertEquals(3, heard.get());
  }

  @Test
  void anEditNamesTheVersionItSawAndTheLastAdminStaysOne() {
    StaffMember first = join(staff.create(agent("ed1"), Optional.empty()));
    assertFalse(first.canSignIn());
    StaffProfile renamed =
        new StaffProfile(
            "ed1",
            "李 四",
            Set.of(StaffRole.AGENT, StaffRole.SUPERVISOR),
            Map.of("general", 9, "water", 3),
            Set.of("zh", "en"),
            Set.of(),
            "B组");
    StaffMember second = join(staff.update(renamed, first.version()));
    assertEquals(first.version() + 1, second.version());
    assertEquals(renamed, second.profile());
    // a second admin working from the old version is refused, and nothing changes
    assertEquals(
        StaffException.Code.STAFF_VERSION_CONFLICT,
        refusal(staff.update(agent("ed1"), first.version())).code());
    assertEquals(renamed, join(staff.find("ed1")).orElseThrow().profile());
    assertEquals(
        StaffException.Code.STAFF_EXISTS,
        refusal(staff.create(agent("ed1"), Optional.empty())).code());
    assertEquals(
        StaffException.Code.STAFF_UNKNOWN, refusal(staff.setActive("ghost", false)).code());

    // the directory never loses its last admin, however the admins are removed
    StaffMember admin = join(staff.create(agent("adm1", "admin"), Optional.empty()));
    long otherAdmins =
        join(staff.list(false)).stream()
            .filter(m -> m.has(StaffRole.ADMIN) && !m.id().equals("adm1"))
            .count();
    if (otherAdmins == 0) {
      assertEquals(StaffException.Code.LAST_ADMIN, refusal(staff.setActive("adm1", false)).code());
      assertEquals(
          StaffException.Code.LAST_ADMIN,
          refusal(staff.update(agent("adm1", "agent"), admin.version())).code());
      join(staff.create(agent("adm2", "admin"), Optional.empty()));
      assertFalse(join(staff.setActive("adm1", false)).active());
    }
  }

  @Test
  void aThousandStaffImportInOneGoAndOneBadRowRefusesTheWholeFile() {
    StringBuilder csv =
        new StringBuilder("\uFEFFstaff_id,name,roles,skills,languages,districts,team,password\n");
    for (int i = 0; i < 1000; i++) {
      csv.append(
          String.format(
              "imp%04d,\"王, 芳%d\",agent%s,general:8|water:%d,zh|en,xicheng,A%d组,%s%n",
              i,
              i,
              i % 50 == 0 ? "|supervisor" : "",
              1 + i % 10,
              i % 20,
              i < 10 ? "first password " + i : ""));
    }
    StaffImport.Parsed parsed = StaffImport.parse(csv.toString());
    assertTrue(parsed.ok(), parsed.problems().toString());
    StaffImport.Outcome outcome = join(staff.apply(parsed.rows()));
    assertEquals(1000, outcome.created());
    StaffMember one = join(staff.find("imp0050")).orElseThrow();
    assertEquals("王, 芳50", one.profile().name());
    assertEquals(Set.of(StaffRole.AGENT, StaffRole.SUPERVISOR), one.profile().roles());
    assertEquals(Map.of("general", 8, "water", 1), one.profile().skills());
    assertTrue(join(staff.verify("imp0003", "first password 3")).isPresent());
    assertFalse(join(staff.find("imp0500")).orElseThrow().canSignIn());

    // the same file again changes nothing; one changed row changes one person
    StaffImport.Outcome again = join(staff.apply(StaffImport.parse(csv.toString()).rows()));
    assertEquals(0, again.created() + again.updated());
    String edited = csv.toString().replace("imp0007,\"王, 芳7\"", "imp0007,\"王 芳七\"");
    StaffImport.Outcome one2 = join(staff.apply(StaffImport.parse(edited).rows()));
    assertEquals(1, one2.updated());

    // bad rows: every one is reported with its line, and nothing is written
    String bad =
        "staff_id,name,roles,skills\n"
            + "new0001,好人,agent,general:5\n"
            + "new 0002,空格,agent,general:5\n"
            + "new0003,未知,janitor,general:5\n"
            + "new0004,等级,agent,general:99\n"
            + "new0001,重复,agent,general:5\n";
    StaffImport.Parsed refused = StaffImport.parse(bad);
    assertFalse(refused.ok());
    assertEquals(
        List.of(3L, 4L, 5L, 6L),
        refused.problems().stream().map(StaffImport.Problem::line).toList());
    assertTrue(refused.rows().isEmpty());
    assertTrue(join(staff.find("new0001")).isEmpty());
    assertFalse(StaffImport.parse("name,team\nx,y\n").ok());
  }

  @Test
  void theAuditTrailKeepsWhoWhatWhenAndFromWhere() {
    AuditTrail audit = new AuditTrail(db);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    join(
        audit.record(
            AuditEvent.ok(now, "sup1", "10.0.0.7", "agent.pause", "a17")
                .withDetail(Map.of("reason", "break", "quote", "it's \"odd\""))));
    join(
        audit.record(
            new AuditEvent(
                now.plusMillis(1),
                "mallory",
                "10.0.0.9",
                "sign-in",
                "",
                "bad-password",
                Map.of())));
    List<AuditEvent> all =
        join(
            audit.read(
                new AuditTrail.Query(
                    now.minusSeconds(1),
                    now.plusSeconds(1),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    10)));
    assertEquals(List.of("sign-in", "agent.pause"), all.stream().map(AuditEvent::action).toList());
    AuditEvent pause = all.get(1);
    assertEquals("sup1", pause.actor());
    assertEquals("10.0.0.7", pause.address());
    assertEquals("a17", pause.target());
    assertEquals(now, pause.at());
    assertEquals(Map.of("reason", "break", "quote", "it's \"odd\""), pause.detail());
    List<AuditEvent> bySup =
        join(
            audit.read(
                new AuditTrail.Query(
                    now.minusSeconds(1),
                    now.plusSeconds(1),
                    Optional.of("sup1"),
                    Optional.empty(),
                    Optional.empty(),
                    10)));
    assertEquals(1, bySup.size());
    assertNotEquals("mallory", bySup.get(0).actor());
  }
}
