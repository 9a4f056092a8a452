-- ARGV[4] agent
local a = loadAgent(ARGV[4])
local err = refusal(a.st, 'LOGOUT')
if err then
  return result(err, a.st)
end
local ringing = nil
if a.st == 'avail' then
  leavePools(a)
elseif a.st == 'wrap' then
  finishWrap(a)
elseif a.st == 'offered' then
  ringing = loadCall(a.call)
  redis.call('ZREM', P .. 'timers:offer', ringing.id)
end
redis.call('DEL', P .. 'seat:' .. a.seat)
redis.call('SREM', P .. 'loggedin', a.id)
setAgent(a, 'out')
redis.call('HSET', a.key, 'seat', '', 'pools', '', 'queues', '')
if ringing and ringing.st == 'offered' then
  -- leaving is not the caller's fault: back to the head of the line, no ring-no-answer counted
  emit('withdrawn', 'call', ringing.id, 'agent', a.id, 'queue', ringing.q)
  WITHDRAWN[#WITHDRAWN + 1] = ringing.id
  requeueAtHead(ringing)
end
return result('OK')
