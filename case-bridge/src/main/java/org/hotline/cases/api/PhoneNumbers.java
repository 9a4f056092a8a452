package org.hotline.cases.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers as the PBX and agents give them. A number is digits with an optional leading {@code
 * +}, 3 to 20 of them, after spaces and dashes are removed; anything else (an empty caller id,
 * {@code anonymous}, {@code unknown}) is a withheld number, which has no history.
 */
public final class PhoneNumbers {

  private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");

  private PhoneNumbers() {}

  /** The number in its plain form, or empty when it is withheld or not a number. */
  public static Optional<String> normalize(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String plain = raw.strip().replace(" ", "").replace("-", "");
    return NUMBER.matcher(plain).matches() ? Optional.of(plain) : Optional.empty();
  }
}
