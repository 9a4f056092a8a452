package org.hotline.staff.guest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * One-time codes: ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 50
 * bits, shown as {@code ABCDE-FGHJK}. Only their SHA-256 is stored: a leaked table signs nobody in.
 */
public final class GuestCodes {

  private static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  private static final int LENGTH = 10;
  private final SecureRandom random = new SecureRandom();

  public String next() {
    StringBuilder code = new StringBuilder(LENGTH + 1);
    for (int i = 0; i < LENGTH; i++) {
      if (i == LENGTH / 2) {
        code.append('-');
      }
      code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }

  /**
   * The code as typed (any case, with or without the dash and spaces), in its canonical form; empty
   * when it cannot be a code at all.
   */
  public static Optional<String> normalize(String typed) {
    if (typed == null || typed.length() > 40) {
      return Optional.empty();
    }
    String bare = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    if (bare.length() != LENGTH || !bare.chars().allMatch(ch -> ALPHABET.indexOf(ch) >= 0)) {
      return Optional.empty();
    }
    return Optional.of(bare);
  }

  /** The stored form of a code (of its canonical form). */
  public static String hash(String code) {
    String bare = normalize(code).orElseThrow(() -> new IllegalArgumentException("not a code"));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(bare.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
