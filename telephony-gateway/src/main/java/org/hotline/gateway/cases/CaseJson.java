package org.hotline.gateway.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.hotline.cases.api.CallerHistory;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.CaseSummary;
import org.hotline.cases.api.DeadLetter;
import org.hotline.cases.api.FieldError;
import org.hotline.cases.api.Jurisdiction;
import org.hotline.cases.api.OutboxStatus;

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
            .put("overdue", s.overdue());
    s.requestType().ifPresent(t -> json.put("requestType", t.code()));
    s.categoryCode().ifPresent(c -> json.put("category", c));
    s.categoryName()
        .ifPresent(
            n -> json.put("categoryName", new JsonObject().put("zh", n.zh()).put("en", n.en())));
    s.deadline().ifPresent(d -> json.put("deadline", d.toString()));
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
            .put("submittedBy", c.submittedBy());
    c.jurisdiction().ifPresent(j -> json.put("jurisdiction", jurisdiction(j)));
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

  static JsonObject jurisdiction(Jurisdiction j) {
    return new JsonObject()
        .put("district", j.districtId())
        .put("street", j.streetId())
        .put("label", j.label());
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
