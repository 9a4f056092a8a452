-- Callbacks become work an agent claims and dials (issue 10). A candidate is a caller who hung up
-- waiting ('abandoned') or who asked to be called back at the queue's maximum wait ('requested').
-- One agent holds a claim at a time, until claimed_until; every attempt is kept.
ALTER TABLE hotline.callback
  ADD COLUMN reason        text NOT NULL DEFAULT 'abandoned',   -- abandoned, requested
  ADD COLUMN claimed_by    text,
  ADD COLUMN claimed_until timestamptz,
  ADD COLUMN attempts      integer NOT NULL DEFAULT 0,
  ADD COLUMN outcome       text,                                -- the last attempt's, or unreachable
  ADD COLUMN done_by       text;

CREATE TABLE hotline.callback_attempt (
  call_id          text NOT NULL REFERENCES hotline.callback (call_id),
  attempt          integer NOT NULL,
  agent_id         text NOT NULL,
  at               timestamptz NOT NULL,
  outcome          text NOT NULL,          -- reached, no_answer, busy, wrong_number, declined
  callback_call_id text,                   -- the outbound call's id when one was placed
  PRIMARY KEY (call_id, attempt)
);
