package org.hotline.staff.directory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.SqlWork;
import org.hotline.staff.password.PasswordHasher;

/**
 * The staff directory in PostgreSQL ({@code hotline.staff}). Every change is one statement or one
 * transaction; listeners hear of each committed change (the seat manager's profile follows them).
 * Password hashing runs on {@code hashing}, never on a database thread holding a connection.
 */
public final class StaffDirectory {

  private static final String COLUMNS =
      "staff_id, name, roles, skills::text, languages, districts, team, active, version,"
          + " password_hash IS NOT NULL, must_change_password, updated_at";
  private static final String UNIQUE_VIOLATION = "23505";

  private final Database db;
  private final PasswordHasher hasher;
  private final Executor hashing;
  private final List<Consumer<StaffMember>> listeners = new CopyOnWriteArrayList<>();

  public StaffDirectory(Database db, PasswordHasher hasher, Executor hashing) {
    this.db = db;
    this.hasher = hasher;
    this.hashing = hashing;
  }

  /** Hears of every committed change, on a database thread; must not block. */
  public void onChange(Consumer<StaffMember> listener) {
    listeners.add(listener);
  }

  public CompletionStage<Optional<StaffMember>> find(String id) {
    if (!StaffProfile.ID.matcher(id).matches()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return db.query(c -> read(c, id, false));
  }

  /** Everyone, active first then by id; inactive people only when asked for. */
  public CompletionStage<List<StaffMember>> list(boolean includeInactive) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM hotline.staff WHERE active OR ? ORDER BY active DESC, staff_id")) {
            ps.setBoolean(1, includeInactive);
            try (ResultSet rs = ps.executeQuery()) {
              List<StaffMember> all = new ArrayList<>();
              while (rs.next()) {
                all.add(member(rs));
              }
              return all;
            }
          }
        });
  }

  /** Adds a person; with a password, one its owner must change at their first sign-in. */
  public CompletionStage<StaffMember> create(StaffProfile profile, Optional<String> password) {
    return hashed(profile.id(), password)
        .thenCompose(
            hash ->
                db.transaction(
                    c -> {
                      try {
                        insert(c, profile, hash);
                      } catch (SQLException e) {
                        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                          throw new StaffException(
                              StaffException.Code.STAFF_EXISTS, "id", "the id is taken");
                        }
                        throw e;
                      }
                      return read(c, profile.id(), false).orElseThrow();
                    }))
        .thenApply(this::announce);
  }

  /**
   * Adds a person who has no password together with {@code more}, in one transaction: a guest
   * official exists exactly when their guest session does. Listeners hear of the person after the
   * commit.
   */
  public <T> CompletionStage<T> createWith(StaffProfile profile, SqlWork<T> more) {
    AtomicReference<StaffMember> created = new AtomicReference<>();
    return db.transaction(
            c -> {
              try {
                insert(c, profile, Optional.empty());
              } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                  throw new StaffException(
                      StaffException.Code.STAFF_EXISTS, "id", "the id is taken");
                }
                throw e;
              }
              T result = more.apply(c);
              created.set(read(c, profile.id(), false).orElseThrow());
              return result;
            })
        .thenApply(
            result -> {
              announce(created.get());
              return result;
            });
  }

  /**
   * Replaces a person's profile, when nobody changed it since {@code expectedVersion}. The last
   * active admin keeps the role.
   */
  public CompletionStage<StaffMember> update(StaffProfile profile, int expectedVersion) {
    return db.transaction(
            c -> {
              StaffMember current = lockedOrThrow(c, profile.id());
              if (current.version() != expectedVersion) {
                throw new StaffException(
                    StaffException.Code.STAFF_VERSION_CONFLICT,
                    "version",
                    "changed meanwhile: now version " + current.version());
              }
              if (current.has(StaffRole.ADMIN) && !profile.has(StaffRole.ADMIN)) {
                requireAnotherAdmin(c, profile.id());
              }
              replace(c, profile);
              return read(c, profile.id(), false).orElseThrow();
            })
        .thenApply(this::announce);
  }

  /** Deactivates (or reactivates) a person; the last active admin stays active. */
  public CompletionStage<StaffMember> setActive(String id, boolean active) {
    return db.transaction(
            c -> {
              StaffMember current = lockedOrThrow(c, id);
              if (!active && current.active() && current.has(StaffRole.ADMIN)) {
                requireAnotherAdmin(c, id);
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE hotline.staff SET active = ?, version = version + 1,"
                          + " updated_at = now() WHERE staff_id = ? AND active <> ?")) {
                ps.setBoolean(1, active);
                ps.setString(2, id);
                ps.setBoolean(3, active);
                ps.executeUpdate();
              }
              return read(c, id, false).orElseThrow();
            })
        .thenApply(this::announce);
  }

  /**
   * Sets a password: an admin's choice ({@code mustChange}: its owner must choose another at their
   * next sign-in) or the owner's own.
   */
  public CompletionStage<StaffMember> setPassword(String id, String password, boolean mustChange) {
    return hashed(id, Optional.of(password))
        .thenCompose(
            hash ->
                db.transaction(
                    c -> {
                      lockedOrThrow(c, id);
                      try (PreparedStatement ps =
                          c.prepareStatement(
                              "UPDATE hotline.staff SET password_hash = ?,"
                                  + " must_change_password = ?, version = version + 1,"
                                  + " updated_at = now() WHERE staff_id = ?")) {
                        ps.setString(1, hash.orElseThrow());
                        ps.setBoolean(2, mustChange);
                        ps.setString(3, id);
                        ps.executeUpdate();
                      }
                      return read(c, id, false).orElseThrow();
                    }))
        .thenApply(this::announce);
  }

  /**
   * The active person {@code id} when {@code password} is theirs; empty otherwise (unknown,
   * inactive, no password, wrong password: all cost one hash comparison).
   */
  public CompletionStage<Optional<StaffMember>> verify(String id, String password) {
    if (!StaffProfile.ID.matcher(id).matches()
        || password == null
        || password.length() > PasswordHasher.MAX_LENGTH) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return db.query(c -> select(c, id, false))
        .thenApplyAsync(
            found -> {
              boolean matches = hasher.matches(password, found.map(Credential::hash).orElse(null));
              return found.filter(f -> matches && f.member().active()).map(Credential::member);
            },
            hashing);
  }

  /** Writes a whole import in one transaction; the caller has validated every row. */
  public CompletionStage<StaffImport.Outcome> apply(List<StaffImport.Row> rows) {
    // a password only ever sets a new person's first one: hash those alone (each costs ~50 ms)
    List<CompletableFuture<Optional<String>>> hashes = new ArrayList<>();
    CompletionStage<Set<String>> known =
        db.query(
            c -> {
              Set<String> ids = new java.util.HashSet<>();
              try (PreparedStatement ps = c.prepareStatement("SELECT staff_id FROM hotline.staff");
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  ids.add(rs.getString(1));
                }
              }
              return ids;
            });
    return known
        .thenCompose(
            ids -> {
              for (StaffImport.Row row : rows) {
                Optional<String> first =
                    ids.contains(row.profile().id()) ? Optional.empty() : row.password();
                hashes.add(hashed(row.profile().id(), first).toCompletableFuture());
              }
              return CompletableFuture.allOf(hashes.toArray(CompletableFuture[]::new));
            })
        .thenCompose(
            done ->
                db.transaction(
                    c -> {
                      List<StaffMember> changed = new ArrayList<>();
                      int created = 0;
                      int updated = 0;
                      for (int i = 0; i < rows.size(); i++) {
                        StaffProfile p = rows.get(i).profile();
                        Optional<StaffMember> before = read(c, p.id(), true);
                        if (before.isEmpty()) {
                          insert(c, p, hashes.get(i).join());
                          created++;
                        } else if (!before.get().profile().equals(p)) {
                          if (before.get().has(StaffRole.ADMIN) && !p.has(StaffRole.ADMIN)) {
                            requireAnotherAdmin(c, p.id());
                          }
                          replace(c, p);
                          updated++;
                        } else {
                          continue;
                        }
                        changed.add(read(c, p.id(), false).orElseThrow());
                      }
                      return new StaffImport.Outcome(
                          created, updated, rows.size() - created - updated, changed);
                    }))
        .thenApply(
            outcome -> {
              outcome.changed().forEach(this::announce);
              return outcome;
            });
  }

  private void insert(Connection c, StaffProfile p, Optional<String> hash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.staff (staff_id, name, roles, skills, languages, districts,"
                + " team, password_hash) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)")) {
      bindProfile(c, ps, p);
      ps.setString(8, hash.orElse(null));
      ps.executeUpdate();
    }
  }

  private void replace(Connection c, StaffProfile p) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.staff SET name = ?, roles = ?, skills = ?::jsonb, languages = ?,"
                + " districts = ?, team = ?, version = version + 1, updated_at = now()"
                + " WHERE staff_id = ?")) {
      ps.setString(1, p.name());
      ps.setArray(2, roles(c, p.roles()));
      ps.setString(3, skillsJson(p.skills()));
      ps.setArray(4, texts(c, p.languages()));
      ps.setArray(5, texts(c, p.districts()));
      ps.setString(6, p.team());
      ps.setString(7, p.id());
      ps.executeUpdate();
    }
  }

  private CompletionStage<Optional<String>> hashed(String id, Optional<String> password) {
    if (password.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    Optional<String> rejection = PasswordHasher.rejection(id, password.get());
    if (rejection.isPresent()) {
      return CompletableFuture.failedFuture(
          new StaffException(StaffException.Code.PASSWORD_REJECTED, "password", rejection.get()));
    }
    return CompletableFuture.supplyAsync(() -> Optional.of(hasher.hash(password.get())), hashing);
  }

  private StaffMember announce(StaffMember member) {
    for (Consumer<StaffMember> l : listeners) {
      l.accept(member);
    }
    return member;
  }

  /** Serialises every change that could remove the last admin: one at a time, all instances. */
  private static void requireAnotherAdmin(Connection c, String losing) throws SQLException {
    try (PreparedStatement lock =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('hotline.staff.admins'))")) {
      lock.execute();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM hotline.staff"
                + " WHERE active AND 'admin' = ANY(roles) AND staff_id <> ?")) {
      ps.setString(1, losing);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) == 0) {
          throw new StaffException(
              StaffException.Code.LAST_ADMIN, "roles", "the last active admin stays one");
        }
      }
    }
  }

  private static StaffMember lockedOrThrow(Connection c, String id) throws SQLException {
    if (id == null || !StaffProfile.ID.matcher(id).matches()) {
      throw new StaffException(StaffException.Code.STAFF_UNKNOWN, "no such person");
    }
    return read(c, id, true)
        .orElseThrow(() -> new StaffException(StaffException.Code.STAFF_UNKNOWN, "no such person"));
  }

  private static Optional<StaffMember> read(Connection c, String id, boolean forUpdate)
      throws SQLException {
    return select(c, id, forUpdate).map(Credential::member);
  }

  /** One person with their hash: the only query that reads a single row of the directory. */
  private static Optional<Credential> select(Connection c, String id, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + ", password_hash FROM hotline.staff WHERE staff_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Credential(member(rs), rs.getString(13)))
            : Optional.empty();
      }
    }
  }

  private record Credential(StaffMember member, String hash) {}

  private static void bindProfile(Connection c, PreparedStatement ps, StaffProfile p)
      throws SQLException {
    ps.setString(1, p.id());
    ps.setString(2, p.name());
    ps.setArray(3, roles(c, p.roles()));
    ps.setString(4, skillsJson(p.skills()));
    ps.setArray(5, texts(c, p.languages()));
    ps.setArray(6, texts(c, p.districts()));
    ps.setString(7, p.team());
  }

  private static StaffMember member(ResultSet rs) throws SQLException {
    Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
    for (String r : strings(rs.getArray(3))) {
      StaffRole.ofCode(r).ifPresent(roles::add);
    }
    StaffProfile profile =
        new StaffProfile(
            rs.getString(1),
            rs.getString(2),
            roles,
            parseSkills(rs.getString(4)),
            Set.copyOf(strings(rs.getArray(5))),
            Set.copyOf(strings(rs.getArray(6))),
            rs.getString(7));
    return new StaffMember(
        profile,
        rs.getBoolean(8),
        rs.getInt(9),
        rs.getBoolean(10),
        rs.getBoolean(11),
        rs.getTimestamp(12).toInstant());
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  private static Array roles(Connection c, Set<StaffRole> roles) throws SQLException {
    return texts(c, roles.stream().map(StaffRole::code).collect(Collectors.toSet()));
  }

  private static Array texts(Connection c, Set<String> values) throws SQLException {
    return c.createArrayOf("text", new TreeSet<>(values).toArray());
  }

  /** Skill codes are [a-z0-9_-] and levels integers: no escaping is ever needed. */
  static String skillsJson(Map<String, Integer> skills) {
    return new TreeMap<>(skills)
        .entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
            .collect(Collectors.joining(",", "{", "}"));
  }

  static Map<String, Integer> parseSkills(String json) {
    Map<String, Integer> skills = new TreeMap<>();
    String body = json.strip();
    body = body.substring(1, body.length() - 1).strip();
    if (body.isEmpty()) {
      return skills;
    }
    for (String pair : body.split(",")) {
      String[] kv = pair.split(":", 2);
      skills.put(kv[0].strip().replace("\"", ""), Integer.parseInt(kv[1].strip()));
    }
    return skills;
  }
}
