package org.hotline.gateway.units;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Rule;
import org.hotline.staff.directory.StaffRole;

/**
 * {@code GET /api/directory}: the outside units an agent can bring into a three-way call, for
 * agents, officials and supervisors.
 */
public final class DirectoryRoutes {

  private final OutsideUnits units;
  private final Access access;

  public DirectoryRoutes(OutsideUnits units, Access access) {
    this.units = units;
    this.access = access;
  }

  public void addTo(Router router) {
    Rule seated = Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR);
    JsonArray list = new JsonArray();
    units.all().forEach(u -> list.add(json(u)));
    JsonObject answer = new JsonObject().put("units", list);
    access.route(router, HttpMethod.GET, "/api/directory", seated).handler(ctx -> ctx.json(answer));
  }

  /** A unit as the desktop shows it. */
  public static JsonObject json(OutsideUnit u) {
    JsonObject json =
        new JsonObject()
            .put("id", u.id())
            .put("name", new JsonObject().put("zh", u.name().zh()).put("en", u.name().en()))
            .put("number", u.number())
            .put("kind", u.kind().code());
    u.service().ifPresent(s -> json.put("service", s));
    u.district().ifPresent(d -> json.put("district", d));
    return json;
  }
}
