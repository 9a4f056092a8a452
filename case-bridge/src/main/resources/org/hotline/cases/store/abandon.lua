-- A caller hung up while waiting: a callback candidate (not a case), and a call in their history.
-- ARGV: 3 callId, 4 caller ('' if withheld), 5 entered ms, 6 window start ms, 7 queue
local call_id, caller, entered, window_start, queue = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local first = redis.call('ZADD', P .. 'callbacks', 'NX', NOW, call_id)
if first == 1 then
  redis.call('HSET', P .. 'cb:' .. call_id, 'caller', caller, 'queue', queue,
    'enteredAt', entered, 'abandonedAt', NOW)
  if caller ~= '' then
    local c = P .. 'caller:' .. caller
    redis.call('ZADD', c .. ':calls', entered, call_id)
    redis.call('ZREMRANGEBYSCORE', c .. ':calls', '-inf', '(' .. window_start)
  end
end
return first
