-- Parties brought into a call besides the caller and the agents who answered it (issue 10): an
-- outside unit in a three-way call (110, 120, a utility, a district's duty desk). One row per leg
-- (the unit's channel), so every gateway instance may write the same join once.
CREATE TABLE hotline.call_participant (
  call_id      text NOT NULL,
  leg_id       text NOT NULL,              -- server:uniqueid of the party's channel
  role         text NOT NULL,              -- unit
  party        text NOT NULL,              -- the unit's id in directory.yaml
  number       text NOT NULL,              -- the number dialled
  invited_by   text NOT NULL,              -- the agent who brought them in
  joined_at    timestamptz NOT NULL,
  left_at      timestamptz,
  PRIMARY KEY (call_id, leg_id)
);
