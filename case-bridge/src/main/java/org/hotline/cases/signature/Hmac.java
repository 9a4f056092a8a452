package org.hotline.cases.signature;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature scheme of Hotline's HTTP messages, both directions.
 *
 * <p>{@code X-Hotline-Timestamp} carries the sending time in epoch seconds; {@code
 * X-Hotline-Signature} carries {@code v1=} and the lowercase hex HMAC-SHA256, under the shared key,
 * of the bytes {@code timestamp + "." + body}. Signing the timestamp with the body lets the
 * receiver refuse an old message replayed (the timestamp is outside its window) and a fresh
 * timestamp glued to an old body (the signature no longer matches).
 */
public final class Hmac {

  public static final String TIMESTAMP_HEADER = "X-Hotline-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Hotline-Signature";
  public static final String IDEMPOTENCY_HEADER = "X-Hotline-Idempotency-Key";
  public static final String VERSION_PREFIX = "v1=";

  private Hmac() {}

  /** {@code v1=<hex>} for {@code timestamp + "." + body}. */
  public static String sign(byte[] key, String timestamp, byte[] body) {
    return VERSION_PREFIX + HexFormat.of().formatHex(mac(key, timestamp, body));
  }

  /** Whether {@code signature} is ours for these bytes; compared in constant time. */
  public static boolean verify(byte[] key, String timestamp, byte[] body, String signature) {
    if (signature == null || !signature.startsWith(VERSION_PREFIX)) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature.substring(VERSION_PREFIX.length()).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(key, timestamp, body), given);
  }

  private static byte[] mac(byte[] key, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      mac.update(body);
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
