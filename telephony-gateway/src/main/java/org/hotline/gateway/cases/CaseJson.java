package org.hotline.gateway.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.hotline.cases.api.CallerHistory;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.CaseSummary;
import org.hotline.cases.api.CaseUnit;
import org.hotline.cases.api.DeadLetter;
import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.ExtensionRequest;
import org.hotline.cases.api.FieldError;
import org.hotline.cases.api.FormCatalogue;
import org.hotline.cases.api.Jurisdiction;
import org.hotline.cases.api.LocalizedName;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.cases.api.RequestType;
import org.hotline.cases.api.Urgency;

/** The case bridge's records as JSON for the desktop, supervisors and operators. */
public final class CaseJson {

  private CaseJson() {}

  public static JsonObject history(CallerHistory h) {
    JsonArray last = new JsonArray();
    h.lastCases().forEach(c -> last.add(summary(c)));
    JsonArray open = new JsonArray();
    h.openCases().forEach(c -> open.add(summary(c)));
    JsonObject json =
        new JsonObject()
            .put("withheld", h.withheld())
            .put("lastCases", last)
            .put("openCases", open)
            .put("openCount", h.openCount())
            .put("callsInLast30Days", h.callsInWindow())
            .put("repeatCaller", h.repeatCaller());
    h.lastAgentId().ifPresent(a -> json.put("lastAgent", a));
    h.lastCallAt().ifPresent(t -> json.put("lastCallAt", t.toString()));
    return json;
  }

  static JsonObject summary(CaseSummary s) {
    JsonObject json =
        new JsonObject()
            .put("caseId", s.caseId())
            .put("createdAt", s.createdAt().toString())
            .put("status", s.status().code())
            .put("statusName", name(s.status().displayName()))
            .put("overdue", s.overdue());
    s.requestType().ifPresent(t -> json.put("requestType", t.code()));
    s.categoryCode().ifPresent(c -> json.put("category", c));
    s.categoryName().ifPresent(n -> json.put("categoryName", name(n)));
    s.deadline().ifPresent(d -> json.put("deadline", d.toString()));
    s.districtId().ifPresent(d -> json.put("district", d));
    return json;
  }

  static JsonObject caseOf(Case c) {
    JsonArray history = new JsonArray();
    c.history()
        .forEach(
            h ->
                history.add(
                    new JsonObject()
                        .put("status", h.status().code())
                        .put("at", h.at().toString())
                        .put("by", h.by())
                        .put("note", h.note())));
    JsonObject json =
        new JsonObject()
            .put("caseId", c.caseId())
            .put("status", c.status().code())
            .put("callId", c.call().callId())
            .put("incomplete", c.incomplete())
            .put("createdAt", c.createdAt().toString())
            .put("history", history);
    c.submittedAt().ifPresent(t -> json.put("submittedAt", t.toString()));
    c.deadline().ifPresent(t -> json.put("deadline", t.toString()));
    c.content().ifPresent(content -> json.put("content", content(content)));
    return json;
  }

  private static JsonObject content(CaseContent c) {
    JsonObject json =
        new JsonObject()
            .put("requestType", c.requestType().code())
            .put("category", c.categoryCode())
            .put("location", c.location())
            .put("urgency", c.urgency().code())
            .put("summary", c.summary())
            .put("disposition", c.disposition().code())
            .put("ownerType", c.ownerType())
            .put("submittedBy", c.submittedBy())
            .put("coUnits", new JsonArray(c.coUnits()));
    c.jurisdiction().ifPresent(j -> json.put("jurisdiction", jurisdiction(j)));
    c.answer().ifPresent(a -> json.put("answer", a));
    c.official()
        .ifPresent(
            o ->
                json.put(
                    "official",
                    new JsonObject()
                        .put("name", o.name())
                        .put("callbackNumber", o.callbackNumber())));
    return json;
  }

  /** One unit of a joint case (主办/协办) and where it is with its part. */
  static JsonObject unit(CaseUnit u) {
    JsonObject json =
        new JsonObject()
            .put("id", u.unitId())
            .put("role", u.role().code())
            .put("name", name(u.name()))
            .put("state", u.state())
            .put("dispatchedAt", u.dispatchedAt().toString());
    u.reportedName().ifPresent(n -> json.put("reportedName", n));
    u.acceptedAt().ifPresent(t -> json.put("acceptedAt", t.toString()));
    u.respondedAt().ifPresent(t -> json.put("respondedAt", t.toString()));
    u.response().ifPresent(r -> json.put("response", r));
    u.resolvedAt().ifPresent(t -> json.put("resolvedAt", t.toString()));
    u.result().ifPresent(r -> json.put("result", r));
    u.returnedAt().ifPresent(t -> json.put("returnedAt", t.toString()));
    u.returnReason().ifPresent(r -> json.put("returnReason", r));
    return json;
  }

  /** An extension request (延期) and its decision, if made. */
  static JsonObject extension(ExtensionRequest x) {
    JsonObject json =
        new JsonObject()
            .put("id", x.extensionId())
            .put("caseId", x.caseId())
            .put("unit", x.unit())
            .put("requestedAt", x.requestedAt().toString())
            .put("deadlineThen", x.deadlineThen().toString())
            .put("requestedDeadline", x.requestedDeadline().toString())
            .put("reason", x.reason())
            .put("state", x.state().code());
    x.decidedBy().ifPresent(b -> json.put("decidedBy", b));
    x.decidedAt().ifPresent(t -> json.put("decidedAt", t.toString()));
    x.decisionNote().ifPresent(n -> json.put("note", n));
    return json;
  }

  static JsonObject jurisdiction(Jurisdiction j) {
    return new JsonObject()
        .put("district", j.districtId())
        .put("street", j.streetId())
        .put("label", j.label())
        .put("districtName", name(j.districtName()))
        .put("streetName", name(j.streetName()));
  }

  /**
   * Everything the desktop's form offers, with both languages' names: request types, dispositions,
   * urgencies with their time limits in minutes, the taxonomy, unit types and places.
   */
  static JsonObject catalogue(FormCatalogue c) {
    JsonArray requestTypes = new JsonArray();
    for (RequestType t : RequestType.values()) {
      requestTypes.add(new JsonObject().put("code", t.code()).put("name", name(t.displayName())));
    }
    JsonArray dispositions = new JsonArray();
    for (Disposition d : Disposition.values()) {
      dispositions.add(new JsonObject().put("code", d.code()).put("name", name(d.displayName())));
    }
    JsonArray urgencies = new JsonArray();
    for (Urgency u : Urgency.values()) {
      urgencies.add(
          new JsonObject()
              .put("code", u.code())
              .put("name", name(u.displayName()))
              .put("limitMinutes", c.timeLimits().get(u).toMinutes()));
    }
    JsonArray groups = new JsonArray();
    c.groups()
        .forEach(
            g -> {
              JsonArray leaves = new JsonArray();
              g.leaves()
                  .forEach(
                      l ->
                          leaves.add(
                              new JsonObject()
                                  .put("code", l.code())
                                  .put("name", name(l.name()))
                                  .put("urgency", l.urgency().code())
                                  .put("owner", l.ownerType())));
              groups.add(
                  new JsonObject()
                      .put("code", g.code())
                      .put("name", name(g.name()))
                      .put("leaves", leaves));
            });
    JsonObject owners = new JsonObject();
    c.ownerTypes().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> owners.put(e.getKey(), name(e.getValue())));
    return new JsonObject()
        .put("requestTypes", requestTypes)
        .put("dispositions", dispositions)
        .put("urgencies", urgencies)
        .put("categories", groups)
        .put("ownerTypes", owners)
        .put("districts", places(c.districts()));
  }

  private static JsonArray places(List<FormCatalogue.Place> places) {
    JsonArray out = new JsonArray();
    places.forEach(
        p -> {
          JsonObject json = new JsonObject().put("id", p.id()).put("name", name(p.name()));
          if (!p.streets().isEmpty()) {
            json.put("streets", places(p.streets()));
          }
          out.add(json);
        });
    return out;
  }

  private static JsonObject name(LocalizedName n) {
    return new JsonObject().put("zh", n.zh()).put("en", n.en());
  }

  public static JsonObject errors(List<FieldError> errors) {
    JsonArray list = new JsonArray();
    for (FieldError e : errors) {
      JsonArray candidates = new JsonArray();
      e.candidates()
          .forEach(
              c ->
                  candidates.add(
                      new JsonObject()
                          .put("district", c.districtId())
                          .put("street", c.streetId())
                          .put("label", c.label())));
      list.add(
          new JsonObject()
              .put("field", e.field())
              .put("code", e.code().name())
              .put("message", e.message())
              .put("messageEn", e.messageEn())
              .put("candidates", candidates));
    }
    return new JsonObject().put("error", "INVALID_FORM").put("fields", list);
  }

  static JsonObject outbox(OutboxStatus s) {
    return new JsonObject()
        .put("pending", s.pending())
        .put("retrying", s.retrying())
        .put("dead", s.dead())
        .put("lagSeconds", s.lag().toMillis() / 1000.0);
  }

  static JsonObject deadLetter(DeadLetter d) {
    return new JsonObject()
        .put("key", d.idempotencyKey())
        .put("caseId", d.caseId())
        .put("attempts", d.attempts())
        .put("lastError", d.lastError())
        .put("deadAt", d.deadAt().toString());
  }
}
