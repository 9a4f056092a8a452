CREATE TABLE cases (
  id      bigint PRIMARY KEY,
  summary text
);
