-- The city's record: cases with their history, the dispatch outbox, call detail records and agent
-- time. Everything lives in schema "hotline". Tables that grow with every call are partitioned by
-- month (in the centre's time zone; the application creates each month's partitions ahead of time
-- with ensure_partition, and a default partition catches anything outside them so that no insert
-- can ever fail for want of a partition).

-- Creates parent_suffix for [lo, hi) if it is missing, moving any rows the default partition holds
-- for that range into it first. Safe to run from several instances at once.
CREATE FUNCTION hotline.ensure_partition(parent text, suffix text, lo timestamptz, hi timestamptz)
  RETURNS boolean
  LANGUAGE plpgsql AS $$
DECLARE
  part text := parent || '_' || suffix;
  keycol text;
BEGIN
  IF to_regclass(format('hotline.%I', part)) IS NOT NULL THEN
    RETURN false;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('hotline.ensure_partition.' || parent));
  IF to_regclass(format('hotline.%I', part)) IS NOT NULL THEN
    RETURN false;
  END IF;
  SELECT a.attname INTO keycol
    FROM pg_partitioned_table p
    JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
   WHERE p.partrelid = format('hotline.%I', parent)::regclass;
  EXECUTE format('CREATE TABLE hotline.%I (LIKE hotline.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                 part, parent);
  EXECUTE format('WITH moved AS (DELETE FROM hotline.%I WHERE %I >= $1 AND %I < $2 RETURNING *) '
                 'INSERT INTO hotline.%I SELECT * FROM moved',
                 parent || '_default', keycol, keycol, part) USING lo, hi;
  EXECUTE format('ALTER TABLE hotline.%I ATTACH PARTITION hotline.%I FOR VALUES FROM (%L) TO (%L)',
                 parent, part, lo, hi);
  RETURN true;
END $$;

-- ---- cases ----

-- Case ids are yyyyMMdd-NNNNNN, numbered per day of the centre's calendar.
CREATE TABLE hotline.case_day_counter (
  day date PRIMARY KEY,
  last_no integer NOT NULL
);

-- One row per case. The id's day is the day of created_at in the centre's zone, so a lookup by id
-- reads one partition.
CREATE TABLE hotline.case_record (
  case_id          text NOT NULL,
  created_at       timestamptz NOT NULL,
  status           text NOT NULL,
  updated_at       timestamptz NOT NULL,
  -- the call
  call_id          text NOT NULL,
  server           text NOT NULL,
  linked_id        text NOT NULL,
  caller_number    text NOT NULL,           -- as the exchange gave it
  caller           text,                    -- normalised; null when withheld
  caller_name      text,
  queue_id         text NOT NULL,
  agent_id         text,
  seat_id          text,
  entered_at       timestamptz NOT NULL,
  answered_at      timestamptz,
  ended_at         timestamptz,
  recording        text,
  language         text NOT NULL,
  wait_sec         integer,
  talk_sec         integer,
  -- the form
  request_type     text,
  category         text,
  location         text,
  district         text,
  street           text,
  urgency          text,
  summary          text,
  disposition      text,
  owner_type       text,
  submitted_by     text,
  official_name    text,
  official_phone   text,
  form_hash        text,
  submitted_at     timestamptz,
  incomplete       boolean NOT NULL DEFAULT false,
  -- the time limit and the dispatch system's side
  deadline         timestamptz,
  overdue          boolean NOT NULL DEFAULT false,
  dispatch_version integer NOT NULL DEFAULT 0,
  dispatch_ref     text,
  unit             text,
  accepted_at      timestamptz,
  resolved_at      timestamptz,
  return_reason    text,
  -- the return visit (回访)
  visited_at       timestamptz,
  visit_resolved   boolean,
  satisfaction     text,
  PRIMARY KEY (case_id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE hotline.case_record_default PARTITION OF hotline.case_record DEFAULT;
-- the screen pop: a caller's newest cases, and their open ones
CREATE INDEX case_record_caller ON hotline.case_record (caller, created_at DESC)
  WHERE caller IS NOT NULL;
CREATE INDEX case_record_caller_open ON hotline.case_record (caller, created_at DESC)
  WHERE caller IS NOT NULL AND status NOT IN ('resolved', 'visited', 'closed');
-- the monthly reports: by district and street, by category
CREATE INDEX case_record_district ON hotline.case_record (district, street, created_at);
CREATE INDEX case_record_category ON hotline.case_record (category, created_at);

-- A call's case, once per call id: what makes "answered" and "ended" idempotent.
CREATE TABLE hotline.call_case (
  call_id         text PRIMARY KEY,
  case_id         text NOT NULL,
  case_created_at timestamptz NOT NULL
);

-- Every change of a case's status, and notes that do not change it (an incomplete draft).
-- Partitioned by the case's creation, so one case's history is read from one partition.
CREATE TABLE hotline.case_status_change (
  case_id         text NOT NULL,
  case_created_at timestamptz NOT NULL,
  seq             integer NOT NULL,
  status          text NOT NULL,
  at              timestamptz NOT NULL,
  changed_by      text NOT NULL,
  note            text NOT NULL DEFAULT '',
  call_id         text,                     -- the call that made the change
  update_id       text,                     -- the dispatch system's update that made it
  PRIMARY KEY (case_id, case_created_at, seq)
) PARTITION BY RANGE (case_created_at);
CREATE TABLE hotline.case_status_change_default PARTITION OF hotline.case_status_change DEFAULT;

-- Status updates from the dispatch system already applied: each is applied once.
CREATE TABLE hotline.applied_update (
  update_id  text PRIMARY KEY,
  case_id    text NOT NULL,
  applied_at timestamptz NOT NULL
);
CREATE INDEX applied_update_at ON hotline.applied_update (applied_at);

-- Timers the supervision tick works through: only live ones are here, so a tick costs the same
-- however many cases are stored. kind: wrapup (a draft becomes incomplete), nearing, overdue.
CREATE TABLE hotline.case_timer (
  case_id         text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('wrapup', 'nearing', 'overdue')),
  case_created_at timestamptz NOT NULL,
  due_at          timestamptz NOT NULL,
  PRIMARY KEY (case_id, kind)
);
CREATE INDEX case_timer_due ON hotline.case_timer (due_at);

-- Resolved cases waiting for their return visit.
CREATE TABLE hotline.return_visit_due (
  case_id         text PRIMARY KEY,
  case_created_at timestamptz NOT NULL,
  resolved_at     timestamptz NOT NULL
);
CREATE INDEX return_visit_due_at ON hotline.return_visit_due (resolved_at);

-- Drafts flagged incomplete, for the supervisor to complete.
CREATE TABLE hotline.incomplete_case (
  case_id         text PRIMARY KEY,
  case_created_at timestamptz NOT NULL,
  flagged_at      timestamptz NOT NULL
);
CREATE INDEX incomplete_case_at ON hotline.incomplete_case (flagged_at);

-- Supervision alerts for the wallboard, in the order they were raised.
CREATE TABLE hotline.supervision_alert (
  alert_id  bigserial PRIMARY KEY,
  kind      text NOT NULL,
  case_id   text NOT NULL,
  at        timestamptz NOT NULL,
  deadline  timestamptz,
  district  text,
  street    text,
  category  text,
  urgency   text
);
CREATE INDEX supervision_alert_at ON hotline.supervision_alert (at);

-- Callers who hung up waiting: candidates for a call back.
CREATE TABLE hotline.callback (
  call_id      text PRIMARY KEY,
  caller       text,
  queue_id     text NOT NULL,
  entered_at   timestamptz NOT NULL,
  abandoned_at timestamptz NOT NULL,
  done_at      timestamptz
);
CREATE INDEX callback_open ON hotline.callback (abandoned_at) WHERE done_at IS NULL;
CREATE INDEX callback_caller ON hotline.callback (caller, entered_at) WHERE caller IS NOT NULL;

-- ---- the dispatch outbox ----

-- Written in the transaction that changes the case. Only a case's lowest version is ever
-- delivered (in order per case); a dead one blocks later versions until it is re-driven. Delivered
-- entries are deleted (the case's history keeps "dispatched", with the target's reference).
CREATE TABLE hotline.outbox (
  idempotency_key text PRIMARY KEY,
  case_id         text NOT NULL,
  version         integer NOT NULL,
  payload         text NOT NULL,
  state           text NOT NULL CHECK (state IN ('pending', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  enqueued_at     timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  claimed_by      text,
  claimed_until   timestamptz,
  dead_at         timestamptz,
  UNIQUE (case_id, version)
);
CREATE INDEX outbox_due ON hotline.outbox (next_attempt_at) WHERE state = 'pending';

-- ---- calls ----

-- One row per call, written when its last leg hung up. entered_at is when the caller's leg was
-- created on the exchange.
CREATE TABLE hotline.call_detail (
  server         text NOT NULL,
  call_id        text NOT NULL,
  entered_at     timestamptz NOT NULL,
  linked_id      text NOT NULL,
  caller_number  text NOT NULL,
  caller         text,
  dialled        text,
  line           text,
  ivr_choice     text,
  queues         text[] NOT NULL DEFAULT '{}',
  queued_at      timestamptz,
  answered_at    timestamptz,
  agent_id       text,
  seat_id        text,
  ended_at       timestamptz NOT NULL,
  outcome        text NOT NULL,             -- answered, abandoned, short_abandoned, ivr, dropped
  hangup_by      text NOT NULL,             -- caller, agent, exchange, unknown
  hangup_cause   integer,
  wait_sec       integer,
  talk_sec       integer,
  hold_sec       integer,
  wrap_sec       integer,                   -- filled when the agent's wrap-up of this call ends
  holds          integer NOT NULL DEFAULT 0,
  transfers      integer NOT NULL DEFAULT 0,
  recording      text,
  case_id        text,
  ending_note    text,
  -- 'lifecycle' (from the exchange's events at the call's end) or 'sweep' (rebuilt later from
  -- Redis after the gateway that saw the end died); a lifecycle row replaces a sweep row
  recorded_by    text NOT NULL,
  PRIMARY KEY (server, call_id, entered_at)
) PARTITION BY RANGE (entered_at);
CREATE TABLE hotline.call_detail_default PARTITION OF hotline.call_detail DEFAULT;
CREATE INDEX call_detail_caller ON hotline.call_detail (caller, entered_at DESC)
  WHERE caller IS NOT NULL;
CREATE INDEX call_detail_call ON hotline.call_detail (call_id);

-- ---- the seat manager's record: offers and agent time ----

-- Every offer of a call to a seat, from the seat manager's event stream.
CREATE TABLE hotline.call_offer (
  call_id    text NOT NULL,
  rang_from  timestamptz NOT NULL,
  agent_id   text NOT NULL,
  seat_id    text NOT NULL,
  queue_id   text NOT NULL,
  rang_to    timestamptz,
  outcome    text,                          -- answered, noanswer, busy, ..., caller_gone, withdrawn
  PRIMARY KEY (call_id, rang_from, agent_id)
) PARTITION BY RANGE (rang_from);
CREATE TABLE hotline.call_offer_default PARTITION OF hotline.call_offer DEFAULT;

-- Every change of an agent's state, in the seat manager's order. An agent's time is the
-- intervals between consecutive changes (see agent_interval): no gaps and no overlaps by
-- construction. seq is the event's place in the stream (Redis orders every change of an agent,
-- whichever instance made it); at is the time the seat manager decided it.
CREATE TABLE hotline.agent_state_change (
  agent_id   text NOT NULL,
  at         timestamptz NOT NULL,
  seq        bigint NOT NULL,
  seat_id    text,
  from_state text NOT NULL,
  to_state   text NOT NULL,
  reason     text,
  call_id    text,
  source     text NOT NULL,                 -- the event's id in the seat manager's stream
  PRIMARY KEY (agent_id, at, seq)
) PARTITION BY RANGE (at);
CREATE TABLE hotline.agent_state_change_default PARTITION OF hotline.agent_state_change DEFAULT;

-- An agent's time as intervals: each change lasts until the agent's next one (ended_at is null
-- for the current state). Logged-out time is not an interval.
CREATE VIEW hotline.agent_interval AS
SELECT agent_id, seat_id, state, reason, call_id, started_at, ended_at
  FROM (SELECT agent_id,
               seat_id,
               to_state AS state,
               reason,
               call_id,
               at AS started_at,
               lead(at) OVER (PARTITION BY agent_id ORDER BY seq) AS ended_at
          FROM hotline.agent_state_change) changes
 WHERE state <> 'out';

-- Where each reader of a Redis stream has got to, committed with what it wrote.
CREATE TABLE hotline.stream_position (
  reader     text PRIMARY KEY,
  stream_key text NOT NULL,
  last_id    text NOT NULL,
  -- the marker the reader left in Redis: a different or missing one means Redis lost its data
  epoch      text,
  updated_at timestamptz NOT NULL
);
