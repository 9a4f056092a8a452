-- ARGV[4] call, [5] the seat expected to answer ('' = whichever it rings at): a late report
-- about an earlier offer of the same call must not be taken for the current one
local c = loadCall(ARGV[4])
if c.st == '' then
  return result('CALL_UNKNOWN')
end
if c.st ~= 'offered' then
  return result('CALL_NOT_OFFERED', c.st)
end
if ARGV[5] ~= '' and ARGV[5] ~= c.seat then
  return result('OFFER_MISMATCH', c.seat)
end
local a = loadAgent(c.agent)
local err = refusal(a.st, 'ANSWER')
if err then
  return result(err, a.st)
end
if a.call ~= c.id then
  return result('OFFER_MISMATCH', a.call)
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
