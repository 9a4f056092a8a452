package org.hotline.staff.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with
 * OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): tens of milliseconds of one core per hash,
 * so callers run it on worker threads, never on an event loop. A stored hash carries its
 * parameters, so raising them later still verifies the old ones.
 */
public final class PasswordHasher {

  /** Long enough to be a passphrase, short enough that hashing it is no denial of service. */
  public static final int MIN_LENGTH = 10;

  public static final int MAX_LENGTH = 128;

  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();
  private final int memoryKib;
  private final int iterations;

  /**
   * Compared against when the account does not exist, so that costs as much as a wrong password.
   */
  private final String decoy;

  public PasswordHasher() {
    this(19 * 1024, 2);
  }

  /** Cheaper parameters, for tests that hash thousands of passwords. */
  public static PasswordHasher forTests() {
    return new PasswordHasher(1024, 1);
  }

  private PasswordHasher(int memoryKib, int iterations) {
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.decoy = hash("decoy-password-never-matches");
  }

  public String hash(CharSequence password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] out = argon2(password, salt, memoryKib, iterations, 1, 32);
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p=1$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /** Whether {@code password} matches {@code hash}; a missing or foreign hash costs the same. */
  public boolean matches(CharSequence password, String hash) {
    Matcher m = hash == null ? null : PHC.matcher(hash);
    if (m == null || !m.matches()) {
      matches(password, decoy);
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual =
        argon2(
            password,
            salt,
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] argon2(
      CharSequence password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(lanes)
            .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.toString().getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  /**
   * Why {@code password} may not be {@code staffId}'s, or empty when it may: long enough, not too
   * long, not containing the sign-in name, not a few characters repeated.
   */
  public static Optional<String> rejection(String staffId, String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      return Optional.of("at least " + MIN_LENGTH + " characters");
    }
    if (password.length() > MAX_LENGTH) {
      return Optional.of("at most " + MAX_LENGTH + " characters");
    }
    if (password.toLowerCase(Locale.ROOT).contains(staffId.toLowerCase(Locale.ROOT))) {
      return Optional.of("must not contain the sign-in name");
    }
    if (password.chars().distinct().count() < 4) {
      return Optional.of("at least four different characters");
    }
    return Optional.empty();
  }
}
