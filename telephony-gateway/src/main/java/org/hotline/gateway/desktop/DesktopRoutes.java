package org.hotline.gateway.desktop;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.hotline.gateway.access.Access;
import org.hotline.gateway.access.Rule;
import org.hotline.seat.config.LocalizedName;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.staff.directory.StaffRole;

/**
 * {@code GET /api/desktop/config}: what the desktop offers to choose from, in both languages: the
 * seats (to go on duty at), the pause reasons a person may choose, the queues' names.
 */
public final class DesktopRoutes {

  private final SeatManagerConfig seats;
  private final Access access;

  public DesktopRoutes(SeatManagerConfig seats, Access access) {
    this.seats = seats;
    this.access = access;
  }

  public void addTo(Router router) {
    JsonObject config = config(seats);
    access
        .route(
            router,
            HttpMethod.GET,
            "/api/desktop/config",
            Rule.roles(StaffRole.AGENT, StaffRole.OFFICIAL, StaffRole.SUPERVISOR))
        .handler(ctx -> ctx.json(config));
  }

  static JsonObject config(SeatManagerConfig c) {
    JsonArray seatList = new JsonArray();
    c.seats()
        .forEach(
            s ->
                seatList.add(
                    new JsonObject().put("id", s.id()).put("zone", s.zone()).put("row", s.row())));
    JsonArray reasons = new JsonArray();
    c.pauseReasons().stream()
        .filter(r -> r.selectable())
        .forEach(
            r -> reasons.add(new JsonObject().put("code", r.code()).put("name", name(r.name()))));
    JsonArray queues = new JsonArray();
    c.queues()
        .forEach(q -> queues.add(new JsonObject().put("id", q.id()).put("name", name(q.name()))));
    return new JsonObject()
        .put("seats", seatList)
        .put("pauseReasons", reasons)
        .put("queues", queues);
  }

  private static JsonObject name(LocalizedName n) {
    return new JsonObject().put("zh", n.zh()).put("en", n.en());
  }
}
