package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.signature.Hmac;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.StaffClient.Answer;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.audit.AuditEvent;
import org.hotline.staff.audit.AuditTrail;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Joint handling and 延期 over real HTTP: the dispatch system's signed updates from a co-unit and a
 * unit's extension request, the supervisor's list and decisions, the case read with its units.
 */
class JointCaseHttpTest {

  private static Harness h;
  private static StaffClient sup;
  private static StaffClient agent;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start(o -> o.withSeed(53), Duration.ofSeconds(5));
    TestStaff.add(h.gateway, "jsup", StaffRole.SUPERVISOR);
    TestStaff.add(h.gateway, "jag", StaffRole.AGENT);
    sup = TestStaff.signIn(h.gateway, "jsup");
    agent = TestStaff.signIn(h.gateway, "jag");
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private static String jointCase(String callId) {
    Instant now = Instant.now();
    h.cases
        .callAnswered(
            CallFacts.entered(callId, "ast1", "13912345678", "general", now.minusSeconds(30))
                .answered("jag", "001", now.minusSeconds(20)))
        .toCompletableFuture()
        .join();
    CaseForm form =
        new CaseForm(
                "complaint",
                "construction.illegal_building",
                "望京西园三区5号楼楼顶",
                null,
                null,
                null,
                "楼顶违建",
                "dispatch",
                "street_office",
                null,
                null,
                "jag")
            .withCoUnits(List.of("housing", "urban_management"));
    return h.cases.submitForm(callId, form).toCompletableFuture().join().caseId();
  }

  /** A status update signed as the dispatch system signs it. */
  private static HttpResponse<String> signed(JsonObject update) throws Exception {
    byte[] body = update.encode().getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(Instant.now().getEpochSecond());
    HttpRequest r =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/api/dispatch/status"))
            .header("content-type", "application/json")
            .header(Hmac.TIMESTAMP_HEADER, ts)
            .header(Hmac.SIGNATURE_HEADER, Hmac.sign(Harness.INBOUND_KEY, ts, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject update(String id, String caseId, String status, String unit) {
    return new JsonObject()
        .put("updateId", id)
        .put("caseId", caseId)
        .put("status", status)
        .put("unit", unit)
        .put("at", Instant.now().toString());
  }

  private static JsonObject unit(JsonObject c, String id) {
    JsonArray units = c.getJsonArray("units");
    for (int i = 0; i < units.size(); i++) {
      if (units.getJsonObject(i).getString("id").equals(id)) {
        return units.getJsonObject(i);
      }
    }
    throw new AssertionError("no unit " + id + " in " + units);
  }

  @Test
  void theFormTakesCoUnitsAndRefusesTheLeadAsOne() {
    JsonObject form =
        new JsonObject()
            .put("requestType", "complaint")
            .put("category", "construction.illegal_building")
            .put("location", "望京西园三区")
            .put("summary", "楼顶违建")
            .put("disposition", "dispatch")
            .put("ownerType", "street_office")
            .put("agentId", "jag")
            .put("coUnits", new JsonArray().add("housing"));
    Answer ok = agent.post("/api/cases/validate", form.encode());
    assertEquals(200, ok.status(), ok.body());
    Answer bad =
        agent.post(
            "/api/cases/validate",
            form.copy().put("coUnits", new JsonArray().add("street_office")).encode());
    assertEquals(422, bad.status(), bad.body());
    assertEquals("coUnits", bad.json().getJsonArray("fields").getJsonObject(0).getString("field"));
  }

  @Test
  void aCoUnitsSignedResolutionIsRecordedAndOnlyTheLeadsResolvesTheCase() throws Exception {
    String caseId = jointCase("ast1:1796600000.81");
    HttpResponse<String> co =
        signed(update("jc-1", caseId, "resolved", "housing").put("reason", "住建部分办结"));
    assertEquals(200, co.statusCode(), co.body());
    JsonObject answer = new JsonObject(co.body());
    assertTrue(answer.getBoolean("applied"));
    assertTrue(
        List.of("submitted", "dispatched").contains(answer.getString("status")),
        "a co-unit does not resolve: " + answer);
    HttpResponse<String> again = signed(update("jc-1", caseId, "resolved", "housing"));
    assertEquals(false, new JsonObject(again.body()).getBoolean("applied"), "a repeat");

    Answer read = sup.get("/api/cases/" + caseId);
    assertEquals(200, read.status(), read.body());
    JsonObject housing = unit(read.json(), "housing");
    assertEquals("co", housing.getString("role"));
    assertEquals("resolved", housing.getString("state"));
    assertEquals("住建部分办结", housing.getString("result"));
    assertEquals("lead", unit(read.json(), "street_office").getString("role"));
    assertEquals("dispatched", unit(read.json(), "urban_management").getString("state"));
    assertEquals(
        new JsonArray().add("housing").add("urban_management"),
        read.json().getJsonObject("content").getJsonArray("coUnits"));

    HttpResponse<String> lead = signed(update("jc-2", caseId, "resolved", "朝阳区望京街道"));
    assertEquals("resolved", new JsonObject(lead.body()).getString("status"), lead.body());
  }

  @Test
  void aSignedExtensionRequestWaitsForASupervisorWhoGrantsOrRefusesIt() throws Exception {
    String caseId = jointCase("ast1:1796600000.82");
    String deadline = sup.get("/api/cases/" + caseId).json().getString("deadline");
    JsonObject ask =
        update("jx-1", caseId, "extension_requested", "朝阳区望京街道")
            .put("reason", "需协调多部门")
            .put("extendBy", "3d");
    HttpResponse<String> asked = signed(ask);
    assertEquals(200, asked.statusCode(), asked.body());
    HttpResponse<String> second = signed(ask.copy().put("updateId", "jx-2"));
    assertEquals(409, second.statusCode(), second.body());
    assertEquals("EXTENSION_PENDING", new JsonObject(second.body()).getString("error"));

    assertEquals(403, agent.get("/api/cases/extensions").status());
    Answer list = sup.get("/api/cases/extensions");
    assertEquals(200, list.status(), list.body());
    JsonObject x = null;
    for (Object o : list.json().getJsonArray("extensions")) {
      if (((JsonObject) o).getString("caseId").equals(caseId)) {
        x = (JsonObject) o;
      }
    }
    assertTrue(x != null, list.body());
    assertEquals(
        Instant.parse(deadline).plus(Duration.ofDays(3)).toString(),
        x.getString("requestedDeadline"));
    assertEquals(
        deadline, sup.get("/api/cases/" + caseId).json().getString("deadline"), "asked only");

    String path = "/api/cases/" + caseId + "/extensions/" + x.getString("id");
    assertEquals(403, agent.post(path + "/grant", "{}").status());
    assertEquals(400, sup.post(path + "/grant", "{\"note\": 5}").status());
    assertEquals(400, sup.post(path + "/grant", "{\"note\": \"<b>好</b>\"}").status(), "text only");
    Instant before = Instant.now().minusSeconds(1);
    Answer granted = sup.post(path + "/grant", "{\"note\":\"同意延期\"}");
    assertEquals(200, granted.status(), granted.body());
    assertEquals("granted", granted.json().getString("state"));
    assertEquals(404, sup.post(path + "/refuse", "{}").status(), "decided already");
    JsonObject after = sup.get("/api/cases/" + caseId).json();
    assertEquals(x.getString("requestedDeadline"), after.getString("deadline"), "granted: moved");
    assertEquals("granted", after.getJsonArray("extensions").getJsonObject(0).getString("state"));

    signed(ask.copy().put("updateId", "jx-3").put("extendBy", "1d"));
    String next =
        sup.get("/api/cases/" + caseId)
            .json()
            .getJsonArray("extensions")
            .getJsonObject(1)
            .getString("id");
    Answer refused =
        sup.post("/api/cases/" + caseId + "/extensions/" + next + "/refuse", "{\"note\":\"不同意\"}");
    assertEquals("refused", refused.json().getString("state"), refused.body());
    assertEquals(
        x.getString("requestedDeadline"),
        sup.get("/api/cases/" + caseId).json().getString("deadline"),
        "refused: stays");

    List<AuditEvent> trail =
        new AuditTrail(h.db)
            .read(
                new AuditTrail.Query(
                    before,
                    Instant.now().plusSeconds(1),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    100))
            .toCompletableFuture()
            .join();
    assertTrue(
        trail.stream()
            .anyMatch(
                e ->
                    e.action().equals("case.extension.grant")
                        && e.actor().equals("jsup")
                        && e.target().equals(caseId)),
        "audited");
    assertTrue(trail.stream().anyMatch(e -> e.action().equals("case.extension.refuse")));
  }
}
