package org.hotline.gateway.record;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionStage;
import org.hotline.pg.support.Database;

/**
 * The parties brought into a call ({@code hotline.call_participant}): an outside unit of a
 * three-way call, when it joined and left. Every instance hears the same join: written once per
 * leg.
 */
public final class ParticipantStore {

  private final Database db;

  public ParticipantStore(Database db) {
    this.db = db;
  }

  /** A party joined: its leg, who it is, who brought it in. */
  public record Joined(
      String callId,
      String legId,
      String role,
      String party,
      String number,
      String invitedBy,
      Instant at) {}

  public CompletionStage<Void> joined(Joined j) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO hotline.call_participant (call_id, leg_id, role, party, number,"
                      + " invited_by, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (call_id, leg_id) DO NOTHING")) {
            ps.setString(1, j.callId());
            ps.setString(2, j.legId());
            ps.setString(3, j.role());
            ps.setString(4, j.party());
            ps.setString(5, j.number());
            ps.setString(6, j.invitedBy());
            ps.setObject(7, j.at().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** The party's leg left the call (the first report counts). */
  public CompletionStage<Void> left(String callId, String legId, Instant at) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hotline.call_participant SET left_at = ?"
                      + " WHERE call_id = ? AND leg_id = ? AND left_at IS NULL")) {
            ps.setObject(1, at.atOffset(ZoneOffset.UTC));
            ps.setString(2, callId);
            ps.setString(3, legId);
            ps.executeUpdate();
          }
          return null;
        });
  }
}
