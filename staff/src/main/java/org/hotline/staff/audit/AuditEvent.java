package org.hotline.staff.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One thing someone did that the city must be able to account for.
 *
 * @param actor a staff id; for a failed sign-in, the name that was tried
 * @param address where the request came from
 * @param action what was done, e.g. {@code sign-in}, {@code agent.pause}, {@code history.read}
 * @param target what it was done to: an agent id, a case id, a masked phone number
 * @param outcome {@code ok}, or why it was refused
 * @param detail anything else worth keeping, as text
 */
public record AuditEvent(
    Instant at,
    String actor,
    String address,
    String action,
    String target,
    String outcome,
    Map<String, String> detail) {

  public AuditEvent {
    detail = Map.copyOf(detail);
  }

  public static AuditEvent ok(
      Instant at, String actor, String address, String action, String target) {
    return new AuditEvent(at, actor, address, action, target, "ok", Map.of());
  }

  public AuditEvent withDetail(Map<String, String> more) {
    java.util.Map<String, String> all = new java.util.HashMap<>(detail);
    all.putAll(more);
    return new AuditEvent(at, actor, address, action, target, outcome, all);
  }
}
