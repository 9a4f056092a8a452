-- Who may do what: the staff directory (people, not seats) and the audit trail of what they did.

-- A person who signs in. roles: agent, official, supervisor, manager, admin. skills: skill id to
-- level (1..15), the seat manager's routing profile. password_hash is an Argon2id string
-- ($argon2id$v=19$m=..,t=..,p=..$salt$hash), never the password; null means the person cannot sign
-- in until an admin sets one. must_change_password: set when an admin chose the password, cleared
-- when its owner changes it. version counts changes (an admin's edit must name the version it saw).
CREATE TABLE hotline.staff (
  staff_id             text PRIMARY KEY CHECK (staff_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  roles                text[] NOT NULL CHECK (cardinality(roles) > 0
                         AND roles <@ ARRAY['agent','official','supervisor','manager','admin']),
  skills               jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(skills) = 'object'),
  languages            text[] NOT NULL DEFAULT '{}',
  districts            text[] NOT NULL DEFAULT '{}',
  team                 text NOT NULL DEFAULT '',
  active               boolean NOT NULL DEFAULT true,
  password_hash        text,
  must_change_password boolean NOT NULL DEFAULT true,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_team ON hotline.staff (team);

-- One row per thing someone did that the city must be able to account for: sign-ins and their
-- failures, a status change made for someone else, a read of a citizen's history or case, a
-- directory change, a re-drive. actor is a staff id (or the name tried, for a failed sign-in);
-- address is where the request came from; target names what was acted on (an agent, a case, a
-- masked phone number); detail holds the rest as JSON.
CREATE TABLE hotline.audit_event (
  audit_id  bigint GENERATED ALWAYS AS IDENTITY,
  at        timestamptz NOT NULL,
  actor     text NOT NULL,
  address   text NOT NULL DEFAULT '',
  action    text NOT NULL,
  target    text NOT NULL DEFAULT '',
  outcome   text NOT NULL,
  detail    jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (at, audit_id)
) PARTITION BY RANGE (at);
CREATE TABLE hotline.audit_event_default PARTITION OF hotline.audit_event DEFAULT;
CREATE INDEX audit_event_actor ON hotline.audit_event (actor, at);
CREATE INDEX audit_event_target ON hotline.audit_event (target, at);
CREATE INDEX audit_event_action ON hotline.audit_event (action, at);
