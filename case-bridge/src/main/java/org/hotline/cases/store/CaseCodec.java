package org.hotline.cases.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.GuestOfficial;
import org.hotline.cases.api.Jurisdiction;
import org.hotline.cases.api.PhoneNumbers;
import org.hotline.cases.api.RequestType;
import org.hotline.cases.api.StatusChange;
import org.hotline.cases.api.Urgency;
import org.hotline.cases.intake.TextRules;
import org.hotline.cases.jurisdiction.Gazetteer;

/**
 * A case as the fields of its Redis hash, and back. Times are epoch milliseconds; absent values are
 * absent fields (or empty strings, which read as absent).
 */
public final class CaseCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Code points kept of a caller-id name. */
  private static final int MAX_CALLER_NAME = 50;

  private final Gazetteer gazetteer;

  public CaseCodec(Gazetteer gazetteer) {
    this.gazetteer = gazetteer;
  }

  /** The fields of the call facts that are known; unknown ones are left as they are in Redis. */
  public static Map<String, String> callFields(CallFacts f) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("callId", f.callId());
    m.put("server", f.server());
    m.put("linkedId", f.linkedId());
    m.put("callerNumber", f.callerNumber());
    m.put("caller", PhoneNumbers.normalize(f.callerNumber()).orElse(""));
    // the PBX's caller-id name is not ours to trust: control, bidi and other invisible
    // characters are removed, the length cut, and a name that is still not plain text dropped
    f.callerName()
        .map(v -> TextRules.stripInvisible(v, MAX_CALLER_NAME))
        .filter(v -> !v.isEmpty())
        .flatMap(v -> TextRules.clean(v, MAX_CALLER_NAME, false))
        .ifPresent(v -> m.put("callerName", v));
    m.put("queue", f.queueId());
    f.agentId().ifPresent(v -> m.put("agent", v));
    f.seatId().ifPresent(v -> m.put("seat", v));
    f.official()
        .ifPresent(
            o -> {
              m.put("officialName", o.name());
              m.put("officialPhone", o.callbackNumber());
            });
    m.put("enteredAt", ms(f.enteredAt()));
    f.answeredAt().ifPresent(v -> m.put("answeredAt", ms(v)));
    f.endedAt().ifPresent(v -> m.put("endedAt", ms(v)));
    f.recording().ifPresent(v -> m.put("recording", v));
    m.put("language", f.language());
    m.put("waitSec", Long.toString(f.waitTime().toSeconds()));
    m.put("talkSec", Long.toString(f.talkTime().toSeconds()));
    return m;
  }

  /** The fields a submission writes. */
  public static Map<String, String> contentFields(CaseContent c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("requestType", c.requestType().code());
    m.put("category", c.categoryCode());
    m.put("location", c.location());
    m.put("district", c.jurisdiction().map(Jurisdiction::districtId).orElse(""));
    m.put("street", c.jurisdiction().map(Jurisdiction::streetId).orElse(""));
    m.put("urgency", c.urgency().code());
    m.put("summary", c.summary());
    m.put("disposition", c.disposition().code());
    m.put("ownerType", c.ownerType());
    m.put("submittedBy", c.submittedBy());
    m.put("officialName", c.official().map(GuestOfficial::name).orElse(""));
    m.put("officialPhone", c.official().map(GuestOfficial::callbackNumber).orElse(""));
    return m;
  }

  public Case decode(Map<String, String> f, List<String> historyJson) {
    Optional<GuestOfficial> official =
        opt(f, "officialName")
            .flatMap(n -> opt(f, "officialPhone").map(p -> new GuestOfficial(n, p)));
    CallFacts call =
        new CallFacts(
            f.get("callId"),
            f.get("server"),
            f.get("linkedId"),
            f.getOrDefault("callerNumber", ""),
            opt(f, "callerName"),
            f.get("queue"),
            opt(f, "agent"),
            opt(f, "seat"),
            official,
            instant(f.get("enteredAt")),
            opt(f, "answeredAt").map(CaseCodec::instant),
            opt(f, "endedAt").map(CaseCodec::instant),
            opt(f, "recording"),
            f.getOrDefault("language", "zh"));
    Optional<CaseContent> content = Optional.empty();
    if (opt(f, "requestType").isPresent()) {
      Optional<Jurisdiction> j =
          opt(f, "district")
              .flatMap(d -> opt(f, "street").flatMap(s -> gazetteer.jurisdiction(d, s)));
      content =
          Optional.of(
              new CaseContent(
                  RequestType.parse(f.get("requestType")).orElseThrow(),
                  f.get("category"),
                  f.getOrDefault("location", ""),
                  j,
                  Urgency.parse(f.get("urgency")).orElseThrow(),
                  f.getOrDefault("summary", ""),
                  Disposition.parse(f.get("disposition")).orElseThrow(),
                  f.getOrDefault("ownerType", ""),
                  f.getOrDefault("submittedBy", ""),
                  official));
    }
    List<StatusChange> history = new ArrayList<>();
    for (String line : historyJson) {
      history.add(historyEntry(line));
    }
    return new Case(
        f.get("id"),
        CaseStatus.parse(f.get("status")).orElseThrow(),
        call,
        content,
        "1".equals(f.get("incomplete")),
        instant(f.get("createdAt")),
        opt(f, "submittedAt").map(CaseCodec::instant),
        opt(f, "deadline").map(CaseCodec::instant),
        Integer.parseInt(f.getOrDefault("obVersion", "0")),
        opt(f, "dispatchRef"),
        history);
  }

  static StatusChange historyEntry(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      return new StatusChange(
          CaseStatus.parse(n.path("s").asText()).orElseThrow(),
          instant(n.path("at").asText()),
          n.path("by").asText(""),
          n.path("note").asText(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<String> opt(Map<String, String> f, String name) {
    String v = f.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  public static String ms(Instant t) {
    return Long.toString(t.toEpochMilli());
  }

  public static Instant instant(String ms) {
    return Instant.ofEpochMilli(Long.parseLong(ms));
  }
}
