package org.hotline.staff.guest;

/** A guest session refused, with a code the HTTP layer maps to a status. */
public final class GuestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Code {
    /** The request is not a valid session (a field says why). */
    INVALID_GUEST,
    /** No session has this code, or it is not a code at all. */
    CODE_UNKNOWN,
    /** The code signed in once already. */
    CODE_USED,
    /** The window has not opened yet. */
    CODE_EARLY,
    /** The window closed, or a supervisor ended the session. */
    CODE_EXPIRED,
    /** No such guest session. */
    GUEST_UNKNOWN
  }

  private final Code code;
  private final String field;

  public GuestException(Code code, String field, String message) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public GuestException(Code code, String message) {
    this(code, "", message);
  }

  public Code code() {
    return code;
  }

  /** The request field at fault, or empty. */
  public String field() {
    return field;
  }
}
