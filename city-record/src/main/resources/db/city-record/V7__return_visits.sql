-- 回访 (issue 12): each resolved case gets one return visit, called within the configured window,
-- retried, then given up as unreachable. One instance (or agent) holds a visit at a time, until
-- claimed_until. A re-resolved case (after a reopening) is scheduled again on the same row.
CREATE TABLE hotline.return_visit (
  case_id         text PRIMARY KEY,
  case_created_at timestamptz NOT NULL,
  caller          text,                     -- normalised; null when withheld
  resolved_at     timestamptz NOT NULL,
  due_at          timestamptz NOT NULL,     -- the next attempt, inside the calling window
  attempts        integer NOT NULL DEFAULT 0,
  state           text NOT NULL CHECK (state IN
                    ('scheduled', 'claimed', 'done', 'unreachable', 'dnc', 'withheld')),
  claimed_by      text,                     -- a gateway instance, or an agent in agent mode
  claimed_until   timestamptz,
  answered_at     timestamptz,              -- the resident picked up on the claimed attempt
  last_outcome    text,                     -- answered, no_answer, busy, failed, incomplete
  updated_at      timestamptz NOT NULL
);
CREATE INDEX return_visit_open_due ON hotline.return_visit (due_at)
  WHERE state IN ('scheduled', 'claimed');

-- Residents who asked not to be called back for surveys (免打扰). Numbers are normalised.
CREATE TABLE hotline.do_not_call (
  number    text PRIMARY KEY,
  reason    text NOT NULL,
  added_by  text NOT NULL,
  added_at  timestamptz NOT NULL
);

-- How often a case was reopened after a return visit.
ALTER TABLE hotline.case_record ADD COLUMN reopen_count integer NOT NULL DEFAULT 0;
