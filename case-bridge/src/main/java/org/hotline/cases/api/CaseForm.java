package org.hotline.cases.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The agent's case form exactly as the desktop sent it: plain strings, {@code null} where a field
 * was left out. Nothing here is trusted; {@link CaseBridge#validate} turns it into {@link
 * CaseContent} or into field-by-field errors. {@code FormReader} builds one from a JSON body and
 * reports wrong types.
 *
 * @param requestType {@code help|complaint|report|consultation|suggestion|praise} (or 求助, 投诉, ...)
 * @param category a leaf code of the taxonomy, e.g. {@code heating.not_warm}
 * @param location the location as the resident said it
 * @param district optional district id; resolved from {@code location} when absent
 * @param street optional street id within the district (or a full {@code district.street} id)
 * @param urgency optional {@code emergency|utility|general|complex}; the category's default if
 *     absent
 * @param summary the agent's summary
 * @param disposition {@code direct_answer} (直接办结) or {@code dispatch} (派单)
 * @param ownerType optional unit type to dispatch to; the category's default if absent
 * @param officialName a guest official's name, when one took the call
 * @param officialPhone the guest official's direct callback number
 * @param agentId the agent submitting the form
 * @param answer for a direct answer, what the agent told the caller (required then)
 * @param coUnits 协办: unit types that assist the lead unit ({@code ownerType}) in a joint dispatch
 *     (街乡吹哨、部门报到); {@code null} or empty for none. A JSON array of strings, or one string of codes
 *     separated by commas.
 */
public record CaseForm(
    String requestType,
    String category,
    String location,
    String district,
    String street,
    String urgency,
    String summary,
    String disposition,
    String ownerType,
    String officialName,
    String officialPhone,
    String agentId,
    String answer,
    List<String> coUnits) {

  public CaseForm {
    coUnits = coUnits == null ? null : Collections.unmodifiableList(new ArrayList<>(coUnits));
  }

  /** A form without co-units. */
  public CaseForm(
      String requestType,
      String category,
      String location,
      String district,
      String street,
      String urgency,
      String summary,
      String disposition,
      String ownerType,
      String officialName,
      String officialPhone,
      String agentId,
      String answer) {
    this(
        requestType,
        category,
        location,
        district,
        street,
        urgency,
        summary,
        disposition,
        ownerType,
        officialName,
        officialPhone,
        agentId,
        answer,
        null);
  }

  /** The same form with co-units. */
  public CaseForm withCoUnits(List<String> units) {
    return new CaseForm(
        requestType,
        category,
        location,
        district,
        street,
        urgency,
        summary,
        disposition,
        ownerType,
        officialName,
        officialPhone,
        agentId,
        answer,
        units);
  }

  /** A form without an answer (a dispatch). */
  public CaseForm(
      String requestType,
      String category,
      String location,
      String district,
      String street,
      String urgency,
      String summary,
      String disposition,
      String ownerType,
      String officialName,
      String officialPhone,
      String agentId) {
    this(
        requestType,
        category,
        location,
        district,
        street,
        urgency,
        summary,
        disposition,
        ownerType,
        officialName,
        officialPhone,
        agentId,
        null);
  }

  /** The JSON field names, in order; the same as the components' names. */
  public static final List<String> FIELDS =
      List.of(
          "requestType",
          "category",
          "location",
          "district",
          "street",
          "urgency",
          "summary",
          "disposition",
          "ownerType",
          "officialName",
          "officialPhone",
          "agentId",
          "answer",
          "coUnits");
}
