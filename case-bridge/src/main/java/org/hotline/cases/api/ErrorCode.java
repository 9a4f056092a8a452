package org.hotline.cases.api;

/**
 * Why the case bridge refused an operation. The names are part of the API: the gateway maps them to
 * HTTP answers and the desktop matches on them, so they never change meaning.
 */
public enum ErrorCode {
  INVALID_FORM("the form has errors"),
  INVALID_ARGUMENT("invalid argument"),
  CASE_UNKNOWN("no such case"),
  CALL_UNKNOWN("no case for this call"),
  CASE_NOT_DRAFT("the case was submitted already with another form"),
  ILLEGAL_TRANSITION("the case's status does not allow this"),
  CONFLICT("the case changed meanwhile; read it again"),
  DUPLICATE_UPDATE("this status update was applied already"),
  UNAUTHENTICATED("the request is not signed with our key"),
  STALE_REQUEST("the request's timestamp is outside the replay window"),
  DEAD_LETTER_UNKNOWN("no such dead letter"),
  CALLBACK_UNKNOWN("no such callback waiting"),
  CALLBACK_CLAIMED("another agent holds this callback"),
  EXTENSION_PENDING("an extension request of this case is waiting for a decision already"),
  EXTENSION_UNKNOWN("no such extension request waiting for a decision"),
  VISIT_UNKNOWN("no such return visit waiting"),
  VISIT_CLAIMED("someone else holds this return visit");

  private final String description;

  ErrorCode(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
