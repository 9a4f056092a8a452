-- ARGV[4] call, [5] '1' on hold, '0' off hold; repeated events change nothing
local c = loadCall(ARGV[4])
if c.st == '' then
  return result('CALL_UNKNOWN')
end
if c.st ~= 'connected' then
  return result('CALL_NOT_CONNECTED', c.st)
end
if ARGV[5] == '1' and c.holdAt == '' then
  redis.call('HSET', c.key, 'holdAt', fmt(NOW))
  emit('hold', 'call', c.id, 'agent', c.agent)
elseif ARGV[5] == '0' and c.holdAt ~= '' then
  local held = NOW - tonumber(c.holdAt)
  redis.call('HSET', c.key, 'holdAt', '', 'holdMs', fmt(tonumber(c.holdMs ~= '' and c.holdMs or 0) + held))
  emit('unhold', 'call', c.id, 'agent', c.agent)
end
return result('OK')
