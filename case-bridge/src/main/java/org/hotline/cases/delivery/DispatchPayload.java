package org.hotline.cases.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.ExtensionRequest;
import org.hotline.cases.api.LocalizedName;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.taxonomy.Category;
import org.hotline.cases.taxonomy.Taxonomy;

/**
 * The JSON document a case version is delivered as ({@code schema: hotline.case/v1}). It is built
 * once, when the case is submitted, and stored with the outbox entry, so what is delivered is what
 * was acknowledged to the agent, whatever happens to the case afterwards. One line, UTF-8.
 *
 * <p>{@code units} lists every unit the case goes to (街乡吹哨、部门报到), the lead ({@code role: lead}, the
 * same as {@code ownerType}) first, then the co-units ({@code role: co}); each has its {@code id},
 * which a co-unit names itself by in status updates, and its names.
 */
public final class DispatchPayload {

  public static final String SCHEMA = "hotline.case/v1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private DispatchPayload() {}

  /**
   * @param c the case as it is after the submission
   * @param event {@code submitted}, {@code redispatched} or {@code direct_answer} (or an extension
   *     decision, see {@link #decision})
   */
  public static String build(Case c, Taxonomy taxonomy, CasesConfig config, String event) {
    CaseContent content = c.content().orElseThrow();
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("idempotencyKey", Delivery.key(c.caseId(), c.dispatchVersion()));
    root.put("caseId", c.caseId());
    root.put("version", c.dispatchVersion());
    root.put("event", event);
    root.put("status", c.status().code());
    root.put("createdAt", c.createdAt().toString());
    c.submittedAt().ifPresent(t -> root.put("submittedAt", t.toString()));

    ObjectNode type = root.putObject("requestType");
    type.put("code", content.requestType().code());
    names(type, content.requestType().displayName());
    ObjectNode cat = root.putObject("category");
    cat.put("code", content.categoryCode());
    Optional<Category> category = taxonomy.find(content.categoryCode());
    category.ifPresent(
        k -> {
          names(cat, k.name());
          k.parent().ifPresent(p -> cat.put("parent", p));
          k.serviceCode().ifPresent(s -> cat.put("serviceCode", s));
        });
    ObjectNode urgency = root.putObject("urgency");
    urgency.put("code", content.urgency().code());
    names(urgency, content.urgency().displayName());
    Duration limit = config.timeLimit(content.urgency());
    urgency.put("timeLimitHours", limit.toHours());
    c.deadline().map(Instant::toString).ifPresent(d -> root.put("deadline", d));

    ObjectNode location = root.putObject("location");
    location.put("text", content.location());
    content
        .jurisdiction()
        .ifPresent(
            j -> {
              ObjectNode d = location.putObject("district");
              d.put("id", j.districtId());
              names(d, j.districtName());
              ObjectNode s = location.putObject("street");
              s.put("id", j.streetId());
              names(s, j.streetName());
            });
    root.put("summary", content.summary());
    content.answer().ifPresent(a -> root.put("answer", a));
    ObjectNode disposition = root.putObject("disposition");
    disposition.put("code", content.disposition().code());
    names(disposition, content.disposition().displayName());
    ObjectNode owner = root.putObject("ownerType");
    owner.put("code", content.ownerType());
    taxonomy.ownerType(content.ownerType()).ifPresent(n -> names(owner, n));
    // 街乡吹哨、部门报到: every unit with its role, the lead first; co-units report as their id
    ArrayNode units = root.putArray("units");
    unit(units.addObject(), "lead", content.ownerType(), taxonomy);
    content.coUnits().forEach(u -> unit(units.addObject(), "co", u, taxonomy));

    ObjectNode caller = root.putObject("caller");
    caller.put("number", c.call().callerNumber());
    c.call().callerName().ifPresent(n -> caller.put("name", n));
    ObjectNode call = root.putObject("call");
    call.put("callId", c.call().callId());
    call.put("server", c.call().server());
    call.put("linkedId", c.call().linkedId());
    call.put("queue", c.call().queueId());
    c.call().agentId().ifPresent(a -> call.put("agentId", a));
    c.call().seatId().ifPresent(s -> call.put("seatId", s));
    call.put("enteredAt", c.call().enteredAt().toString());
    c.call().answeredAt().ifPresent(t -> call.put("answeredAt", t.toString()));
    c.call().endedAt().ifPresent(t -> call.put("endedAt", t.toString()));
    call.put("waitSeconds", c.call().waitTime().toSeconds());
    call.put("talkSeconds", c.call().talkTime().toSeconds());
    c.call().recording().ifPresent(r -> call.put("recording", r));
    call.put("language", c.call().language());
    call.put("submittedBy", content.submittedBy());
    content
        .official()
        .ifPresent(
            o -> {
              ObjectNode off = root.putObject("official");
              off.put("name", o.name());
              off.put("callbackNumber", o.callbackNumber());
            });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A supervisor's decision on a unit's extension request (延期), delivered as a new version of the
   * case document: {@code event} is {@code extension_granted} or {@code extension_refused}, {@code
   * deadline} the case's deadline after the decision, and {@code extension} what was asked and
   * decided.
   *
   * @param c the case after the decision, with its new version
   */
  public static String decision(Case c, ExtensionRequest x, Taxonomy taxonomy, CasesConfig config) {
    String event =
        x.state() == ExtensionRequest.State.GRANTED ? "extension_granted" : "extension_refused";
    ObjectNode root;
    try {
      root = (ObjectNode) JSON.readTree(build(c, taxonomy, config, event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    ObjectNode ext = root.putObject("extension");
    ext.put("id", x.extensionId());
    ext.put("unit", x.unit());
    ext.put("requestedAt", x.requestedAt().toString());
    ext.put("deadlineBefore", x.deadlineThen().toString());
    ext.put("requestedDeadline", x.requestedDeadline().toString());
    ext.put("reason", x.reason());
    ext.put("decision", x.state().code());
    x.decidedAt().ifPresent(t -> ext.put("decidedAt", t.toString()));
    x.decisionNote().ifPresent(n -> ext.put("note", n));
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void unit(ObjectNode node, String role, String id, Taxonomy taxonomy) {
    node.put("role", role);
    node.put("id", id);
    taxonomy.ownerType(id).ifPresent(n -> names(node, n));
  }

  private static void names(ObjectNode node, LocalizedName name) {
    node.put("zh", name.zh());
    node.put("en", name.en());
  }
}
