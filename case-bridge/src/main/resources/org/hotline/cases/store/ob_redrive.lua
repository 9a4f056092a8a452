-- A dead letter goes back into the stream with a fresh count of attempts.
-- ARGV: 3 idempotency key
local idem = ARGV[3]
if not redis.call('ZSCORE', P .. 'ob:dead', idem) then return 0 end
redis.call('ZREM', P .. 'ob:dead', idem)
redis.call('HDEL', P .. 'ob:att', idem)
redis.call('ZADD', P .. 'ob:enq', NOW, idem)
outbox_publish(idem, case_of(idem))
return 1
