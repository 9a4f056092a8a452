package org.hotline.gateway.agi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hotline.cases.intake.TextRules;

/**
 * The environment Asterisk sends when a FastAGI session opens, with the caller's identity made
 * safe: a caller ID is whatever the network says, so it is treated as hostile input.
 *
 * @param script the path of the request URL ({@code incoming} for {@code agi://gw:4573/incoming})
 * @param arguments {@code agi_arg_1 ..}, in order
 * @param remoteHost the address the exchange connected from (tells servers apart)
 */
public record AgiRequest(
    String script, List<String> arguments, Map<String, String> environment, String remoteHost) {

  private static final Pattern DIALLABLE = Pattern.compile("\\+?[0-9*#]{1,32}");
  private static final int MAX_NAME = 64;

  public AgiRequest {
    arguments = List.copyOf(arguments);
    environment = Map.copyOf(environment);
  }

  /** Builds the request from the environment lines ({@code key: value}). */
  static AgiRequest of(Map<String, String> environment, String remoteHost) {
    List<String> args = new ArrayList<>();
    for (int i = 1; environment.containsKey("agi_arg_" + i); i++) {
      args.add(environment.get("agi_arg_" + i));
    }
    return new AgiRequest(scriptOf(environment), args, environment, remoteHost);
  }

  private static String scriptOf(Map<String, String> env) {
    String script = env.getOrDefault("agi_network_script", "");
    if (script.isEmpty()) {
      String request = env.getOrDefault("agi_request", "");
      int slash = request.indexOf('/', request.indexOf("//") + 2);
      script = slash < 0 ? "" : request.substring(slash + 1);
    }
    int query = script.indexOf('?');
    return query < 0 ? script : script.substring(0, query);
  }

  public String get(String key) {
    return environment.getOrDefault(key, "");
  }

  /** The caller's channel, e.g. {@code PJSIP/trunk-00000012}. */
  public String channel() {
    return get("agi_channel");
  }

  public String uniqueId() {
    return get("agi_uniqueid");
  }

  /**
   * The caller's number when it looks like one (digits, optional leading +, * and #, at most 32),
   * else {@code unknown}: withheld numbers, "<unknown>", and anything hostile end up here.
   */
  public String callerNumber() {
    return safeNumber(get("agi_callerid"));
  }

  /**
   * A caller number from the network when it looks like one (digits, optional leading +, * and #,
   * at most 32, dashes and spaces dropped), else {@code unknown}.
   */
  public static String safeNumber(String raw) {
    String number = raw == null ? "" : raw.replace("-", "").replace(" ", "");
    return DIALLABLE.matcher(number).matches() ? number : "unknown";
  }

  /**
   * The caller's name as it may be shown and stored: without control characters, without bidi
   * controls, zero-width and other invisible format characters (which let a caller make a name read
   * differently on a screen), without {@code < > "}, at most 64 code points; may be empty. The
   * character rules are the case bridge's ({@link TextRules#stripInvisible}), so a name means the
   * same on the agent's screen and in the case.
   */
  public String callerName() {
    String raw = get("agi_calleridname");
    if (raw.equals("unknown") || raw.equals("<unknown>")) {
      return "";
    }
    return TextRules.stripInvisible(raw.replaceAll("[<>\"]", ""), MAX_NAME);
  }

  /** The number the caller dialled (the hotline line they called), or empty. */
  public String dialledNumber() {
    String dnid = get("agi_dnid");
    return DIALLABLE.matcher(dnid).matches() ? dnid : "";
  }

  public String language() {
    return get("agi_language");
  }
}
