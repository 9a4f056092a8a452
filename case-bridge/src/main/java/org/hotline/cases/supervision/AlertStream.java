package org.hotline.cases.supervision;

import org.hotline.cases.store.KeySpace;

/**
 * Where the wallboard reads supervision alerts: the Redis stream {@code
 * hotline:{centre}:case:alerts}. Entries have the fields {@code kind} ({@code nearing_deadline},
 * {@code overdue}, {@code incomplete}), {@code caseId}, {@code at} and {@code deadline} (epoch ms),
 * {@code district}, {@code street}, {@code category}, {@code urgency}; never a phone number. Read
 * with XREAD (or XREADGROUP for a group of wallboards) from the last id seen.
 */
public final class AlertStream {

  private AlertStream() {}

  public static String key(String centreId) {
    return new KeySpace(centreId).alerts();
  }
}
