package org.hotline.cases.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent's form says, once validated: every field known, checked and clean. Only this ever
 * reaches the store, so nothing half-valid is stored.
 *
 * @param requestType 求助, 投诉, ...
 * @param categoryCode a leaf of the taxonomy, e.g. {@code heating.not_warm}
 * @param location the location as the resident said it (may be empty for a direct answer)
 * @param jurisdiction the owning district and street; always present for a dispatch
 * @param urgency given by the agent or the category's default
 * @param summary the agent's summary, plain text
 * @param disposition direct answer or dispatch
 * @param ownerType the type of unit that must act (the category's default unless the agent chose)
 * @param submittedBy the agent who submitted the form
 * @param official the guest official who took the call, when one did
 * @param answer for a direct answer, what the caller was told
 * @param coUnits 协办: the unit types assisting the lead ({@code ownerType}), in the agent's order;
 *     empty for a case with one unit
 */
public record CaseContent(
    RequestType requestType,
    String categoryCode,
    String location,
    Optional<Jurisdiction> jurisdiction,
    Urgency urgency,
    String summary,
    Disposition disposition,
    String ownerType,
    String submittedBy,
    Optional<GuestOfficial> official,
    Optional<String> answer,
    List<String> coUnits) {

  /** Content of a case with one unit. */
  public CaseContent(
      RequestType requestType,
      String categoryCode,
      String location,
      Optional<Jurisdiction> jurisdiction,
      Urgency urgency,
      String summary,
      Disposition disposition,
      String ownerType,
      String submittedBy,
      Optional<GuestOfficial> official,
      Optional<String> answer) {
    this(
        requestType,
        categoryCode,
        location,
        jurisdiction,
        urgency,
        summary,
        disposition,
        ownerType,
        submittedBy,
        official,
        answer,
        List.of());
  }

  /** The same content with {@code units} as co-units. */
  public CaseContent withCoUnits(List<String> units) {
    return new CaseContent(
        requestType,
        categoryCode,
        location,
        jurisdiction,
        urgency,
        summary,
        disposition,
        ownerType,
        submittedBy,
        official,
        answer,
        units);
  }

  /** Content without an answer (a dispatch). */
  public CaseContent(
      RequestType requestType,
      String categoryCode,
      String location,
      Optional<Jurisdiction> jurisdiction,
      Urgency urgency,
      String summary,
      Disposition disposition,
      String ownerType,
      String submittedBy,
      Optional<GuestOfficial> official) {
    this(
        requestType,
        categoryCode,
        location,
        jurisdiction,
        urgency,
        summary,
        disposition,
        ownerType,
        submittedBy,
        official,
        Optional.empty());
  }

  public CaseContent {
    Objects.requireNonNull(requestType, "requestType");
    Objects.requireNonNull(categoryCode, "categoryCode");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(disposition, "disposition");
    Objects.requireNonNull(ownerType, "ownerType");
    Objects.requireNonNull(submittedBy, "submittedBy");
    Objects.requireNonNull(official, "official");
    Objects.requireNonNull(answer, "answer");
    coUnits = List.copyOf(coUnits);
  }
}
