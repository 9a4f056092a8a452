-- ARGV[4] call, [5] the seat expected to answer ('' = whichever it rings at): a late report
-- about an earlier offer of the same call must not be taken for the current one
local c, a, refused = ringing(ARGV[4], ARGV[5], 'ANSWER')
if refused then
  return refused
end
redis.call('ZREM', P .. 'timers:offer', c.id)
redis.call('ZREM', P .. 'qwait:' .. c.q, c.id)
local wait = NOW - tonumber(c.enq)
stat(c.q, 'answered', 1)
stat(c.q, 'waitMs', wait)
if wait <= tonumber(c.slMs) then
  stat(c.q, 'answeredInSl', 1)
end
redis.call('HSET', c.key, 'st', 'connected', 'answeredAt', fmt(NOW))
setAgent(a, 'oncall', '', c.id)
emit('answered', 'call', c.id, 'agent', a.id, 'seat', a.seat, 'queue', c.q, 'waitMs', fmt(wait))
return result('OK')
