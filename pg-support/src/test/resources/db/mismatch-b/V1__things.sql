-- the same version, edited after it ran: Flyway must refuse
CREATE TABLE things (id bigint PRIMARY KEY, name text);
