package org.hotline.cases.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.hotline.cases.api.DeadLetter;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.cases.delivery.Delivery;
import org.hotline.pg.support.Database;

/**
 * The outbox in PostgreSQL. Entries are written by the transaction that changes the case, so a case
 * acknowledged to the agent always has its delivery pending.
 *
 * <p>At least once: an instance claims entries for a lease ({@code FOR UPDATE SKIP LOCKED}, so
 * instances never wait for each other or take the same entry); an entry stays until the target's
 * answer is settled (delivered and deleted, or scheduled for a retry, or dead); the entries of an
 * instance that died are claimed by another when their lease runs out. In order per case: only a
 * case's lowest pending version is ever claimed, and a dead one holds the later versions back until
 * it is re-driven.
 */
public final class PgOutbox {

  /** What settles a delivery in the case's record, in the same transaction. */
  @FunctionalInterface
  public interface OnDelivered {
    void delivered(
        Connection c, String caseId, int version, String reference, String target, Instant now)
        throws SQLException;
  }

  private final Database db;
  private final OnDelivered onDelivered;

  public PgOutbox(Database db, OnDelivered onDelivered) {
    this.db = db;
    this.onDelivered = onDelivered;
  }

  /** Up to {@code count} deliveries due now, claimed by {@code consumer} until {@code lease}. */
  public CompletionStage<List<Delivery>> claim(
      String consumer, int count, Duration lease, Instant now) {
    return db.transaction(
        c -> {
          List<Delivery> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hotline.outbox o SET claimed_by = ?, claimed_until = ?"
                      + " FROM (SELECT idempotency_key FROM hotline.outbox h"
                      + " WHERE h.state = 'pending' AND h.next_attempt_at <= ?"
                      + " AND (h.claimed_until IS NULL OR h.claimed_until < ?)"
                      + " AND NOT EXISTS (SELECT 1 FROM hotline.outbox e"
                      + " WHERE e.case_id = h.case_id AND e.version < h.version)"
                      + " ORDER BY h.next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due"
                      + " WHERE o.idempotency_key = due.idempotency_key"
                      + " RETURNING o.idempotency_key, o.case_id, o.version, o.attempts,"
                      + " o.payload")) {
            ps.setString(1, consumer);
            ps.setObject(2, utc(now.plus(lease)));
            ps.setObject(3, utc(now));
            ps.setObject(4, utc(now));
            ps.setInt(5, count);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Delivery(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getInt(4) + 1,
                        rs.getString(5)));
              }
            }
          }
          return out;
        });
  }

  /**
   * The target took it: the entry goes, and the case is marked dispatched, in one transaction.
   * Returns false when the entry had been settled already (another instance took it over and
   * delivered it too; the receiver drops the repeat by its key).
   */
  public CompletionStage<Boolean> acknowledge(
      Delivery d, String reference, String targetName, Instant now) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM hotline.outbox WHERE idempotency_key = ?")) {
            ps.setString(1, d.idempotencyKey());
            if (ps.executeUpdate() == 0) {
              return false;
            }
          }
          onDelivered.delivered(c, d.caseId(), d.version(), reference, targetName, now);
          return true;
        });
  }

  /** What became of a failed attempt. */
  public enum FailResult {
    RETRY,
    DEAD,
    STALE
  }

  /**
   * Counts the attempt, then either schedules a retry at {@code retryAt} or, after the last attempt
   * or for a permanent refusal, makes the entry a dead letter. STALE when this consumer no longer
   * holds the entry (its lease ran out and another took it).
   */
  public CompletionStage<FailResult> fail(
      Delivery d,
      String consumer,
      String error,
      boolean permanent,
      int maxAttempts,
      Instant retryAt,
      Instant now) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hotline.outbox SET attempts = attempts + 1, last_error = ?,"
                      + " claimed_by = NULL, claimed_until = NULL, next_attempt_at = ?,"
                      + " state = CASE WHEN ? OR attempts + 1 >= ? THEN 'dead' ELSE 'pending' END,"
                      + " dead_at = CASE WHEN ? OR attempts + 1 >= ? THEN ?::timestamptz END"
                      + " WHERE idempotency_key = ? AND claimed_by = ? AND state = 'pending'"
                      + " RETURNING state")) {
            int i = 1;
            ps.setString(i++, error);
            ps.setObject(i++, utc(retryAt));
            ps.setBoolean(i++, permanent);
            ps.setInt(i++, maxAttempts);
            ps.setBoolean(i++, permanent);
            ps.setInt(i++, maxAttempts);
            ps.setObject(i++, utc(now));
            ps.setString(i++, d.idempotencyKey());
            ps.setString(i, consumer);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return FailResult.STALE;
              }
              return "dead".equals(rs.getString(1)) ? FailResult.DEAD : FailResult.RETRY;
            }
          }
        });
  }

  /** The dead-letter list, oldest first. */
  public CompletionStage<List<DeadLetter>> deadLetters(int limit) {
    return db.query(
        c -> {
          List<DeadLetter> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT idempotency_key, case_id, attempts, last_error, dead_at"
                      + " FROM hotline.outbox WHERE state = 'dead' ORDER BY dead_at,"
                      + " idempotency_key LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String error = rs.getString(4);
                out.add(
                    new DeadLetter(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        error == null ? "" : error,
                        rs.getObject(5, OffsetDateTime.class).toInstant()));
              }
            }
          }
          return out;
        });
  }

  /** A dead letter goes back to pending with a fresh count; false if there is no such one. */
  public CompletionStage<Boolean> redrive(String idempotencyKey, Instant now) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hotline.outbox SET state = 'pending', attempts = 0, dead_at = NULL,"
                      + " enqueued_at = ?, next_attempt_at = ?, claimed_by = NULL,"
                      + " claimed_until = NULL WHERE idempotency_key = ? AND state = 'dead'")) {
            ps.setObject(1, utc(now));
            ps.setObject(2, utc(now));
            ps.setString(3, idempotencyKey);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Re-drives up to {@code limit} dead letters, oldest first; returns how many. */
  public CompletionStage<Integer> redriveAll(int limit, Instant now) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hotline.outbox SET state = 'pending', attempts = 0, dead_at = NULL,"
                      + " enqueued_at = ?, next_attempt_at = ?, claimed_by = NULL,"
                      + " claimed_until = NULL WHERE idempotency_key IN (SELECT idempotency_key"
                      + " FROM hotline.outbox WHERE state = 'dead' ORDER BY dead_at LIMIT ?"
                      + " FOR UPDATE)")) {
            ps.setObject(1, utc(now));
            ps.setObject(2, utc(now));
            ps.setInt(3, limit);
            return ps.executeUpdate();
          }
        });
  }

  /** Pending, retrying, dead, and the age of the oldest pending entry. */
  public CompletionStage<OutboxStatus> status(Instant now) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT count(*) FILTER (WHERE state = 'pending'),"
                          + " count(*) FILTER (WHERE state = 'pending' AND attempts > 0),"
                          + " count(*) FILTER (WHERE state = 'dead'),"
                          + " min(enqueued_at) FILTER (WHERE state = 'pending')"
                          + " FROM hotline.outbox");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            OffsetDateTime oldest = rs.getObject(4, OffsetDateTime.class);
            Duration lag =
                oldest == null
                    ? Duration.ZERO
                    : Duration.ofMillis(
                        Math.max(0, now.toEpochMilli() - oldest.toInstant().toEpochMilli()));
            return new OutboxStatus(rs.getLong(1), rs.getLong(2), rs.getLong(3), lag);
          }
        });
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
