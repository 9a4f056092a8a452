-- unqualified names land in the module's schema: Flyway sets it as the search path
CREATE TABLE calls (
  id         bigint PRIMARY KEY,
  caller     text NOT NULL,
  started_at timestamp with time zone NOT NULL DEFAULT now()
);
