package org.hotline.gateway.calls;

/** Citizens' numbers in logs: first three and last four digits only ({@code 139****5678}). */
public final class PhoneMask {

  private PhoneMask() {}

  public static String mask(String number) {
    if (number == null || number.isEmpty()) {
      return "";
    }
    if (number.length() <= 7) {
      return "*".repeat(number.length());
    }
    return number.substring(0, 3)
        + "*".repeat(number.length() - 7)
        + number.substring(number.length() - 4);
  }
}
