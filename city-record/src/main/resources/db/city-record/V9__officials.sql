-- Visiting officials (领导干部接听): the district a caller's cases were about reaches routing, and
-- guest sessions let an official sign in at one seat for one morning with a one-time code.

-- The screen pop's projection learns each case's district: routing sends a caller on the officials'
-- line to the official of the district their last case was about.
ALTER TABLE hotline.caller_case ADD COLUMN district text;

CREATE OR REPLACE FUNCTION hotline.project_caller_case() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.caller IS NULL THEN
    DELETE FROM hotline.caller_case WHERE case_id = OLD.case_id;
    IF TG_OP = 'DELETE' THEN
      RETURN NULL;
    END IF;
  END IF;
  IF NEW.caller IS NOT NULL THEN
    INSERT INTO hotline.caller_case (case_id, caller, created_at, status, request_type, category,
                                     deadline, agent_id, entered_at, district)
    VALUES (NEW.case_id, NEW.caller, NEW.created_at, NEW.status, NEW.request_type, NEW.category,
            NEW.deadline, NEW.agent_id, NEW.entered_at, NEW.district)
    ON CONFLICT (case_id) DO UPDATE
      SET caller = EXCLUDED.caller, created_at = EXCLUDED.created_at, status = EXCLUDED.status,
          request_type = EXCLUDED.request_type, category = EXCLUDED.category,
          deadline = EXCLUDED.deadline, agent_id = EXCLUDED.agent_id,
          entered_at = EXCLUDED.entered_at, district = EXCLUDED.district;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER caller_case_update ON hotline.case_record;
CREATE TRIGGER caller_case_update
  AFTER UPDATE OF caller, status, request_type, category, deadline, agent_id, entered_at, district
  ON hotline.case_record
  FOR EACH ROW EXECUTE FUNCTION hotline.project_caller_case();

UPDATE hotline.caller_case p SET district = r.district
  FROM hotline.case_record r
 WHERE r.case_id = p.case_id AND r.created_at = p.created_at AND r.district IS NOT NULL;

-- A guest session: who the official is, where and when they may sit, who coaches them. The code
-- is kept only as its SHA-256 (it signs in without a password, once, inside the window). staff_id
-- is the official's entry in hotline.staff (role official, no password), made with the session.
CREATE TABLE hotline.guest_session (
  guest_id     text PRIMARY KEY,
  staff_id     text NOT NULL UNIQUE REFERENCES hotline.staff (staff_id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  title        text NOT NULL DEFAULT '',
  district     text NOT NULL,
  seat_id      text NOT NULL,
  coach_id     text NOT NULL REFERENCES hotline.staff (staff_id),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL CHECK (ends_at > starts_at),
  code_hash    text NOT NULL UNIQUE,
  code_used_at timestamptz,
  signed_in_at timestamptz,
  ended_at     timestamptz,              -- ended early by a supervisor, or swept after ends_at
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX guest_session_live ON hotline.guest_session (ends_at) WHERE ended_at IS NULL;
CREATE INDEX guest_session_coach ON hotline.guest_session (coach_id) WHERE ended_at IS NULL;
