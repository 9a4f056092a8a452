package org.hotline.gateway.staff;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Rule;
import org.hotline.gateway.audit.Auditor;
import org.hotline.gateway.http.HttpErrors;
import org.hotline.gateway.http.JsonBodies;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffException;
import org.hotline.staff.directory.StaffImport;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;

/**
 * The staff directory over HTTP. Admins change it; supervisors and admins read it. Every change is
 * audited, the seat manager's profile follows it ({@link ProfileSync}), and a change of roles, a
 * deactivation or a password reset ends the person's sessions at once.
 *
 * <ul>
 *   <li>{@code GET /api/staff[?inactive=true]}, {@code GET /api/staff/{id}}
 *   <li>{@code POST /api/staff}: a new person (201), with an optional first password
 *   <li>{@code PUT /api/staff/{id}}: the profile, naming the {@code version} it was read at
 *   <li>{@code POST /api/staff/{id}/deactivate}, {@code /activate}, {@code /password}
 *   <li>{@code POST /api/staff/import} ({@code text/csv}): many people at once, all or nothing
 * </ul>
 */
public final class StaffRoutes {

  private final StaffDirectory staff;
  private final ProfileSync sync;
  private final Auditor auditor;
  private final Access access;
  private final Context context;

  public StaffRoutes(
      StaffDirectory staff, ProfileSync sync, Auditor auditor, Access access, Context context) {
    this.staff = staff;
    this.sync = sync;
    this.auditor = auditor;
    this.access = access;
    this.context = context;
  }

  public void addTo(Router router) {
    Rule readers = Rule.roles(StaffRole.SUPERVISOR, StaffRole.ADMIN);
    Rule admins = Rule.roles(StaffRole.ADMIN);
    access.route(router, HttpMethod.GET, "/api/staff", readers).handler(this::list);
    access.route(router, HttpMethod.POST, "/api/staff/import", admins).handler(this::importCsv);
    access.route(router, HttpMethod.GET, "/api/staff/:id", readers).handler(this::one);
    access.route(router, HttpMethod.POST, "/api/staff", admins).handler(this::create);
    access.route(router, HttpMethod.PUT, "/api/staff/:id", admins).handler(this::update);
    access
        .route(router, HttpMethod.POST, "/api/staff/:id/deactivate", admins)
        .handler(ctx -> setActive(ctx, false));
    access
        .route(router, HttpMethod.POST, "/api/staff/:id/activate", admins)
        .handler(ctx -> setActive(ctx, true));
    access
        .route(router, HttpMethod.POST, "/api/staff/:id/password", admins)
        .handler(this::resetPassword);
  }

  private void list(RoutingContext ctx) {
    boolean inactive = ctx.queryParam("inactive").contains("true");
    on(ctx, staff.list(inactive))
        .onSuccess(
            all -> {
              JsonArray out = new JsonArray();
              all.forEach(m -> out.add(json(m)));
              ctx.json(new JsonObject().put("staff", out));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void one(RoutingContext ctx) {
    on(ctx, staff.find(ctx.pathParam("id")))
        .onSuccess(
            m -> {
              if (m.isEmpty()) {
                HttpErrors.error(ctx, 404, "STAFF_UNKNOWN", "no such person");
              } else {
                ctx.json(json(m.get()));
              }
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void create(RoutingContext ctx) {
    Optional<JsonObject> body = JsonBodies.object(ctx);
    if (body.isEmpty()) {
      return;
    }
    StaffProfile profile;
    try {
      profile = profile(body.get(), body.get().getValue("id"));
    } catch (StaffException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    Optional<String> password =
        body.get().getValue("password") instanceof String p && !p.isEmpty()
            ? Optional.of(p)
            : Optional.empty();
    on(ctx, staff.create(profile, password))
        .compose(m -> after(m, false).map(m))
        .compose(
            m ->
                auditor
                    .record(
                        ctx,
                        "staff.create",
                        m.id(),
                        Map.of(
                            "roles", roles(m), "password", password.isPresent() ? "set" : "none"))
                    .map(m))
        .onSuccess(
            m -> {
              ctx.response().setStatusCode(201);
              ctx.json(json(m));
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void update(RoutingContext ctx) {
    Optional<JsonObject> body = JsonBodies.object(ctx);
    if (body.isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    StaffProfile profile;
    int version;
    try {
      profile = profile(body.get(), id);
      if (!(body.get().getValue("version") instanceof Number n)) {
        throw new StaffException(
            StaffException.Code.INVALID_STAFF, "version", "the version the edit was made on");
      }
      version = n.intValue();
    } catch (StaffException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    on(ctx, staff.find(id))
        .compose(
            before ->
                Future.fromCompletionStage(staff.update(profile, version), context)
                    .compose(
                        m ->
                            after(
                                    m,
                                    before
                                        .map(b -> !b.profile().roles().equals(m.profile().roles()))
                                        .orElse(false))
                                .map(m)))
        .compose(
            m ->
                auditor
                    .record(
                        ctx,
                        "staff.update",
                        m.id(),
                        Map.of("roles", roles(m), "version", Integer.toString(m.version())))
                    .map(m))
        .onSuccess(m -> ctx.json(json(m)))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void setActive(RoutingContext ctx, boolean active) {
    String id = ctx.pathParam("id");
    if (!active && id.equals(Access.principal(ctx).staffId())) {
      HttpErrors.error(ctx, 409, "NOT_YOURSELF", "another admin deactivates you");
      return;
    }
    on(ctx, staff.setActive(id, active))
        .compose(m -> after(m, false).map(m))
        .compose(
            m ->
                auditor
                    .record(ctx, active ? "staff.activate" : "staff.deactivate", id, Map.of())
                    .map(m))
        .onSuccess(m -> ctx.json(json(m)))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void resetPassword(RoutingContext ctx) {
    Optional<JsonObject> body = JsonBodies.object(ctx);
    if (body.isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    String password = body.get().getValue("password") instanceof String p ? p : "";
    on(ctx, staff.setPassword(id, password, true))
        .compose(m -> after(m, true).map(m))
        .compose(m -> auditor.record(ctx, "staff.password-reset", id, Map.of()).map(m))
        .onSuccess(m -> ctx.json(json(m)))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void importCsv(RoutingContext ctx) {
    String type = String.valueOf(ctx.request().getHeader("content-type"));
    if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv")) {
      HttpErrors.error(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "the import is text/csv");
      return;
    }
    String csv =
        ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(StandardCharsets.UTF_8);
    StaffImport.Parsed parsed = StaffImport.parse(csv);
    if (!parsed.ok()) {
      JsonArray problems = new JsonArray();
      parsed
          .problems()
          .forEach(
              p ->
                  problems.add(
                      new JsonObject()
                          .put("line", p.line())
                          .put("field", p.field())
                          .put("message", p.message())));
      ctx.response().setStatusCode(422);
      ctx.json(new JsonObject().put("error", "IMPORT_REFUSED").put("problems", problems));
      return;
    }
    on(ctx, staff.list(true))
        .compose(
            before -> {
              Map<String, Set<StaffRole>> rolesBefore =
                  before.stream()
                      .collect(Collectors.toMap(StaffMember::id, m -> m.profile().roles()));
              return Future.fromCompletionStage(staff.apply(parsed.rows()), context)
                  .compose(
                      outcome ->
                          Future.all(
                                  outcome.changed().stream()
                                      .map(
                                          m ->
                                              after(
                                                  m,
                                                  rolesBefore.containsKey(m.id())
                                                      && !rolesBefore
                                                          .get(m.id())
                                                          .equals(m.profile().roles())))
                                      .toList())
                              .map(outcome));
            })
        .compose(
            outcome ->
                auditor
                    .record(
                        ctx,
                        "staff.import",
                        "",
                        Map.of(
                            "created", Integer.toString(outcome.created()),
                            "updated", Integer.toString(outcome.updated()),
                            "changed",
                                outcome.changed().stream()
                                    .map(StaffMember::id)
                                    .limit(200)
                                    .collect(Collectors.joining(","))))
                    .map(outcome))
        .onSuccess(
            outcome ->
                ctx.json(
                    new JsonObject()
                        .put("created", outcome.created())
                        .put("updated", outcome.updated())
                        .put("unchanged", outcome.unchanged())))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  /** The seat manager follows; sessions end when access changed. */
  private Future<Void> after(StaffMember m, boolean accessChanged) {
    Future<Void> profile = Future.fromCompletionStage(sync.changed(m), context);
    if (!accessChanged) {
      return profile;
    }
    return profile.compose(
        v ->
            Future.fromCompletionStage(access.sessions().endAll(m.id(), Optional.empty()), context)
                .mapEmpty());
  }

  /** On the gateway's context; every chain ends in HttpErrors.fail, which answers once. */
  private <T> Future<T> on(RoutingContext ctx, java.util.concurrent.CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, context);
  }

  /** A profile from JSON; a field of the wrong type is an INVALID_STAFF naming it. */
  static StaffProfile profile(JsonObject json, Object id) {
    if (!(id instanceof String staffId)) {
      throw new StaffException(StaffException.Code.INVALID_STAFF, "id", "a string");
    }
    Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
    for (String code : strings(json, "roles")) {
      roles.add(StaffRole.parse(code));
    }
    Map<String, Integer> skills = new HashMap<>();
    Object raw = json.getValue("skills");
    if (raw != null && !(raw instanceof JsonObject)) {
      throw new StaffException(
          StaffException.Code.INVALID_STAFF, "skills", "an object of skill to level");
    }
    if (raw instanceof JsonObject s) {
      for (String k : s.fieldNames()) {
        if (!(s.getValue(k) instanceof Integer level)) {
          throw new StaffException(
              StaffException.Code.INVALID_STAFF, "skills", "a level is a whole number: " + k);
        }
        skills.put(k, level);
      }
    }
    Object name = json.getValue("name");
    Object team = json.getValue("team");
    if (!(name instanceof String) || (team != null && !(team instanceof String))) {
      throw new StaffException(StaffException.Code.INVALID_STAFF, "name", "name and team are text");
    }
    return new StaffProfile(
        staffId,
        (String) name,
        roles,
        skills,
        strings(json, "languages"),
        strings(json, "districts"),
        (String) team);
  }

  private static Set<String> strings(JsonObject json, String field) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return Set.of();
    }
    if (!(raw instanceof JsonArray array)) {
      throw new StaffException(StaffException.Code.INVALID_STAFF, field, "a list of text");
    }
    Set<String> out = new HashSet<>();
    for (Object o : array) {
      if (!(o instanceof String s)) {
        throw new StaffException(StaffException.Code.INVALID_STAFF, field, "a list of text");
      }
      out.add(s);
    }
    return out;
  }

  private static String roles(StaffMember m) {
    return m.profile().roles().stream()
        .map(StaffRole::code)
        .sorted()
        .collect(Collectors.joining(","));
  }

  static JsonObject json(StaffMember m) {
    Function<Set<String>, JsonArray> sorted = s -> new JsonArray(s.stream().sorted().toList());
    return new JsonObject()
        .put("id", m.id())
        .put("name", m.profile().name())
        .put(
            "roles",
            new JsonArray(m.profile().roles().stream().map(StaffRole::code).sorted().toList()))
        .put("skills", new JsonObject(new HashMap<>(m.profile().skills())))
        .put("languages", sorted.apply(m.profile().languages()))
        .put("districts", sorted.apply(m.profile().districts()))
        .put("team", m.profile().team())
        .put("active", m.active())
        .put("version", m.version())
        .put("canSignIn", m.canSignIn())
        .put("mustChangePassword", m.mustChangePassword())
        .put("updatedAt", m.updatedAt().toString());
  }
}
