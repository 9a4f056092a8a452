package org.hotline.gateway.officials;

import io.vertx.core.json.JsonObject;
import org.hotline.gateway.http.Json;
import org.hotline.seat.api.AgentStatus;
import org.hotline.staff.guest.GuestSession;

/** Guest sessions as the pages read them: never the code, which is shown once at creation. */
final class GuestJson {

  private GuestJson() {}

  static JsonObject session(GuestSession g) {
    JsonObject json =
        new JsonObject()
            .put("guestId", g.guestId())
            .put("staffId", g.staffId())
            .put("name", g.name())
            .put("title", g.title())
            .put("district", g.districtId())
            .put("seat", g.seatId())
            .put("coach", g.coachId())
            .put("startsAt", g.startsAt().toString())
            .put("endsAt", g.endsAt().toString())
            .put("codeUsed", g.codeUsedAt().isPresent())
            .put("createdBy", g.createdBy())
            .put("createdAt", g.createdAt().toString());
    g.codeUsedAt().ifPresent(t -> json.put("signedInAt", t.toString()));
    g.endedAt().ifPresent(t -> json.put("endedAt", t.toString()));
    return json;
  }

  static JsonObject status(AgentStatus s) {
    return Json.status(s);
  }
}
