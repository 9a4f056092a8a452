ALTER TABLE calls ADD COLUMN note varchar(64);

CREATE TABLE counters (
  name  text PRIMARY KEY,
  value bigint NOT NULL
);
