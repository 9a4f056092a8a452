package org.hotline.staff.guest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.hotline.pg.support.Database;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;

/**
 * Guest sessions in the city's record. Creating one adds the official to the staff directory (role
 * official, no password, serving only their district) in the same transaction; signing in with the
 * code marks it used in one conditional update, so two browsers racing with one code get one
 * session between them.
 */
public final class GuestSessions {

  private static final String COLUMNS =
      "guest_id, staff_id, name, title, district, seat_id, coach_id, starts_at, ends_at,"
          + " code_used_at, ended_at, created_by, created_at";

  /** The team guests are filed under in the directory. */
  public static final String TEAM = "guests";

  private final Database db;
  private final StaffDirectory staff;
  private final GuestCodes codes = new GuestCodes();
  private final java.security.SecureRandom random = new java.security.SecureRandom();

  public GuestSessions(Database db, StaffDirectory staff) {
    this.db = db;
    this.staff = staff;
  }

  /** A new session and its code: the code is shown once and never stored. */
  public record Created(GuestSession session, String code) {}

  /**
   * Creates the session and the official's directory entry.
   *
   * @param skills the official's routing profile (the officials' line, perhaps the general queue)
   * @param longest the longest window allowed
   */
  public CompletionStage<Created> create(
      GuestRequest r,
      Map<String, Integer> skills,
      String createdBy,
      Instant now,
      Duration longest) {
    try {
      validate(r, now, longest);
    } catch (GuestException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    byte[] raw = new byte[5];
    random.nextBytes(raw);
    String guestId = "g" + HexFormat.of().formatHex(raw);
    String staffId = "official-" + guestId.substring(1);
    String code = codes.next();
    StaffProfile profile =
        new StaffProfile(
            staffId,
            r.name(),
            EnumSet.of(StaffRole.OFFICIAL),
            skills,
            Set.of("zh"),
            Set.of(r.districtId()),
            TEAM);
    return staff.createWith(
        profile,
        c -> {
          requireCoach(c, r.coachId());
          // no password to choose: the code was their only credential
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hotline.staff SET must_change_password = false WHERE staff_id = ?")) {
            ps.setString(1, staffId);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO hotline.guest_session (guest_id, staff_id, name, title, district,"
                      + " seat_id, coach_id, starts_at, ends_at, code_hash, created_by,"
                      + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setString(i++, guestId);
            ps.setString(i++, staffId);
            ps.setString(i++, r.name());
            ps.setString(i++, r.title());
            ps.setString(i++, r.districtId());
            ps.setString(i++, r.seatId());
            ps.setString(i++, r.coachId());
            ps.setTimestamp(i++, Timestamp.from(r.startsAt()));
            ps.setTimestamp(i++, Timestamp.from(r.endsAt()));
            ps.setString(i++, GuestCodes.hash(code));
            ps.setString(i++, createdBy);
            ps.setTimestamp(i, Timestamp.from(now));
            ps.executeUpdate();
          }
          return new Created(find(c, guestId).orElseThrow(), code);
        });
  }

  private static void validate(GuestRequest r, Instant now, Duration longest) {
    if (r.name().isEmpty()
        || r.name().length() > 100
        || r.name().chars().anyMatch(Character::isISOControl)) {
      throw new GuestException(
          GuestException.Code.INVALID_GUEST, "name", "1..100 printable characters");
    }
    if (r.title().length() > 100 || r.title().chars().anyMatch(Character::isISOControl)) {
      throw new GuestException(
          GuestException.Code.INVALID_GUEST, "title", "at most 100 printable characters");
    }
    if (!r.endsAt().isAfter(r.startsAt())) {
      throw new GuestException(
          GuestException.Code.INVALID_GUEST, "endsAt", "the window ends after it starts");
    }
    if (!r.endsAt().isAfter(now)) {
      throw new GuestException(
          GuestException.Code.INVALID_GUEST, "endsAt", "the window is already over");
    }
    if (Duration.between(r.startsAt(), r.endsAt()).compareTo(longest) > 0) {
      throw new GuestException(
          GuestException.Code.INVALID_GUEST, "endsAt", "a window lasts at most " + longest);
    }
  }

  /** The coach is someone who takes calls here and is active: an agent or a supervisor. */
  private static void requireCoach(Connection c, String coachId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM hotline.staff WHERE staff_id = ? AND active"
                + " AND (roles && ARRAY['agent','supervisor']) AND team <> ?")) {
      ps.setString(1, coachId);
      ps.setString(2, TEAM);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new GuestException(
              GuestException.Code.INVALID_GUEST,
              "coachId",
              "the coach is an active agent or supervisor");
        }
      }
    }
  }

  /**
   * Signs in with a code: marks it used, once, when the window is open ({@code early} before its
   * start counts as open). Fails with the reason when it cannot.
   */
  public CompletionStage<GuestSession> signIn(String typed, Instant now, Duration early) {
    Optional<String> code = GuestCodes.normalize(typed);
    if (code.isEmpty()) {
      return java.util.concurrent.CompletableFuture.failedFuture(
          new GuestException(GuestException.Code.CODE_UNKNOWN, "not a sign-in code"));
    }
    String hash = GuestCodes.hash(code.get());
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hotline.guest_session SET code_used_at = ?, signed_in_at = ?"
                      + " WHERE code_hash = ? AND code_used_at IS NULL AND ended_at IS NULL"
                      + " AND starts_at <= ? AND ends_at > ? RETURNING guest_id")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, hash);
            ps.setTimestamp(4, Timestamp.from(now.plus(early)));
            ps.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                return find(c, rs.getString(1)).orElseThrow();
              }
            }
          }
          throw whyRefused(c, hash, now, early);
        });
  }

  private static GuestException whyRefused(Connection c, String hash, Instant now, Duration early)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM hotline.guest_session WHERE code_hash = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new GuestException(GuestException.Code.CODE_UNKNOWN, "no session has this code");
        }
        GuestSession s = session(rs);
        if (s.codeUsedAt().isPresent()) {
          return new GuestException(GuestException.Code.CODE_USED, "the code was used already");
        }
        if (s.endedAt().isPresent() || !s.endsAt().isAfter(now)) {
          return new GuestException(GuestException.Code.CODE_EXPIRED, "the session is over");
        }
        return new GuestException(
            GuestException.Code.CODE_EARLY, "the session opens at " + s.startsAt().minus(early));
      }
    }
  }

  /**
   * Ends a session now (a supervisor, or the sweep after its window); the same one again is kept.
   */
  public CompletionStage<GuestSession> end(String guestId, Instant now) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hotline.guest_session SET ended_at = ?"
                      + " WHERE guest_id = ? AND ended_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, guestId);
            ps.executeUpdate();
          }
          return find(c, guestId)
              .orElseThrow(
                  () -> new GuestException(GuestException.Code.GUEST_UNKNOWN, "no such session"));
        });
  }

  /**
   * Sessions whose official must leave: ended or past their window, with the directory entry still
   * active (deactivating it ends their web sessions and logs them out of the seat).
   */
  public CompletionStage<List<GuestSession>> toClose(Instant now) {
    return db.query(
        c ->
            list(
                c,
                "SELECT g.guest_id, g.staff_id, g.name, g.title, g.district, g.seat_id, g.coach_id,"
                    + " g.starts_at, g.ends_at, g.code_used_at, g.ended_at, g.created_by,"
                    + " g.created_at FROM hotline.guest_session g JOIN hotline.staff s USING"
                    + " (staff_id) WHERE s.active AND (g.ended_at IS NOT NULL OR g.ends_at <= ?)",
                now));
  }

  public CompletionStage<Optional<GuestSession>> find(String guestId) {
    return db.query(c -> find(c, guestId));
  }

  /** The session of an official's directory entry. */
  public CompletionStage<Optional<GuestSession>> ofStaff(String staffId) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM hotline.guest_session WHERE staff_id = ?")) {
            ps.setString(1, staffId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(session(rs)) : Optional.empty();
            }
          }
        });
  }

  /** Sessions not ended whose window closes after {@code now}: coming and current ones. */
  public CompletionStage<List<GuestSession>> live(Instant now) {
    return db.query(
        c ->
            list(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM hotline.guest_session WHERE ended_at IS NULL AND ends_at > ?"
                    + " ORDER BY starts_at",
                now));
  }

  /** Sessions whose window started after {@code since}, newest first. */
  public CompletionStage<List<GuestSession>> since(Instant since, int limit) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM hotline.guest_session WHERE ends_at > ?"
                      + " ORDER BY starts_at DESC LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setInt(2, limit);
            return read(ps);
          }
        });
  }

  private static List<GuestSession> list(Connection c, String sql, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(at));
      return read(ps);
    }
  }

  private static List<GuestSession> read(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<GuestSession> out = new ArrayList<>();
      while (rs.next()) {
        out.add(session(rs));
      }
      return out;
    }
  }

  private static Optional<GuestSession> find(Connection c, String guestId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM hotline.guest_session WHERE guest_id = ?")) {
      ps.setString(1, guestId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(session(rs)) : Optional.empty();
      }
    }
  }

  private static GuestSession session(ResultSet rs) throws SQLException {
    return new GuestSession(
        rs.getString("guest_id"),
        rs.getString("staff_id"),
        rs.getString("name"),
        rs.getString("title"),
        rs.getString("district"),
        rs.getString("seat_id"),
        rs.getString("coach_id"),
        rs.getTimestamp("starts_at").toInstant(),
        rs.getTimestamp("ends_at").toInstant(),
        Optional.ofNullable(rs.getTimestamp("code_used_at")).map(Timestamp::toInstant),
        Optional.ofNullable(rs.getTimestamp("ended_at")).map(Timestamp::toInstant),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant());
  }
}
