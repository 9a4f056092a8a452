package org.hotline.asterisk.sim.ami;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Builds the security-class events Asterisk raises about manager sessions, with the field order of
 * md5-login-and-basics.ami. Gateways rarely read them, but a faithful stream includes them.
 */
final class SecurityEvents {
  private static final DateTimeFormatter TV =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
  private static final String EPOCH_TV = "1970-01-01T00:00:00.000+0000";

  private SecurityEvents() {}

  static String tv(long millis) {
    return TV.format(Instant.ofEpochMilli(millis));
  }

  private static AmiMessage.Builder head(String type, String severity, int version) {
    return AmiMessage.builder()
        .add("Event", type)
        .add("Privilege", EventClass.SECURITY.privilege())
        .add("EventTV", tv(System.currentTimeMillis()))
        .add("Severity", severity)
        .add("Service", "AMI")
        .add("EventVersion", version);
  }

  static AmiMessage successfulAuth(AmiSession s) {
    String tv = tv(s.authenticatedAtMillis());
    return head("SuccessfulAuth", "Informational", 1)
        .add("AccountID", s.username())
        .add("SessionID", s.sessionId())
        .add("LocalAddress", s.localAddress())
        .add("RemoteAddress", s.remoteAddress())
        .add("UsingPassword", 0)
        .add("SessionTV", tv)
        .build();
  }

  static AmiMessage invalidPassword(AmiSession s, String account) {
    return head("InvalidPassword", "Error", 2)
        .add("AccountID", account)
        .add("SessionID", s.sessionId())
        .add("LocalAddress", s.localAddress())
        .add("RemoteAddress", s.remoteAddress())
        .add("SessionTV", EPOCH_TV)
        .build();
  }

  static AmiMessage requestNotAllowed(AmiSession s, String action) {
    return head("RequestNotAllowed", "Error", 1)
        .add("AccountID", s.username())
        .add("SessionID", s.sessionId())
        .add("LocalAddress", s.localAddress())
        .add("RemoteAddress", s.remoteAddress())
        .add("RequestType", "Action: " + action)
        .add("SessionTV", s.isAuthenticated() ? tv(s.authenticatedAtMillis()) : EPOCH_TV)
        .build();
  }

  static AmiMessage requestBadFormat(AmiSession s, String action) {
    return head("RequestBadFormat", "Error", 1)
        .add("SessionID", s.sessionId())
        .add("LocalAddress", s.localAddress())
        .add("RemoteAddress", s.remoteAddress())
        .add("RequestType", "Action: " + action)
        .add("SessionTV", s.isAuthenticated() ? tv(s.authenticatedAtMillis()) : EPOCH_TV)
        .add("AccountID", s.username())
        .build();
  }
}
