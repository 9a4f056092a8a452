-- A delivery failed: count the attempt, then either schedule a retry or, after the last attempt
-- or for a permanent refusal, move it to the dead-letter list. Later versions of the case wait.
-- ARGV: 3 stream id, 4 idempotency key, 5 case id, 6 error, 7 permanent (1|0), 8 max attempts,
--       9 retry at ms
local sid, idem, id, err, permanent, max, retry_at =
  ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9]
local stream = P .. 'ob:stream'
if redis.call('XACK', stream, GROUP, sid) == 0 then return {'STALE', 0} end
redis.call('XDEL', stream, sid)
if redis.call('LINDEX', P .. 'ob:q:' .. id, 0) ~= idem then return {'STALE', 0} end
local attempts = redis.call('HINCRBY', P .. 'ob:att', idem, 1)
redis.call('HSET', P .. 'ob:err', idem, err)
if permanent == '1' or attempts >= max then
  redis.call('ZADD', P .. 'ob:dead', NOW, idem)
  redis.call('ZREM', P .. 'ob:enq', idem)
  return {'DEAD', attempts}
end
redis.call('ZADD', P .. 'ob:retry', retry_at, idem)
return {'RETRY', attempts}
