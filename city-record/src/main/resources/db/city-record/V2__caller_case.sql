-- The screen pop reads one small, unpartitioned table: what it shows of each case, kept by a
-- trigger in the transaction that changes the case. With the cases partitioned by month, reading
-- case_record by caller planned and probed every month (48 ms of planning at five years, measured
-- in BENCHMARKS.md); here it is one index range whatever the age of the record.
CREATE TABLE hotline.caller_case (
  case_id      text PRIMARY KEY,
  caller       text NOT NULL,
  created_at   timestamptz NOT NULL,
  status       text NOT NULL,
  request_type text,
  category     text,
  deadline     timestamptz,
  agent_id     text,
  entered_at   timestamptz NOT NULL
);
CREATE INDEX caller_case_recent ON hotline.caller_case (caller, created_at DESC);
CREATE INDEX caller_case_open ON hotline.caller_case (caller, created_at DESC)
  WHERE status NOT IN ('resolved', 'visited', 'closed');

CREATE FUNCTION hotline.project_caller_case() RETURNS trigger
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
                                     deadline, agent_id, entered_at)
    VALUES (NEW.case_id, NEW.caller, NEW.created_at, NEW.status, NEW.request_type, NEW.category,
            NEW.deadline, NEW.agent_id, NEW.entered_at)
    ON CONFLICT (case_id) DO UPDATE
      SET caller = EXCLUDED.caller, created_at = EXCLUDED.created_at, status = EXCLUDED.status,
          request_type = EXCLUDED.request_type, category = EXCLUDED.category,
          deadline = EXCLUDED.deadline, agent_id = EXCLUDED.agent_id,
          entered_at = EXCLUDED.entered_at;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER caller_case_insert AFTER INSERT ON hotline.case_record
  FOR EACH ROW EXECUTE FUNCTION hotline.project_caller_case();
CREATE TRIGGER caller_case_update
  AFTER UPDATE OF caller, status, request_type, category, deadline, agent_id, entered_at
  ON hotline.case_record
  FOR EACH ROW EXECUTE FUNCTION hotline.project_caller_case();
CREATE TRIGGER caller_case_delete AFTER DELETE ON hotline.case_record
  FOR EACH ROW EXECUTE FUNCTION hotline.project_caller_case();

INSERT INTO hotline.caller_case (case_id, caller, created_at, status, request_type, category,
                                 deadline, agent_id, entered_at)
SELECT case_id, caller, created_at, status, request_type, category, deadline, agent_id, entered_at
  FROM hotline.case_record
 WHERE caller IS NOT NULL;

-- case_record is no longer read by caller
DROP INDEX hotline.case_record_caller;
DROP INDEX hotline.case_record_caller_open;
