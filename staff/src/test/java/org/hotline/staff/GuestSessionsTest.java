package org.hotline.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hotline.cityrecord.CityRecord;
import org.hotline.pg.local.LocalPostgres;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.DatabaseSettings;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;
import org.hotline.staff.guest.GuestCodes;
import org.hotline.staff.guest.GuestException;
import org.hotline.staff.guest.GuestRequest;
import org.hotline.staff.guest.GuestSession;
import org.hotline.staff.guest.GuestSessions;
import org.hotline.staff.password.PasswordHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guest sessions on a real PostgreSQL: one code, one sign-in, however many try at once. */
class GuestSessionsTest {

  private static final Duration LONGEST = Duration.ofHours(8);
  private static Database db;
  private static ExecutorService hashing;
  private static StaffDirectory staff;
  private static GuestSessions guests;

  @BeforeAll
  static void open() {
    LocalPostgres pg = LocalPostgres.shared();
    String url =
        pg.createDatabase(
            "guests", "city_record", u -> CityRecord.migrate(u, pg.user(), pg.password()));
    db = Database.connect(DatabaseSettings.of(url, pg.user(), pg.password(), "guests-test"));
    hashing = Executors.newFixedThreadPool(2);
    staff = new StaffDirectory(db, PasswordHasher.forTests(), hashing);
    staff
        .create(
            new StaffProfile(
                "coach",
                "Coach",
                EnumSet.of(StaffRole.AGENT),
                Map.of(),
                Set.of("zh"),
                Set.of(),
                "A"),
            Optional.empty())
        .toCompletableFuture()
        .join();
    staff
        .create(
            new StaffProfile(
                "boss", "Boss", EnumSet.of(StaffRole.MANAGER), Map.of(), Set.of(), Set.of(), "M"),
            Optional.empty())
        .toCompletableFuture()
        .join();
    guests = new GuestSessions(db, staff);
  }

  @AfterAll
  static void close() {
    db.close();
    hashing.shutdownNow();
  }

  private static GuestSessions.Created create(Instant from, Instant to) {
    return guests
        .create(
            new GuestRequest("王书记", "区委书记", "chaoyang", "036", "coach", from, to),
            Map.of("official_line", 1),
            "sup",
            Instant.now(),
            LONGEST)
        .toCompletableFuture()
        .join();
  }

  private static GuestException.Code refusal(CompletableFuture<?> f) {
    CompletionException e = assertThrows(CompletionException.class, f::join);
    return ((GuestException) e.getCause()).code();
  }

  @Test
  void theOfficialIsInTheDirectoryWithoutAPasswordServingTheirDistrict() {
    Instant now = Instant.now();
    GuestSessions.Created c = create(now, now.plusSeconds(3600));
    StaffMember m = staff.find(c.session().staffId()).toCompletableFuture().join().orElseThrow();
    assertEquals(Set.of(StaffRole.OFFICIAL), m.profile().roles());
    assertEquals(Set.of("chaoyang"), m.profile().districts());
    assertEquals(Map.of("official_line", 1), m.profile().skills());
    assertFalse(m.mustChangePassword());
    assertFalse(staff.verify(m.id(), "").toCompletableFuture().join().isPresent());
    assertTrue(GuestCodes.normalize(c.code()).isPresent());
  }

  @Test
  void twentyBrowsersRacingWithOneCodeGetOneSession() throws Exception {
    Instant now = Instant.now();
    String code = create(now.minusSeconds(5), now.plusSeconds(3600)).code();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<GuestSession>> tries = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tries.add(
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                    return guests.signIn(code, Instant.now(), Duration.ZERO);
                  },
                  pool)
              .thenCompose(s -> s));
    }
    go.countDown();
    int won = 0;
    int used = 0;
    for (CompletableFuture<GuestSession> t : tries) {
      try {
        t.join();
        won++;
      } catch (CompletionException e) {
        assertEquals(GuestException.Code.CODE_USED, ((GuestException) e.getCause()).code());
        used++;
      }
    }
    pool.shutdownNow();
    assertEquals(1, won);
    assertEquals(19, used);
  }

  @Test
  void aCodeWorksOnlyInsideItsWindowAndUntilTheSessionEnds() {
    Instant now = Instant.now();
    GuestSessions.Created later = create(now.plusSeconds(3600), now.plusSeconds(7200));
    assertEquals(
        GuestException.Code.CODE_EARLY,
        refusal(guests.signIn(later.code(), now, Duration.ofMinutes(15)).toCompletableFuture()));
    // fifteen minutes early counts as inside
    assertEquals(
        later.session().guestId(),
        guests
            .signIn(later.code(), now.plusSeconds(3600 - 600), Duration.ofMinutes(15))
            .toCompletableFuture()
            .join()
            .guestId());
    GuestSessions.Created past = create(now.minusSeconds(3600), now.plusSeconds(60));
    assertEquals(
        GuestException.Code.CODE_EXPIRED,
        refusal(
            guests.signIn(past.code(), now.plusSeconds(61), Duration.ZERO).toCompletableFuture()));
    assertEquals(
        GuestException.Code.CODE_UNKNOWN,
        refusal(guests.signIn("'; DROP TABLE x", now, Duration.ZERO).toCompletableFuture()));
    // the sweep finds the session whose window passed, with its official still active
    List<GuestSession> due = guests.toClose(now.plusSeconds(61)).toCompletableFuture().join();
    assertTrue(due.stream().anyMatch(g -> g.guestId().equals(past.session().guestId())));
    assertFalse(due.stream().anyMatch(g -> g.guestId().equals(later.session().guestId())));
    guests.end(past.session().guestId(), now.plusSeconds(61)).toCompletableFuture().join();
    staff.setActive(past.session().staffId(), false).toCompletableFuture().join();
    assertFalse(
        guests.toClose(now.plusSeconds(61)).toCompletableFuture().join().stream()
            .anyMatch(g -> g.guestId().equals(past.session().guestId())),
        "closed once");
  }

  @Test
  void aRequestThatCannotBeASessionIsRefusedAndStoresNothing() {
    Instant now = Instant.now();
    int before = staff.list(true).toCompletableFuture().join().size();
    for (GuestRequest bad :
        List.of(
            new GuestRequest("", "", "chaoyang", "036", "coach", now, now.plusSeconds(60)),
            new GuestRequest("x", "", "chaoyang", "036", "coach", now, now.minusSeconds(60)),
            new GuestRequest("x", "", "chaoyang", "036", "coach", now, now.plusSeconds(86400)),
            new GuestRequest("x\u0007", "", "chaoyang", "036", "coach", now, now.plusSeconds(60)),
            // the coach must be someone who takes calls here
            new GuestRequest("x", "", "chaoyang", "036", "boss", now, now.plusSeconds(60)),
            new GuestRequest("x", "", "chaoyang", "036", "nobody", now, now.plusSeconds(60)))) {
      assertEquals(
          GuestException.Code.INVALID_GUEST,
          refusal(
              guests
                  .create(bad, Map.of("official_line", 1), "sup", now, LONGEST)
                  .toCompletableFuture()),
          bad.toString());
    }
    assertEquals(
        before, staff.list(true).toCompletableFuture().join().size(), "no half-made guest");
  }
}
