package org.hotline.staff.directory;

/** A directory change refused; nothing was changed. */
public final class StaffException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Pinned: the HTTP API answers with these names. */
  public enum Code {
    /** No such person. */
    STAFF_UNKNOWN,
    /** The id is taken. */
    STAFF_EXISTS,
    /** Someone changed the person since the version the edit names. */
    STAFF_VERSION_CONFLICT,
    /** A field is not acceptable ({@link #field()} says which). */
    INVALID_STAFF,
    /** The password is too short, too long or the same as the id. */
    PASSWORD_REJECTED,
    /** The last active admin cannot lose the role or be deactivated. */
    LAST_ADMIN
  }

  private final Code code;
  private final String field;

  public StaffException(Code code, String field, String message) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public StaffException(Code code, String message) {
    this(code, "", message);
  }

  public Code code() {
    return code;
  }

  /** The field at fault, or empty. */
  public String field() {
    return field;
  }
}
