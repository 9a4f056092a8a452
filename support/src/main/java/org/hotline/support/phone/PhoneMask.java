package org.hotline.support.phone;

/**
 * Masks phone numbers for logs: a caller's number is citizens' data and never appears whole in a
 * log line. Keeps the first three and last four digits of a long number ({@code 13912345678} →
 * {@code 139****5678}), the last two of a short one, and nothing of anything that is not a number.
 */
public final class PhoneMask {

  private PhoneMask() {}

  public static String mask(String number) {
    if (number == null || number.isEmpty()) {
      return "(none)";
    }
    int digits = 0;
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (!(c == '+' && i == 0) && c != ' ' && c != '-') {
        return "(withheld)";
      }
    }
    String plain = number.replace(" ", "").replace("-", "");
    if (digits >= 7) {
      return plain.substring(0, 3) + "****" + plain.substring(plain.length() - 4);
    }
    if (digits >= 3) {
      return "*".repeat(plain.length() - 2) + plain.substring(plain.length() - 2);
    }
    return "*".repeat(plain.length());
  }
}
