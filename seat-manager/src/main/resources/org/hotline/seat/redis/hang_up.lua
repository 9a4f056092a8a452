-- ARGV[4] call: its caller's channel is gone (hung up while waiting, ringing or talking)
local c = loadCall(ARGV[4])
if c.st == '' then
  return result('CALL_UNKNOWN')
end
if c.st == 'finished' or c.st == 'abandoned' then
  return result('OK', 'already-ended')
end
if c.st == 'connected' then
  local talk, hold = endTalk(c)
  redis.call('HSET', c.key, 'st', 'finished', 'endedAt', fmt(NOW), 'talkMs', fmt(talk),
    'holdMs', fmt(hold), 'holdAt', '')
  redis.call('EXPIRE', c.key, KEEP_ENDED_CALL)
  local a = loadAgent(c.agent)
  if a.st == 'oncall' and a.call == c.id then
    startWrap(a, c)
  end
  emit('finished', 'call', c.id, 'agent', c.agent, 'queue', c.q, 'talkMs', fmt(talk))
  return result('OK', 'finished')
end
-- waiting or ringing: an abandon
local wasOffered = c.st == 'offered'
if wasOffered then
  redis.call('ZREM', P .. 'timers:offer', c.id)
else
  unpark(c)
end
redis.call('ZREM', P .. 'qwait:' .. c.q, c.id)
local wait = NOW - tonumber(c.enq)
local outcome = 'abandoned'
if wait < tonumber(c.shortMs) then
  outcome = 'short-abandon'
  stat(c.q, 'shortAbandoned', 1)
else
  stat(c.q, 'abandoned', 1)
  stat(c.q, 'abandonWaitMs', wait)
end
redis.call('HSET', c.key, 'st', 'abandoned', 'endedAt', fmt(NOW))
redis.call('EXPIRE', c.key, KEEP_ENDED_CALL)
emit('abandoned', 'call', c.id, 'queue', c.q, 'waitMs', fmt(wait), 'short',
  outcome == 'short-abandon' and '1' or '0')
if wasOffered then
  local a = loadAgent(c.agent)
  if a.st == 'offered' and a.call == c.id then
    setAgent(a, 'avail')
    assignAgent(a)
  end
end
return result('OK', outcome)
