-- Issue 12: joint handling (街乡吹哨、部门报到), escalations after the deadline (督办升级) and
-- extensions (延期). case_record keeps meaning the lead unit (unit, accepted_at, resolved_at), so the
-- reports read what they read before.

-- Every unit a case is dispatched to: the lead (主办, the ownerType of the form) and its co-units
-- (协办). A co-unit's acceptance, response and result are kept here and in the history; only the
-- lead's resolution moves the case. Rows are replaced at each (re-)dispatch.
CREATE TABLE hotline.case_unit (
  case_id         text NOT NULL,
  case_created_at timestamptz NOT NULL,
  position        smallint NOT NULL,        -- the lead 0, then the co-units in the agent's order
  unit_id         text NOT NULL,            -- the unit type's code, e.g. street_office, housing
  role            text NOT NULL CHECK (role IN ('lead', 'co')),
  dispatched_at   timestamptz NOT NULL,
  reported_name   text,                     -- the name the unit reported under, first seen
  accepted_at     timestamptz,
  responded_at    timestamptz,
  response        text,                     -- a co-unit's report (反馈) to the lead
  resolved_at     timestamptz,
  result          text,                     -- the unit's result when it reported it done
  returned_at     timestamptz,
  return_reason   text,
  PRIMARY KEY (case_id, unit_id)
);

-- 延期: a unit's request for more time, and the supervisor's decision. One pending per case.
CREATE TABLE hotline.case_extension (
  extension_id       bigserial PRIMARY KEY,
  case_id            text NOT NULL,
  case_created_at    timestamptz NOT NULL,
  update_id          text NOT NULL UNIQUE,  -- the dispatch system's update that asked
  unit               text NOT NULL,
  requested_at       timestamptz NOT NULL,
  deadline_then      timestamptz NOT NULL,  -- the deadline when it was asked
  requested_deadline timestamptz NOT NULL,
  reason             text NOT NULL,
  state              text NOT NULL CHECK (state IN ('pending', 'granted', 'refused')),
  decided_by         text,
  decided_at         timestamptz,
  decision_note      text
);
CREATE UNIQUE INDEX case_extension_one_pending ON hotline.case_extension (case_id)
  WHERE state = 'pending';
CREATE INDEX case_extension_case ON hotline.case_extension (case_id);
CREATE INDEX case_extension_pending ON hotline.case_extension (requested_at)
  WHERE state = 'pending';

-- 督办升级: escalation timers after the deadline, one level at a time.
ALTER TABLE hotline.case_timer DROP CONSTRAINT case_timer_kind_check;
ALTER TABLE hotline.case_timer ADD CONSTRAINT case_timer_kind_check
  CHECK (kind IN ('wrapup', 'nearing', 'overdue', 'escalate'));
ALTER TABLE hotline.case_timer ADD COLUMN level smallint;

-- the escalation an alert announces: district, city
ALTER TABLE hotline.supervision_alert ADD COLUMN escalated_to text;
