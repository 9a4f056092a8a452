-- ARGV[4] call, [5] agent: a supervisor hands a waiting call to a chosen available agent
local c = loadCall(ARGV[4])
if c.st == '' then
  return result('CALL_UNKNOWN')
end
if c.st ~= 'waiting' then
  return result('CALL_NOT_WAITING', c.st)
end
local a = loadAgent(ARGV[5])
local err = refusal(a.st, 'OFFER')
if err then
  return result(err, a.st)
end
offer(c, a, true, true)
return result('OK')
