-- Retries whose time has come go back into the stream.
-- ARGV: 3 limit
local n = 0
for _, idem in ipairs(redis.call('ZRANGEBYSCORE', P .. 'ob:retry', '-inf', NOW, 'LIMIT', 0, ARGV[3])) do
  redis.call('ZREM', P .. 'ob:retry', idem)
  outbox_publish(idem, case_of(idem))
  n = n + 1
end
return n
