package org.hotline.asterisk.sim.seat;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dial target parsed from the string the gateway sends: {@code PJSIP/seat036} or {@code
 * Local/1001@agents} (with optional {@code /n}). Anything else is not a device the simulator has.
 *
 * @param tech PJSIP or Local
 * @param resource endpoint name (seat036) or {@code exten@context}
 * @param exten for Local, the extension
 * @param context for Local, the context
 */
public record Device(String tech, String resource, String exten, String context) {
  private static final Pattern PJSIP = Pattern.compile("PJSIP/([A-Za-z0-9_.@-]+)");
  private static final Pattern LOCAL = Pattern.compile("Local/([^@/]+)@([^/]+)(/n)?");

  public static Optional<Device> parse(String dialString) {
    String s = dialString == null ? "" : dialString.trim();
    Matcher m = PJSIP.matcher(s);
    if (m.matches()) {
      return Optional.of(new Device("PJSIP", m.group(1), "", ""));
    }
    m = LOCAL.matcher(s);
    if (m.matches()) {
      return Optional.of(
          new Device("Local", m.group(1) + "@" + m.group(2), m.group(1), m.group(2)));
    }
    return Optional.empty();
  }

  /** The device name as DeviceStateChange and the seat directory know it. */
  public String name() {
    return tech + "/" + resource;
  }

  /** The DialString in DialBegin (the part after the tech). */
  public String dialString() {
    return resource;
  }
}
